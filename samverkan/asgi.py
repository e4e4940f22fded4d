"""The ASGI application: every page, and the live meeting's event streams (server-sent
events), which wait on the channel layer without holding a thread. Each request's sync
code runs once in one thread (samverkan.handler)."""

import gc
import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
django.setup(set_prefix=False)

from samverkan.documents import pdf  # noqa: E402
from samverkan.handler import OneThreadASGIHandler  # noqa: E402

application = OneThreadASGIHandler()
# Each worker loads the PDF renderer as it starts, not on its first PDF.
pdf.warm()
# As in wsgi.py: the application's long-lived objects stay out of the collector's passes.
gc.freeze()
