"""The ASGI application: every page, and the live meeting's event streams (server-sent
events), which wait on the channel layer without holding a thread."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
application = get_asgi_application()
# As in wsgi.py: the application's long-lived objects stay out of the collector's passes.
gc.freeze()
