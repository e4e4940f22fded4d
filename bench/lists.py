"""Benchmark of the list pages and search at scale: p50/p95 response time, query count and
size of every list page, for the public and for a logged-in secretary (registrar of every
series), over a scratch database filled directly with bulk inserts (no services, no
signals): `--cases` cases, one handling and one registry entry each, a recommendation per
100 cases answered by every party, and two search entries per case (the case and its
registry entry, so 400 000 documents at 200 000 cases).

    python -m bench.lists                       # SQLite under /tmp/samverkan-bench-lists
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_lists python -m bench.lists

The database is kept and reused when it already holds the cases (`--refill` to start
over). The figures are printed as a table and written as JSON to bench/results/."""

import argparse
import datetime
import gc
import json
import os
import platform
import random
import statistics
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
SCRATCH = Path("/tmp/samverkan-bench-lists")  # noqa: S108 (a scratch database, on purpose)

# Words of the generated texts: inflected Swedish forms, so that search's stemming is
# exercised; "samverkan" is in about every other text (the common word).
NOUNS = [
    "skola",
    "skolan",
    "skolor",
    "skolornas",
    "hälsa",
    "hälsan",
    "ohälsa",
    "ohälsan",
    "vård",
    "vården",
    "omsorg",
    "omsorgen",
    "kommun",
    "kommunen",
    "kommunerna",
    "region",
    "regionen",
    "barn",
    "barnen",
    "barnens",
    "utredning",
    "utredningen",
    "rapport",
    "rapporten",
    "avtal",
    "avtalet",
    "överenskommelse",
    "överenskommelsen",
    "plan",
    "planen",
    "uppdrag",
    "uppdraget",
    "budget",
    "budgeten",
    "ekonomi",
    "ansökan",
    "yttrande",
    "remiss",
    "remissen",
    "riktlinje",
    "riktlinjer",
    "socialtjänst",
    "socialtjänsten",
    "psykiatri",
    "psykiatrin",
    "äldreomsorg",
    "äldreomsorgen",
    "tandvård",
    "ambulans",
    "digitalisering",
    "uppföljning",
    "uppföljningen",
    "folkhälsa",
    "folkhälsan",
]
OTHER = [
    "om",
    "för",
    "av",
    "till",
    "med",
    "och",
    "inom",
    "gemensam",
    "ny",
    "nya",
    "förslag",
    "beslut",
    "gäller",
    "länets",
    "kommunernas",
    "angående",
    "revidering",
    "årlig",
]
COMMON = "samverkan"


def _text(rng: random.Random, words: int) -> str:
    out = [rng.choice(NOUNS if rng.random() < 0.6 else OTHER) for _ in range(words)]
    if rng.random() < 0.5:
        out.insert(rng.randrange(len(out) + 1), COMMON)
    return " ".join(out)


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SAMVERKAN_VAR_DIR", str(SCRATCH))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    import django

    django.setup()


