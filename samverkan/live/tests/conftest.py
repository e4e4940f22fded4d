from collections.abc import Iterator
from typing import Any

import pytest

from .asgi_server import AsgiLiveServer


@pytest.fixture
def asgi_live_server(transactional_db: None, settings: Any) -> Iterator[AsgiLiveServer]:
    """The whole site through ASGI (uvicorn in a thread of the test process) on a free
    loopback port, against the test database; `.url` is its address. Static files are
    served by WhiteNoise from the finders (no collectstatic in tests)."""
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    server = AsgiLiveServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
