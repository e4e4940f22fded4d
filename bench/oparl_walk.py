"""The full OParl walk of one collaboration as `make bench` serves it, list by list: each
list's objects, pages, seconds, its slowest page and its rate, and the whole walk's.
Where `bench.scale` gives one figure for the walk, this shows which lists take its time.

    python -m bench.oparl_walk                       # national scale, SQLite
    python -m bench.oparl_walk sverige postgresql meeting,file

The scale's database must have been built (`bench.scale.prepare`, or a `make bench` run).
One client, one request at a time over one keep-alive connection, as
`bench.scale.oparl_walk`; the client's own parsing of each page is part of the time."""

from __future__ import annotations

import json
import sys
import time
from urllib.parse import urlsplit

from bench.scale import KeptConnection, _env, get, served


def walk_lists(client: KeptConnection, body_path: str, only: list[str]) -> None:
    status, raw = client.get(body_path)
    assert status == 200, (status, body_path)
    body = json.loads(raw)
    lists = [
        value
        for key, value in body.items()
        if isinstance(value, str)
        and key not in ("id", "type", "system", "web")
        and "/oparl/" in value
    ]
    total_objects, total_seconds = 0, 0.0
    for url in lists:
        kind = url.rstrip("/").rsplit("/", 1)[1]
        if only and kind not in only:
            continue
        started = time.perf_counter()
        objects = pages = 0
        slowest = 0.0
        nxt: str | None = url
        while nxt:
            parts = urlsplit(nxt)
            asked = time.perf_counter()
            status, raw = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
            slowest = max(slowest, time.perf_counter() - asked)
            assert status == 200, (status, nxt)
            page = json.loads(raw)
            objects += len(page["data"])
            pages += 1
            nxt = page["links"].get("next")
        seconds = time.perf_counter() - started
        total_objects += objects
        total_seconds += seconds
        print(
            f"{kind:16} {objects:8} objects {pages:5} pages {seconds:7.1f} s "
            f"{seconds / pages * 1000:6.1f} ms a page, slowest {slowest * 1000:5.0f} ms, "
            f"{objects / seconds:6.0f}/s",
            flush=True,
        )
    print(
        f"{'all':16} {total_objects:8} objects in {total_seconds:.1f} s: {total_objects / total_seconds:.0f}/s"
    )


def main() -> None:
    scale = sys.argv[1] if len(sys.argv) > 1 else "sverige"
    database = sys.argv[2] if len(sys.argv) > 2 else "sqlite"
    only = sys.argv[3].split(",") if len(sys.argv) > 3 else []
    # The collaboration `bench.scale` measures, by its name in the Body list.
    slug, name = (
        ("exempellanet", "Exempellänet") if scale == "demo" else ("skala-07", "Nationell skala 07")
    )
    env = _env(scale, database)
    with served(env) as (host, port, *_):
        status, raw = get(host, port, f"/{slug}/oparl/v1.1/body/")
        assert status == 200, status
        [body] = [b for b in json.loads(raw)["data"] if b["name"] == name]
        client = KeptConnection(host, port)
        try:
            walk_lists(client, urlsplit(body["id"]).path, only)
        finally:
            client.close()


if __name__ == "__main__":
    main()
