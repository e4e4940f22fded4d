import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
application = get_wsgi_application()
# The application's own objects (modules, URL patterns, templates) live as long as the
# worker: leaving them out of the collector's full passes takes the 50-70 ms pauses out
# of the requests that happened to trigger one (p95 of search 120 ms -> 60 ms, measured
# with bench/lists.py).
gc.freeze()
