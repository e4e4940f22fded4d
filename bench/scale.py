"""`make bench`: Samverkan at demo, tenth and national scale, on SQLite and PostgreSQL.

For each scale and database it builds (once; kept and reused) a database, serves it as
`make run` does (gunicorn, two uvicorn workers) and measures over loopback:

- each page, feed, OParl list and REST call: p50/p95/p99 latency and throughput with
  concurrent clients; beside it, in the same run, a bare Django endpoint through the same
  middleware (bench/urls.py) and the raw SQL behind the page (its queries, captured and
  run again on a plain cursor), so every figure is also a ratio;
- mixed reads over all pages with more clients (requests/s), and each worker's RSS;
- an OParl walk (objects/s) and an incremental `modified_since` walk with no changes;
- the bundle of a meeting's documents (~200 pages, PDF);
- a search reindex (seconds for the texts of the scale).

Pages, feeds and OParl are fetched as the public fetches them, with no credentials: with
the public's page cache on (SAMVERKAN_PAGE_CACHE_SECONDS, 10 s as `make run` serves) a
repeated page comes from memory until anything changes. `SAMVERKAN_PAGE_CACHE_SECONDS=0
python -m bench.scale` measures every page computed afresh (its files are named
…-utan-sidcache-…). The REST API is called with a party system's token, never cached.

Every figure is written to bench/results/<scale>-<database>-<stamp>.json as
{"name", "scale", "database", "value", "unit", "target", "met"} with the machine, and a
table of all of them is printed at the end.

    python -m bench.scale                                  # every scale on both databases
    python -m bench.scale --scales demo tiondel --databases sqlite
    BENCH_SECONDS=5 python -m bench.scale --scales demo    # shorter runs
    BENCH_REINDEX=0 python -m bench.scale                  # without the reindex

Building the national database the first time takes a while (`generate --scale
sverige`: about 7 minutes per database on 2 idle cores); later runs reuse it."""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
SCRATCH = Path(os.environ.get("BENCH_DIR", "/tmp/samverkan-bench"))  # noqa: S108
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
BIN = Path(sys.executable).parent
SCALES = ("demo", "tiondel", "sverige")
DATABASES = ("sqlite", "postgresql")
SECONDS = float(os.environ.get("BENCH_SECONDS", "8"))  # per page
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "4"))  # per page
MIXED_CLIENTS = int(os.environ.get("BENCH_MIXED_CLIENTS", "16"))
# The OParl walk goes through every list of the body to its end (a full walk), unless it
# takes longer than this.
WALK_SECONDS = float(os.environ.get("BENCH_WALK_SECONDS", "900"))
# The public's page cache as the server is run with (SAMVERKAN_PAGE_CACHE_SECONDS=0 to
# measure every page computed afresh).
PAGE_CACHE_SECONDS = int(os.environ.get("SAMVERKAN_PAGE_CACHE_SECONDS", "10"))
WORKERS = 2

# Targets on 2 cores (issue 14).
PAGE_P95_MS = 50.0
SEARCH_P95_MS = 100.0
MIXED_RPS = 300.0
RSS_MB = 300.0
OPARL_OBJECTS_PER_S = 5000.0
INCREMENTAL_S = 1.0
BUNDLE_S = 3.0
REINDEX_S = 300.0  # for 200 000 texts
RATIO_BARE = 3.0
BUNDLE_TITLE = "Bilaga för prestandamätning"


def database_url(scale: str, database: str) -> str:
    if database == "sqlite":
        return f"sqlite:///{SCRATCH}/{scale}.sqlite3"
    return f"{POSTGRES}/bench_{scale}"


def _env(scale: str, database: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url(scale, database),
        "SAMVERKAN_VAR_DIR": str(SCRATCH / f"var-{scale}"),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(ROOT),
        "SAMVERKAN_DEBUG": "0",
        # The benchmark's one token calls far more than a party system may (600 a
        # minute): the limit would answer 429 instead of measuring.
        "SAMVERKAN_API_RATE": "100000000",
    }


