"""Benchmark of the structure pages: median response time and query count as the data
grows. Runs against a throw-away SQLite database (or DATABASE_URL if set to another
server's scratch database). Usage: `make bench` or `python -m bench --sizes 0 50 200`."""

import argparse
import datetime
import os
import statistics
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 50, 200])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="samverkan-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
    os.environ["SAMVERKAN_VAR_DIR"] = scratch
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from rich.console import Console
    from rich.progress import track
    from rich.table import Table

    from samverkan.structure import services
    from samverkan.structure.demo import demo_structure_load
    from samverkan.structure.models import Body, Membership, Person, ReportingLine

    call_command("migrate", verbosity=0)
    demo_structure_load(settings.SAMVERKAN_DEMO_DATA)
    rsr = Body.objects.get(slug="rsr")
    urls = [
        "/?datum=2025-05-05",
        "/organ/rsr/?datum=2025-05-05",
        "/parter/region-jamtland-harjedalen/",
    ]
    table = Table(title=f"Strukturens sidor: median av {args.repeat} anrop")
    table.add_column("extra organ")
    for url in urls:
        table.add_column(url, justify="right")
    made = 0
    client = Client(HTTP_HOST="127.0.0.1")
    storage = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": storage}):
        for size in args.sizes:
            for i in track(range(made, size), description=f"bygger {size} organ"):
                body = services.body_save(
                    Body(
                        name=f"Benchmark-organ {i}",
                        short_name=f"B{i}",
                        slug=f"bench-{i}",
                        kind=Body.Kind.WORKING_GROUP,
                        decision_power=Body.DecisionPower.UNKNOWN,
                        founded_on=datetime.date(2020, 1, 1),
                        is_demo=True,
                        demo_note="Genererad av benchmarken",
                    )
                )
                services.reporting_line_save(
                    ReportingLine(from_body=body, to_body=rsr, subject="Bench")
                )
                person = services.person_save(
                    Person(name=f"Bench Person {i}", slug=f"bench-person-{i}", is_demo=True)
                )
                services.membership_save(
                    Membership(
                        person=person,
                        body=body,
                        role=Membership.Role.MEMBER,
                        start=datetime.date(2021, 1, 1),
                    )
                )
            made = max(made, size)
            row = [str(size)]
            for url in urls:
                client.get(url)  # warm caches
                times = []
                for _ in range(args.repeat):
                    with CaptureQueriesContext(connection) as ctx:
                        start = time.perf_counter()
                        assert client.get(url).status_code == 200
                        times.append((time.perf_counter() - start) * 1000)
                row.append(f"{statistics.median(times):.1f} ms / {len(ctx.captured_queries)} q")
            table.add_row(*row)
    Console().print(table)


if __name__ == "__main__":
    main()