def fill(n_cases: int, seed: int, say: Any) -> dict[str, float]:
    """Demo data through the loaders, then the bulk: returns seconds per stage."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    from samverkan.cases.models import (
        Case,
        CaseSeries,
        Handling,
        PartyResponse,
        Recommendation,
        RegistryEntry,
    )
    from samverkan.search import backends
    from samverkan.search.models import SearchEntry
    from samverkan.structure.models import Body, Party

    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    times: dict[str, float] = {}

    def stage(name: str, start: float) -> None:
        times[name] = round(time.perf_counter() - start, 1)
        say(f"  {name}: {times[name]} s")

    t = time.perf_counter()
    call_command("load_demo", verbosity=0)
    call_command("demo_accounts", stdout=open(os.devnull, "w"))  # noqa: SIM115
    stage("demo", t)

    parties = list(Party.objects.order_by("pk"))
    bodies = list(Body.objects.order_by("pk"))
    series = list(CaseSeries.objects.order_by("pk"))
    for i in range(len(series), 6):
        series.append(
            CaseSeries.objects.create(
                code=f"B{i}",
                name=f"Benchmark {i}",
                organisation=parties[0],
                **(
                    {"collaboration_id": series[0].collaboration_id}  # type: ignore[attr-defined]
                    if hasattr(series[0], "collaboration_id")
                    else {}
                ),
            )
        )
    years = list(range(2006, 2027))
    batch = 5000

    t = time.perf_counter()
    numbers: dict[tuple[int, int], int] = {}
    with transaction.atomic():
        cases = []
        for _ in range(n_cases):
            s, year = rng.choice(series), rng.choice(years)
            numbers[s.pk, year] = numbers.get((s.pk, year), 10000) + 1
            cases.append(
                Case(
                    series=s,
                    number=numbers[s.pk, year],
                    year=year,
                    title=_text(rng, 6).capitalize(),
                    description=_text(rng, 30),
                    registered_on=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    closed_on=None if rng.random() < 0.7 else datetime.date(year, 12, 31),
                    is_demo=True,
                )
            )
        Case.objects.bulk_create(cases, batch_size=batch)
    cases = list(Case.objects.filter(number__gt=10000).select_related("series").order_by("pk"))
    stage("cases", t)

    t = time.perf_counter()
    with transaction.atomic():
        Handling.objects.bulk_create(
            [
                Handling(
                    case=c,
                    body=rng.choice(bodies),
                    kind=rng.choice(Handling.Kind.values),
                    date=c.registered_on,
                    summary=_text(rng, 8),
                    is_demo=True,
                )
                for c in cases
            ],
            batch_size=batch,
        )
        RegistryEntry.objects.bulk_create(
            [
                RegistryEntry(
                    case=c,
                    date=c.registered_on,
                    direction=rng.choice(RegistryEntry.Direction.values),
                    counterpart=rng.choice(parties).name,
                    description=_text(rng, 7).capitalize(),
                    counterpart_protected=(protected := rng.random() < 0.03),
                    description_protected=protected,
                    confidentiality_ground="OSL 26 kap. 1 §" if protected else "",
                    is_demo=True,
                )
                for c in cases
            ],
            batch_size=batch,
        )
        recs = Recommendation.objects.bulk_create(
            [
                Recommendation(
                    case=c,
                    title=_text(rng, 5).capitalize(),
                    text=_text(rng, 20),
                    issued_on=c.registered_on,
                    is_demo=True,
                )
                for c in cases[::100]
            ],
            batch_size=batch,
        )
        PartyResponse.objects.bulk_create(
            [
                PartyResponse(
                    recommendation=r,
                    party=p,
                    status=rng.choice(PartyResponse.Status.values),
                )
                for r in recs
                for p in parties
            ],
            batch_size=batch,
        )
    stage("handlings, entries, recommendations", t)

    t = time.perf_counter()
    with transaction.atomic():
        entries = list(
            RegistryEntry.objects.filter(case__number__gt=10000).select_related("case__series")
        )
        found = [
            SearchEntry(
                kind=SearchEntry.Kind.CASE,
                object_id=c.pk,
                title=f"{c.series.code}/{c.number}/{c.year} {c.title}",
                text=c.description,
                url=f"/arenden/{c.series.code}/{c.number}/{c.year}/",
                year=c.year,
                is_public=True,
            )
            for c in cases
        ] + [
            SearchEntry(
                kind=SearchEntry.Kind.ENTRY,
                object_id=e.pk,
                title=f"{e.case.series.code}/{e.case.number}/{e.case.year}: {e.description}",
                text=e.counterpart,
                url=f"/arenden/{e.case.series.code}/{e.case.number}/{e.case.year}/",
                year=e.date.year,
                is_public=not e.description_protected,
            )
            for e in entries
        ]
        SearchEntry.objects.bulk_create(found, batch_size=batch)
    stage("search entries", t)

    t = time.perf_counter()
    backends.index_rebuild()
    stage("search index", t)
    t = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    stage("analyze", t)
    del settings
    return times


def pages() -> list[tuple[str, str]]:
    """(role, url) of every list page, search and feed."""
    from samverkan.documents.models import Document
    from samverkan.structure.models import Person

    person = Person.objects.filter(memberships__isnull=False).order_by("pk").first()
    document = Document.objects.order_by("pk").first()
    urls = [
        "/arenden/",
        "/arenden/?sida=10",
        "/arenden/?ar=2015",
        "/diarium/",
        "/diarium/?sida=10",
        "/diarium/?ar=2015",
        "/diarium/?q=skolan",
        "/rekommendationer/",
        "/anslagstavla/",
        "/organ/rsr/sammantraden/",
        "/parter/",
        f"/personer/{person.slug}/" if person else "",
        f"/dokument/{document.pk}/versioner/" if document else "",
        f"/sok/?q={COMMON}",
        f"/sok/?q={COMMON}&sida=5",
        "/sok/?q=skolan+hälsan",
        "/sok/?q=ohälsan",
        # The feeds: calendars (a window of months) and the notice board (latest N).
        "/organ/rsr/kalender.ics",
        f"/personer/{person.slug}/kalender.ics" if person else "",
        "/anslagstavla/rss/",
        "/anslagstavla/atom/",
    ]
    out = [("anonym", u) for u in urls if u]
    out += [("sekreterare", u) for u in urls if u]
    out.append(("sekreterare", "/mina-sammantraden/"))
    return out


def measure(repeat: int, say: Any, only: list[str]) -> list[dict[str, Any]]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from samverkan.accounts.models import User

    storage = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    clients = {
        "anonym": Client(HTTP_HOST="127.0.0.1"),
        "sekreterare": Client(HTTP_HOST="127.0.0.1"),
    }
    clients["sekreterare"].force_login(User.objects.get(username="sekreterare"))
    rows = []
    with override_settings(STORAGES={**settings.STORAGES, "staticfiles": storage}):
        for role, url in pages():
            if only and not any(o in url for o in only):
                continue
            client = clients[role]
            response = client.get(url)  # warm caches
            # As the server does after loading the application (samverkan/wsgi.py): the
            # objects made so far are left out of the garbage collector's full passes.
            gc.freeze()
            times, db, cpu = [], [], []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as ctx:
                    start, start_cpu = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    times.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - start_cpu) * 1000)
                db.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
            times.sort()
            db.sort()
            cpu.sort()
            row = {
                "role": role,
                "url": url,
                "status": response.status_code,
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(times[max(0, int(len(times) * 0.95 + 0.5) - 1)], 1),
                # This process's CPU time: on a machine shared with other work it is
                # what the request costs (with SQLite the database's work is in it too).
                "cpu_p50_ms": round(statistics.median(cpu), 1),
                "cpu_p95_ms": round(cpu[max(0, int(len(cpu) * 0.95 + 0.5) - 1)], 1),
                "db_p50_ms": round(statistics.median(db), 1),
                "db_p95_ms": round(db[max(0, int(len(db) * 0.95 + 0.5) - 1)], 1),
                "queries": len(ctx.captured_queries),
                "kb": round(len(response.content) / 1024, 1),
            }
            say(
                f"  {role:12} {url:40} {row['status']} p50 {row['p50_ms']:7.1f} ms "
                f"p95 {row['p95_ms']:7.1f} ms (cpu p95 {row['cpu_p95_ms']:6.1f}, "
                f"sql p95 {row['db_p95_ms']:6.1f}) "
                f"{row['queries']:3} q {row['kb']:7.1f} kB"
            )
            rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--refill", action="store_true")
    parser.add_argument("--label", default="", help="a word for the result file's name")
    parser.add_argument("--only", nargs="*", default=[], help="measure only URLs holding one")
    args = parser.parse_args()

    SCRATCH.mkdir(exist_ok=True)
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{SCRATCH}/bench.sqlite3"
    if args.refill and database_url.startswith("sqlite:///"):
        Path(database_url.removeprefix("sqlite://")).unlink(missing_ok=True)
    if database_url.startswith("postgres"):
        _pg_create(database_url, drop=args.refill)
    _setup(database_url)
    from django.core.management import call_command
    from django.db import connection

    from samverkan.cases.models import Case

    def say(text: str) -> None:
        print(text, flush=True)

    call_command("migrate", verbosity=0)
    fill_times: dict[str, float] = {}
    existing = Case.objects.count()
    if existing < args.cases:
        if existing:
            raise SystemExit(f"{existing} ärenden finns redan: kör med --refill.")
        say(f"Fyller {connection.vendor} med {args.cases} ärenden …")
        fill_times = fill(args.cases, args.seed, say)
    load = os.getloadavg()
    say(f"Mäter {args.repeat} anrop per sida (load {load[0]:.2f}) …")
    rows = measure(args.repeat, say, args.only)
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Listor och sök, {connection.vendor}, {Case.objects.count()} ärenden")
    for column in (
        "roll",
        "sida",
        "status",
        "p50 ms",
        "p95 ms",
        "cpu p95",
        "sql p95",
        "frågor",
        "kB",
    ):
        table.add_column(column, justify="left" if column in ("roll", "sida") else "right")
    for r in rows:
        flag = "" if r["p95_ms"] < 100 and r["status"] == 200 else " !"
        table.add_row(
            r["role"],
            r["url"],
            str(r["status"]),
            f"{r['p50_ms']:.1f}",
            f"{r['p95_ms']:.1f}{flag}",
            f"{r['cpu_p95_ms']:.1f}",
            f"{r['db_p95_ms']:.1f}",
            str(r["queries"]),
            f"{r['kb']:.1f}",
        )
    Console(width=140).print(table)
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"lists-{connection.vendor}-{stamp}{'-' + args.label if args.label else ''}.json"
    (RESULTS / name).write_text(
        json.dumps(
            {
                "vendor": connection.vendor,
                "cases": Case.objects.count(),
                "repeat": args.repeat,
                "loadavg_before": load,
                "loadavg_after": os.getloadavg(),
                "machine": platform.platform(),
                "cpus": os.cpu_count(),
                "fill_seconds": fill_times,
                "pages": rows,
            },
            indent=2,
            ensure_ascii=False,
        )
    )
    say(f"Skrivet: bench/results/{name}")


def _pg_create(database_url: str, *, drop: bool) -> None:
    import psycopg

    base, _, name = database_url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and drop:
            conn.execute(f'DROP DATABASE "{name}"')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
