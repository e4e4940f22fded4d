"""The project's settings with one more URL: a bare endpoint, through the same middleware,
that the benchmark measures beside every page (the floor a page's time is compared to)."""

from samverkan.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
