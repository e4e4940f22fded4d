"""The full OParl walk of one collaboration as `make bench` serves it, list by list: each
list's objects, pages, seconds, its slowest page and its rate, and the whole walk's.
Where `bench.scale` gives one figure for the walk, this shows which lists take its time.

    python -m bench.oparl_walk                       # national scale, SQLite
    python -m bench.oparl_walk sverige postgresql meeting,file
    python -m bench.oparl_walk sverige sqlite --clients=2   # lists side by side

The scale's database must have been built (`bench.scale.prepare`, or a `make bench` run).
One client, one request at a time over one keep-alive connection, as
`bench.scale.oparl_walk`; the client's own parsing of each page is part of the time."""

from __future__ import annotations

import json
import os
import sys
import time
from urllib.parse import urlsplit

from bench.scale import KeptConnection, _env, get, lists_of, oparl_walk_side_by_side, served


def walk_lists(client: KeptConnection, body_path: str, only: list[str]) -> None:
    status, raw = client.get(body_path)
    assert status == 200, (status, body_path)
    lists = lists_of(json.loads(raw))
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


def _cpu_seconds(pid: int) -> float:
    """A process's CPU time so far (user and system), from /proc."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def side_by_side(host: str, port: int, master: int, body_path: str, clients: int) -> None:
    """The whole walk by `clients` clients side by side (`bench.scale.oparl_walk_side_by_side`),
    and the CPU time each server worker spent on it: which workers the clients' keep-alive
    connections landed on."""
    with open(f"/proc/{master}/task/{master}/children") as fh:
        workers = [int(pid) for pid in fh.read().split()]
    before = {pid: _cpu_seconds(pid) for pid in workers}
    walk = oparl_walk_side_by_side(host, port, body_path, clients=clients, budget_s=3600)
    spent = ", ".join(f"{_cpu_seconds(pid) - before[pid]:.1f} s" for pid in workers)
    print(
        f"{clients} clients side by side: {walk['objects']} objects in {walk['seconds']:.1f} s: "
        f"{walk['objects'] / walk['seconds']:.0f}/s; CPU per worker {spent}"
    )


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--clients=")]
    given = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--clients=")), "1")
    if not given.isdigit() or int(given) < 1:
        raise SystemExit("--clients= takes a whole number of clients, 1 or more.")
    clients = int(given)
    scale = args[0] if len(args) > 0 else "sverige"
    database = args[1] if len(args) > 1 else "sqlite"
    only = args[2].split(",") if len(args) > 2 else []
    if clients > 1 and only:
        raise SystemExit("--clients walks every list: name no lists with it.")
    # The collaboration `bench.scale` measures, by its name in the Body list.
    slug, name = (
        ("exempellanet", "Exempellänet") if scale == "demo" else ("skala-07", "Nationell skala 07")
    )
    env = _env(scale, database)
    with served(env) as (host, port, master):
        status, raw = get(host, port, f"/{slug}/oparl/v1.1/body/")
        assert status == 200, status
        [body] = [b for b in json.loads(raw)["data"] if b["name"] == name]
        if clients > 1:
            side_by_side(host, port, master, urlsplit(body["id"]).path, clients)
            return
        client = KeptConnection(host, port)
        try:
            walk_lists(client, urlsplit(body["id"]).path, only)
        finally:
            client.close()


if __name__ == "__main__":
    main()
