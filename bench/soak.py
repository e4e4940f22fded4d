"""`make soak`: 100 concurrent clients for 10 minutes against loopback, mixed reads over
every measured page, served as `make run` serves (gunicorn, two uvicorn workers), on the
demo database of `make bench` (built when missing). Passes with 0 errors: every answer a
200, no connection lost. Not part of CI (it takes ten minutes by design).

    python -m bench.soak                          # SQLite, 100 clients, 600 s
    python -m bench.soak --clients 20 --seconds 30 --database postgresql"""

import argparse
import datetime
import json
import os
import subprocess
import sys

from bench.scale import RESULTS, ROOT, _env, machine, prepare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--scale", default="demo", choices=["demo", "tiondel", "sverige"])
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        _run(args)
        return
    prepare(args.scale, args.database, print)
    env = _env(args.scale, args.database)
    argv = [sys.executable, "-m", "bench.soak", "--one", *sys.argv[1:]]
    sys.exit(subprocess.run(argv, env=env, cwd=ROOT, check=False).returncode)  # noqa: S603


def _run(args: argparse.Namespace) -> None:
    import django

    django.setup()
    from bench.scale import as_client, hammer, plan, rss_mb, served

    info = plan(args.scale)
    headers = as_client(info["token"])
    print(f"Soak: {args.clients} klienter i {args.seconds:.0f} s mot {len(info['pages'])} sidor …")
    with served(os.environ.copy()) as (host, port, master):
        result = hammer(
            host,
            port,
            list(info["pages"].values()),
            clients=args.clients,
            seconds=args.seconds,
            headers=headers,
        )
        rss = rss_mb(master)
    errors = sum(n for status, n in result["statuses"].items() if status != 200)
    summary = {
        "command": "make soak  (python -m bench.soak)",
        "scale": args.scale,
        "database": args.database,
        "clients": args.clients,
        "seconds": args.seconds,
        "machine": machine(),
        "figures": [
            {"name": "fel", "value": errors, "unit": "st", "target": 0, "met": errors == 0},
            {
                "name": "anrop",
                "value": result["requests"],
                "unit": "st",
                "target": None,
                "met": None,
            },
            {
                "name": "req/s",
                "value": round(result["rps"], 1),
                "unit": "req/s",
                "target": None,
                "met": None,
            },
            {
                "name": "p95",
                "value": round(result["p95"], 1),
                "unit": "ms",
                "target": None,
                "met": None,
            },
            {
                "name": "p99",
                "value": round(result["p99"], 1),
                "unit": "ms",
                "target": None,
                "met": None,
            },
            {
                "name": "RSS per arbetsprocess (största)",
                "value": round(max(rss)),
                "unit": "MB",
                "target": 300,
                "met": max(rss) <= 300,
            },
        ],
        "statuses": {str(k): v for k, v in result["statuses"].items()},
    }
    for f in summary["figures"]:
        f.update(scale=args.scale, database=args.database)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    RESULTS.mkdir(exist_ok=True)
    name = f"soak-{args.scale}-{args.database}-{stamp}.json"
    (RESULTS / name).write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    print(
        f"{result['requests']} anrop, {result['rps']:.0f} req/s, p95 {result['p95']:.0f} ms, "
        f"p99 {result['p99']:.0f} ms, fel {errors}, RSS {max(rss):.0f} MB -> bench/results/{name}"
    )
    if errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
