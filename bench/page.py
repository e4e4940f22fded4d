"""One page, in-process: its time, status and query count, and its slowest queries, as
the public (or, with a username, as that account) sees it. For profiling a page the
benchmark finds slow:

    DATABASE_URL=sqlite:////tmp/samverkan-bench/tiondel.sqlite3 \\
    SAMVERKAN_VAR_DIR=/tmp/samverkan-bench/var-tiondel python -m bench.page /skala-07/arenden/"""

import os
import sys
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    path = sys.argv[1]
    client = Client(HTTP_HOST="127.0.0.1")
    if len(sys.argv) > 2:
        from samverkan.accounts.models import User

        client.force_login(User.objects.get(username=sys.argv[2]))
    storage = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": storage}):
        client.get(path)  # warm
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(path)
            ms = (time.perf_counter() - started) * 1000
    print(f"{ms:.0f} ms  {response.status_code}  {len(ctx.captured_queries)} frågor")
    slowest = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:3]
    for q in slowest:
        print(f"{float(q['time']) * 1000:8.1f} ms  {q['sql'][:400]}")


if __name__ == "__main__":
    main()
