"""The first pages of every OParl list of one collaboration, in-process: each page's CPU
time (process time, which the machine's other load disturbs less than the clock), its
queries, and the objects it holds with those it embeds. For profiling what the full
walk of `bench.scale` finds slow:

    DATABASE_URL=sqlite:////tmp/samverkan-bench/sverige.sqlite3 \\
    SAMVERKAN_VAR_DIR=/tmp/samverkan-bench/var-sverige \\
    python -m bench.oparl_pages skala-07 5 [file,meeting]"""

import json
import os
import sys
import time


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    os.environ.setdefault("SAMVERKAN_PAGE_CACHE_SECONDS", "0")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from samverkan.oparl.views import LIST_SOURCES
    from samverkan.structure.models import Collaboration

    slug = sys.argv[1]
    pages = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    only = sys.argv[3].split(",") if len(sys.argv) > 3 else list(LIST_SOURCES)
    body = Collaboration.objects.get(slug=slug).pk
    client = Client(HTTP_HOST="127.0.0.1")
    for kind in only:
        url: str | None = f"/{slug}/oparl/v1.1/body/{body}/{kind}/"
        times: list[float] = []
        queries: list[int] = []
        objects = ids = total = 0
        while url and len(times) < pages:
            started = time.process_time()
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            times.append((time.process_time() - started) * 1000)
            queries.append(len(captured.captured_queries))
            page = json.loads(response.content)
            objects += len(page["data"])
            ids += response.content.count(b'"id":')
            total = page["pagination"]["totalElements"]
            nxt = page["links"].get("next")
            url = nxt.split("127.0.0.1", 1)[1] if nxt else None
        print(
            f"{kind:16} {total:8} rows  ms {[round(t) for t in times]}  queries {queries}  "
            f"{objects} objects, {ids} with the embedded"
        )


if __name__ == "__main__":
    main()