def prepare(scale: str, database: str, say: Any) -> dict[str, float]:
    """The scale's database, built once: returns the seconds each build step took (the
    build's own record when the database was built before)."""
    SCRATCH.mkdir(parents=True, exist_ok=True)
    marker = SCRATCH / f"{scale}-{database}.built.json"
    env = _env(scale, database)
    if not (SCRATCH / f"var-{scale}" / "static").exists():
        subprocess.run(  # noqa: S603
            [str(BIN / "samverkan"), "collectstatic", "--noinput", "-v0"],
            env=env,
            cwd=ROOT,
            check=True,
        )
    if marker.exists():
        # Built before: brought up to the code's migrations (quick when it is).
        subprocess.run(  # noqa: S603
            [str(BIN / "samverkan"), "migrate", "--noinput", "-v0"],
            env=env,
            cwd=ROOT,
            check=True,
        )
        return dict(json.loads(marker.read_text()))
    if database == "postgresql":
        _pg_recreate(f"bench_{scale}")
    else:
        Path(database_url(scale, database).removeprefix("sqlite://")).unlink(missing_ok=True)
    steps: list[tuple[str, list[str]]] = [
        ("migrate", ["migrate", "--noinput", "-v0"]),
        ("load_demo", ["load_demo"]),
    ]
    if scale == "demo":
        steps.append(
            ("generate", ["generate", "--collaborations", "1", "--years", "2", "--no-progress"])
        )
    else:
        steps.append(("generate", ["generate", "--scale", scale]))
    seconds: dict[str, float] = {}
    for name, argv in steps:
        say(f"  {scale}/{database}: samverkan {' '.join(argv)}")
        started = time.perf_counter()
        subprocess.run(  # noqa: S603
            [str(BIN / "samverkan"), *argv],
            env=env,
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        seconds[name] = round(time.perf_counter() - started, 1)
    marker.write_text(json.dumps(seconds))
    return seconds


def _pg_recreate(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


# --- In the child process: Django set up on the scale's database ---------------------


def plan(scale: str) -> dict[str, Any]:
    """The URLs to measure (one collaboration, a mid-size meeting, a case), the API
    token, and the bundle meeting with its ~200 pages of PDF."""
    from django.contrib.auth import get_user_model

    from samverkan.api.services import token_create
    from samverkan.cases.models import Case
    from samverkan.meetings.models import AgendaItem, Meeting
    from samverkan.search.models import SearchEntry
    from samverkan.structure.models import Body, Collaboration

    slug = "exempellanet" if scale == "demo" else "skala-07"
    collaboration = Collaboration.objects.get(slug=slug)
    body = Body.objects.filter(collaboration=collaboration).order_by("sort_order", "pk").first()
    assert body is not None
    # The latest held meeting with a case on its agenda (the newest may have none).
    meetings = Meeting.objects.filter(
        body=body, date__lt=datetime.date.today(), items__case__isnull=False
    )
    meeting = meetings.order_by("-date", "-pk").first()
    assert meeting is not None
    item = AgendaItem.objects.filter(meeting=meeting, case__isnull=False).order_by("position")
    case = Case.objects.get(pk=item.values_list("case_id", flat=True).first())
    user, _ = get_user_model().objects.get_or_create(username="bench-api")
    _, token = token_create(name=f"bench {time.time()}", user=user, party=None, by=None)
    word = "samverkan"
    n_texts = SearchEntry.objects.filter(kind=SearchEntry.Kind.DOCUMENT).count()
    prefix = f"/{slug}"
    pages = {
        "startsida": f"{prefix}/",
        "organ": f"{prefix}/organ/{body.slug}/",
        "sammanträde": f"{prefix}/sammantraden/{meeting.pk}/",
        "ärende": f"{prefix}{case.get_absolute_url()}",
        "ärendelista": f"{prefix}/arenden/",
        "diarium": f"{prefix}/diarium/",
        "sök": f"{prefix}/sok/?q={word}",
        "sök, två ord": f"{prefix}/sok/?q=skolan+h%C3%A4lsan",
        "anslagstavla rss": f"{prefix}/anslagstavla/rss/",
        "kalender ics": f"{prefix}/organ/{body.slug}/kalender.ics",
        "oparl organ": f"{prefix}/oparl/v1.1/body/",
        "oparl sammanträden": f"{prefix}/oparl/v1.1/body/{_oparl_body(prefix)}/meeting/",
        "oparl ärenden": f"{prefix}/oparl/v1.1/body/{_oparl_body(prefix)}/paper/",
        "api sammanträden": f"{prefix}/api/v1/meetings/",
        "api ärende": f"{prefix}/api/v1/cases/{case.pk}/",
        "api ärenden": f"{prefix}/api/v1/cases/",
    }
    return {
        "slug": slug,
        "pages": pages,
        "token": token,
        "bundle": f"{prefix}/sammantraden/{_bundle_meeting(body)}/handlingar.pdf",
        "oparl_body": f"{prefix}/oparl/v1.1/body/{_oparl_body(prefix)}/",
        "texts": n_texts,
    }


def _oparl_body(prefix: str) -> int:
    """The OParl Body of the measured collaboration (the list holds every one)."""
    from django.test import Client

    from samverkan.structure.models import Collaboration

    name = Collaboration.objects.get(slug=prefix.strip("/")).name
    data = Client(HTTP_HOST="127.0.0.1").get(f"{prefix}/oparl/v1.1/body/").json()
    body = next(b for b in data["data"] if b["name"] == name)
    return int(body["id"].rstrip("/").rsplit("/", 1)[1])


def _bundle_meeting(body: Any) -> int:
    """A held meeting of `body` whose open item carries twenty 10-page PDFs (made once
    through the document service)."""
    from weasyprint import HTML

    from samverkan.documents.models import Document
    from samverkan.documents.services import document_create
    from samverkan.meetings.models import AgendaItem, Meeting, SupportingDocument

    # The public gets the bundle of a meeting without closed items only.
    open_meetings = Meeting.objects.filter(body=body, date__lt=datetime.date.today()).exclude(
        items__is_public=False
    )
    linked = SupportingDocument.objects.filter(
        document__title=BUNDLE_TITLE, agenda_item__meeting__in=open_meetings
    ).first()
    if linked is not None:
        return int(linked.agenda_item.meeting_id)
    meeting = open_meetings.order_by("-date").first()
    assert meeting is not None
    item = AgendaItem.objects.filter(meeting=meeting, is_public=True).order_by("position").first()
    assert item is not None
    pages = "".join(
        f"<section style='page-break-after: always'><h1>Sida {n}</h1><p>{'Text. ' * 300}</p>"
        "</section>"
        for n in range(1, 11)
    )
    pdf = HTML(string=f"<html><body>{pages}</body></html>").write_pdf()
    for n in range(20):
        document = document_create(
            title=BUNDLE_TITLE, data=pdf, filename=f"bilaga-{n + 1}.pdf", is_demo=True
        )
        assert isinstance(document, Document)
        SupportingDocument.objects.create(agenda_item=item, document=document, position=100 + n)
    return int(meeting.pk)


def raw_sql_ms(path: str, token: str, repeat: int = 15) -> float:
    """The page's own queries (captured through the test client, anonymous), run again on
    a plain cursor: the median of their summed time, in ms."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        client.get(path)
    statements = [
        q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")
    ]
    times = []
    with connection.cursor() as cursor:
        for _ in range(repeat):
            started = time.perf_counter()
            for sql in statements:
                cursor.execute(sql.replace("%", "%%"))
                cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


# --- Load -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def served(env: dict[str, str]) -> Iterator[tuple[str, int, int]]:
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "samverkan.asgi:application",
            "-k",
            "uvicorn_worker.UvicornWorker",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = get("127.0.0.1", port, "/bench/bar/")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("Servern startade inte.")
            time.sleep(0.2)
        yield "127.0.0.1", port, process.pid
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def get(
    host: str, port: int, path: str, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(host, port, timeout=60)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class KeptConnection:
    """GETs over one keep-alive connection, as a harvester's HTTP session sends them (a
    new connection is opened when the server has closed the last one)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.conn: http.client.HTTPConnection | None = None

    def get(self, path: str) -> tuple[int, bytes]:
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.conn.request("GET", path)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2:
                    raise
            except BaseException:
                # A connection left half-used cannot send the next request.
                self.close()
                raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def as_client(token: str) -> Callable[[str], dict[str, str]]:
    """Each request's headers as its client sends them: the REST API's calls with a
    party system's token, the pages, feeds and OParl as the public (no credentials, so
    served from the public's page cache when it is on, as `make run` serves them)."""
    system = {"Authorization": f"Bearer {token}", "Host": "127.0.0.1"}
    public = {"Host": "127.0.0.1"}
    return lambda path: system if "/api/" in path else public


def hammer(
    host: str,
    port: int,
    paths: list[str],
    *,
    clients: int,
    seconds: float,
    headers: Callable[[str], dict[str, str]],
) -> dict[str, Any]:
    """`clients` threads, each on its own keep-alive connection, GET the paths (in turn,
    from a random start) for `seconds`, each with its headers: latencies, statuses,
    requests/s."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(n: int) -> None:
        rng = random.Random(n)  # noqa: S311
        conn = http.client.HTTPConnection(host, port, timeout=60)
        mine: list[float] = []
        seen: dict[int, int] = {}
        i = rng.randrange(len(paths))
        while time.perf_counter() < stop:
            path = paths[i % len(paths)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers(path))
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection(host, port, timeout=60)
                status = 0
            mine.append((time.perf_counter() - started) * 1000)
            seen[status] = seen.get(status, 0) + 1
        conn.close()
        with lock:
            latencies.extend(mine)
            for k, v in seen.items():
                statuses[k] = statuses.get(k, 0) + v

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "p50": _pct(latencies, 50),
        "p95": _pct(latencies, 95),
        "p99": _pct(latencies, 99),
        "rps": len(latencies) / elapsed,
        "requests": len(latencies),
        "statuses": statuses,
    }


def _pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def rss_mb(master: int) -> list[float]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    out = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out.append(int(line.split()[1]) / 1024)
    return out


def lists_of(body: dict[str, Any]) -> list[str]:
    """The addresses of an OParl Body's lists, in the order the Body names them."""
    return [
        v
        for k, v in body.items()
        if isinstance(v, str) and k not in ("id", "type", "system", "web") and "/oparl/" in v
    ]


def oparl_walk(
    host: str, port: int, start: str, *, budget_s: float, since: str = ""
) -> dict[str, Any]:
    """Every list of the OParl body, page by page (links.next), up to `budget_s`, over
    one keep-alive connection."""
    client = KeptConnection(host, port)
    try:
        return _walk(client, start, budget_s=budget_s, since=since)
    finally:
        client.close()


def _walk(client: KeptConnection, start: str, *, budget_s: float, since: str) -> dict[str, Any]:
    status, body = client.get(start)
    assert status == 200, (status, start)
    lists = lists_of(json.loads(body))
    objects = pages = received = 0
    distinct: set[str] = set()
    counted = 0.0
    started = time.perf_counter()
    complete = True
    for url in lists:
        nxt: str | None = url + (f"?modified_since={since}" if since else "")
        while nxt:
            if time.perf_counter() - started > budget_s:
                complete = False
                break
            parts = urlsplit(nxt)
            status, raw = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
            assert status == 200, (status, nxt)
            page = json.loads(raw)
            objects += len(page.get("data", []))
            pages += 1
            nxt = page.get("links", {}).get("next")
            counting = time.perf_counter()
            for found in _ids_in(page.get("data", [])):
                received += 1
                distinct.add(found)
            counted += time.perf_counter() - counting
    return {
        "objects": objects,
        "pages": pages,
        # Not counted in the walk's time: what this client spends counting embedded objects.
        "seconds": time.perf_counter() - started - counted,
        "complete": complete,
        # The lists' own objects and those they embed (a meeting's agenda items and
        # files, a paper's consultations and files): every object received, and how many
        # were new to the walk.
        "received": received,
        "distinct": len(distinct),
    }


def oparl_walk_side_by_side(
    host: str, port: int, start: str, *, clients: int, budget_s: float
) -> dict[str, Any]:
    """The same walk with `clients` clients side by side, as a harvester with as many
    HTTP sessions as the server has workers walks a body: each client takes the next list
    not yet walked and reads it page by page, over its own keep-alive connection. The
    pages of one list still come one after the other (each names the next)."""
    first = KeptConnection(host, port)
    try:
        status, body = first.get(start)
    finally:
        first.close()
    assert status == 200, (status, start)
    todo = lists_of(json.loads(body))
    lock = threading.Lock()
    totals = {"objects": 0, "pages": 0}
    failures: list[BaseException] = []
    failed = threading.Event()  # one client's failure stops the others
    complete = [True]
    started = time.perf_counter()

    def client() -> None:
        connection = KeptConnection(host, port)
        try:
            while True:
                with lock:
                    if not todo:
                        return
                    nxt: str | None = todo.pop(0)
                while nxt:
                    if failed.is_set():
                        return
                    if time.perf_counter() - started > budget_s:
                        complete[0] = False
                        return
                    parts = urlsplit(nxt)
                    status, raw = connection.get(
                        parts.path + (f"?{parts.query}" if parts.query else "")
                    )
                    assert status == 200, (status, nxt)
                    page = json.loads(raw)
                    with lock:
                        totals["objects"] += len(page.get("data", []))
                        totals["pages"] += 1
                    nxt = page.get("links", {}).get("next")
        except BaseException as error:  # reported after the walk
            failures.append(error)
            failed.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        raise failures[0]
    return {**totals, "seconds": time.perf_counter() - started, "complete": complete[0]}


def _ids_in(value: Any) -> Iterator[str]:
    """The ids of the OParl objects in a page's data, embedded ones included."""
    if isinstance(value, dict):
        if "id" in value and "type" in value:
            yield value["id"]
        for inner in value.values():
            if isinstance(inner, dict | list):
                yield from _ids_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _ids_in(inner)


def figure(
    name: str,
    scale: str,
    database: str,
    value: float,
    unit: str,
    target: float | None,
    *,
    higher_is_better: bool = False,
    **extra: Any,
) -> dict[str, Any]:
    met = None
    if target is not None:
        met = value >= target if higher_is_better else value <= target
    return {
        "name": name,
        "scale": scale,
        "database": database,
        "value": round(value, 2),
        "unit": unit,
        "target": target,
        "met": met,
        **extra,
    }


def run_one(scale: str, database: str, build: dict[str, float], say: Any) -> list[dict[str, Any]]:
    """In the child process: Django on the scale's database; every figure."""
    import django

    django.setup()
    from django.db import connection

    from samverkan.search import backends

    info = plan(scale)
    headers = as_client(info["token"])
    figures: list[dict[str, Any]] = []
    if "generate" in build:
        figures.append(figure("generering", scale, database, build["generate"], "s", None))
    with served(os.environ.copy()) as (host, port, master):
        bare = hammer(
            host, port, ["/bench/bar/"], clients=CLIENTS, seconds=SECONDS, headers=headers
        )
        figures.append(
            figure(
                "bar endpoint p50", scale, database, bare["p50"], "ms", None, rps=round(bare["rps"])
            )
        )
        say(f"    bar endpoint: p50 {bare['p50']:.1f} ms, {bare['rps']:.0f} req/s")
        for label, path in info["pages"].items():
            result = hammer(host, port, [path], clients=CLIENTS, seconds=SECONDS, headers=headers)
            sql = raw_sql_ms(path, info["token"])
            errors = sum(n for s, n in result["statuses"].items() if s != 200)
            target = SEARCH_P95_MS if label.startswith("sök") else PAGE_P95_MS
            ratio_bare = result["p50"] / bare["p50"]
            common = {
                "path": path,
                "p50_ms": round(result["p50"], 1),
                "p99_ms": round(result["p99"], 1),
                "rps": round(result["rps"], 1),
                "requests": result["requests"],
                "non_200": errors,
                "sql_ms": round(sql, 2),
                "ratio_bare": round(ratio_bare, 1),
                "ratio_sql": round(result["p50"] / sql, 1) if sql > 0 else None,
            }
            figures.append(
                figure(f"{label} p95", scale, database, result["p95"], "ms", target, **common)
            )
            figures.append(
                figure(f"{label} p50/bar p50", scale, database, ratio_bare, "×", RATIO_BARE)
            )
            say(
                f"    {label:20} p50 {result['p50']:6.1f} p95 {result['p95']:6.1f} "
                f"p99 {result['p99']:6.1f} ms  {result['rps']:5.0f} req/s  sql {sql:5.1f} ms  "
                f"×bar {ratio_bare:4.1f}  fel {errors}"
            )
        mixed = hammer(
            host,
            port,
            list(info["pages"].values()),
            clients=MIXED_CLIENTS,
            seconds=SECONDS * 2,
            headers=headers,
        )
        errors = sum(n for s, n in mixed["statuses"].items() if s != 200)
        figures.append(
            figure(
                "blandade läsningar, två arbetsprocesser",
                scale,
                database,
                mixed["rps"],
                "req/s",
                MIXED_RPS,
                higher_is_better=True,
                clients=MIXED_CLIENTS,
                p95_ms=round(mixed["p95"], 1),
                non_200=errors,
            )
        )
        say(f"    blandat: {mixed['rps']:.0f} req/s, p95 {mixed['p95']:.0f} ms, fel {errors}")
        rss = rss_mb(master)
        figures.append(
            figure(
                "RSS per arbetsprocess (största)",
                scale,
                database,
                max(rss),
                "MB",
                RSS_MB,
                all=[round(r) for r in rss],
            )
        )
        walk = oparl_walk(host, port, info["oparl_body"], budget_s=WALK_SECONDS)
        rate = walk["objects"] / walk["seconds"] if walk["seconds"] else 0.0
        figures.append(
            figure(
                "OParl-genomgång",
                scale,
                database,
                rate,
                "objekt/s",
                OPARL_OBJECTS_PER_S,
                higher_is_better=True,
                objects=walk["objects"],
                pages=walk["pages"],
                complete=walk["complete"],
                received=walk["received"],
                received_per_s=round(walk["received"] / walk["seconds"]) if walk["seconds"] else 0,
                distinct=walk["distinct"],
                distinct_per_s=round(walk["distinct"] / walk["seconds"]) if walk["seconds"] else 0,
            )
        )
        say(
            f"    OParl: {walk['objects']} objekt på {walk['seconds']:.1f} s ({rate:.0f}/s), hel: {walk['complete']}; "
            f"med inbäddade {walk['received']} mottagna, {walk['distinct']} olika"
        )
        since = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
        incremental = oparl_walk(host, port, info["oparl_body"], budget_s=30, since=since)
        figures.append(
            figure(
                "OParl modified_since utan ändringar",
                scale,
                database,
                incremental["seconds"],
                "s",
                INCREMENTAL_S,
                objects=incremental["objects"],
            )
        )
        say(
            f"    OParl inkrementellt: {incremental['seconds']:.2f} s, {incremental['objects']} objekt"
        )
        started = time.perf_counter()
        status, pdf = get(host, port, info["bundle"], headers(info["bundle"]))
        bundle_s = time.perf_counter() - started
        from io import BytesIO

        from pypdf import PdfReader

        n_pages = len(PdfReader(BytesIO(pdf)).pages) if status == 200 else 0
        figures.append(
            figure(
                "mötesbunt (PDF)",
                scale,
                database,
                bundle_s,
                "s",
                BUNDLE_S,
                pages=n_pages,
                status=status,
            )
        )
        say(f"    mötesbunt: {n_pages} sidor på {bundle_s:.2f} s")
    if os.environ.get("BENCH_REINDEX", "1") == "0":
        return figures
    started = time.perf_counter()
    from django.db import transaction

    with transaction.atomic():
        entries = backends.index_rebuild()
    reindex_s = time.perf_counter() - started
    figures.append(
        figure(
            "sökindex om",
            scale,
            database,
            reindex_s,
            "s",
            REINDEX_S if info["texts"] >= 200_000 else None,
            entries=entries,
            texts=info["texts"],
        )
    )
    say(f"    sökindex: {entries} poster ({info['texts']} texter) på {reindex_s:.0f} s")
    del connection
    return figures


def machine() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError):
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split(":")[1].strip()
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory": mem,
        "loadavg": os.getloadavg(),
    }


def table(figures: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table(title="Samverkan: prestanda (make bench)")
    for column in ("skala", "databas", "mått", "värde", "mål", "uppfyllt", "×bar", "×sql"):
        t.add_column(column, justify="left" if column in ("skala", "databas", "mått") else "right")
    for f in figures:
        met = {True: "ja", False: "NEJ", None: ""}[f["met"]]
        target = "" if f["target"] is None else f"{f['target']:g}"
        t.add_row(
            f["scale"],
            f["database"],
            f["name"],
            f"{f['value']:g} {f['unit']}",
            target,
            met,
            "" if f.get("ratio_bare") is None else f"{f['ratio_bare']:g}",
            "" if f.get("ratio_sql") is None else f"{f['ratio_sql']:g}",
        )
    Console(width=160).print(t)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scales", nargs="+", choices=SCALES, default=list(SCALES))
    parser.add_argument("--databases", nargs="+", choices=DATABASES, default=list(DATABASES))
    parser.add_argument("--one", nargs=2, metavar=("SKALA", "DATABAS"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    def say(text: str) -> None:
        print(text, flush=True)

    if args.one:
        scale, database = args.one
        build = json.loads(os.environ.get("BENCH_BUILD", "{}"))
        figures = run_one(scale, database, build, say)
        print("FIGURES " + json.dumps(figures, ensure_ascii=False), flush=True)
        return

    RESULTS.mkdir(exist_ok=True)
    everything: list[dict[str, Any]] = []
    for scale in args.scales:
        for database in args.databases:
            say(f"{scale} på {database}:")
            build = prepare(scale, database, say)
            env = {**_env(scale, database), "BENCH_BUILD": json.dumps(build)}
            out = subprocess.run(  # noqa: S603
                [sys.executable, "-m", "bench.scale", "--one", scale, database],
                env=env,
                cwd=ROOT,
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            ).stdout
            figures: list[dict[str, Any]] = []
            for line in out.splitlines():
                if line.startswith("FIGURES "):
                    figures = json.loads(line.removeprefix("FIGURES "))
                else:
                    say(line)
            stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
            uncached = "-utan-sidcache" if PAGE_CACHE_SECONDS == 0 else ""
            name = f"{scale}-{database}{uncached}-{stamp}.json"
            (RESULTS / name).write_text(
                json.dumps(
                    {
                        "command": "make bench  (python -m bench.scale)",
                        "scale": scale,
                        "database": database,
                        "machine": machine(),
                        "settings": {
                            "seconds_per_page": SECONDS,
                            "clients_per_page": CLIENTS,
                            "mixed_clients": MIXED_CLIENTS,
                            "workers": WORKERS,
                            "server": "gunicorn + uvicorn_worker (ASGI), as make run",
                            "page_cache_seconds": PAGE_CACHE_SECONDS,
                        },
                        "build_seconds": build,
                        "figures": figures,
                    },
                    indent=2,
                    ensure_ascii=False,
                )
                + "\n"
            )
            say(f"  skrivet: bench/results/{name}")
            everything.extend(figures)
    table(everything)


if __name__ == "__main__":
    main()
