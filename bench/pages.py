"""Benchmark: requests per second and median latency of buurtpunt pages.

Usage::

    .venv/bin/python bench/pages.py [--requests 400] [--concurrency 2]

For the home page, the agenda and a news item of the demo buurtpunt
``beveren`` it measures, in one run and against real gunicorn processes
(2 sync workers) on loopback:

- ``uncached``: the platform with the page cache off;
- ``cached``: the platform with the page cache on (warmed up first);
- ``single``: the same content served by a plain single-tenant Wagtail
  (bench/settings_single.py: no tenant middleware, no page cache, a fixed
  search path on beveren's schema), which is what tenancy is compared with.

It prints one JSON object with per-page figures and the ratios: tenancy
overhead uncached (aim at most 15 %) and cached speed-up (aim at least 10x).
It works in a database of its own (default ``bench_pages``) that it creates,
fills with ``seed_demo`` and drops at the end.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, create_database, drop_database, maintenance_conninfo  # noqa: E402

HOST = "beveren.localhost"
OVERHEAD_AIM = 0.15
CACHED_AIM = 10.0


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def manage(env: dict, *args: str) -> str:
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{completed.stderr}")
    return completed.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn with 2 sync workers, one thread each, as in production."""

    def __init__(self, env: dict, settings: str, page_cache_seconds: int):
        self.port = free_port()
        self.env = {
            **env,
            "DJANGO_SETTINGS_MODULE": settings,
            "PAGE_CACHE_SECONDS": str(page_cache_seconds),
            "PYTHONPATH": str(ROOT / "bench"),
        }

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--workers",
                "2",
                "--threads",
                "1",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                status, _ = fetch(self.port, "/healthz")
                if status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not start")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)


def fetch(port: int, path: str, conn: http.client.HTTPConnection | None = None):
    own = conn is None
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers={"Host": f"{HOST}:8000"})
    response = conn.getresponse()
    body = response.read()
    if own:
        conn.close()
    return response.status, body


def load(port: int, path: str, requests: int, concurrency: int) -> dict:
    """``requests`` GETs of ``path`` from ``concurrency`` keep-alive clients."""
    latencies: list[float] = []
    errors = []
    lock = threading.Lock()
    per_client = requests // concurrency

    def client():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for _ in range(per_client):
            started = time.perf_counter()
            status, _ = fetch(port, path, conn)
            mine.append(time.perf_counter() - started)
            if status != 200:
                errors.append(status)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{path}: {len(errors)} non-200 answers, e.g. {errors[0]}")
    return {
        "requests": len(latencies),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(latencies) * 1000, 2),
    }


def discover_paths(env: dict) -> dict[str, str]:
    script = (
        "from django_tenants.utils import schema_context\n"
        "from wagtail.models import Page\n"
        "with schema_context('beveren'):\n"
        "    news = [p for p in Page.objects.live().specific()"
        " if type(p).__name__ == 'NewsItemPage'][:1]\n"
        "    print(news[0].url if news else '')\n"
    )
    news = manage(env, "shell", "-c", script).strip().splitlines()
    paths = {"home": "/", "agenda": "/agenda/"}
    if news and news[-1].startswith("/"):
        paths["news_item"] = news[-1]
    return paths


def measure(env: dict, paths: dict, requests: int, concurrency: int, rounds: int) -> dict:
    """All three servers run at once and take turns per round, so that a change
    of load on the machine during the run affects every mode alike."""
    modes = {
        "uncached": ("settings_tenants", 0),
        "cached": ("settings_tenants", 600),
        "single": ("settings_single", 0),
    }
    results: dict[str, dict] = {}
    with ExitStack() as stack:
        servers = {
            mode: stack.enter_context(Server(env, settings, seconds))
            for mode, (settings, seconds) in modes.items()
        }
        for name, path in paths.items():
            runs: dict[str, list[dict]] = {mode: [] for mode in modes}
            for mode, server in servers.items():
                status, _ = fetch(server.port, path)
                if status != 200:
                    raise SystemExit(f"{mode} {path}: HTTP {status}")
                load(server.port, path, 40, concurrency)  # warm-up (and cache fill)
            for _ in range(rounds):
                for mode, server in servers.items():
                    runs[mode].append(load(server.port, path, requests, concurrency))
            figures = {
                mode: {
                    "requests_per_s": round(statistics.median(r["requests_per_s"] for r in rs), 1),
                    "median_ms": round(statistics.median(r["median_ms"] for r in rs), 2),
                    "rounds_requests_per_s": [r["requests_per_s"] for r in rs],
                }
                for mode, rs in runs.items()
            }
            figures["tenancy_overhead_uncached"] = round(
                figures["single"]["requests_per_s"] / figures["uncached"]["requests_per_s"] - 1, 3
            )
            figures["cached_speedup"] = round(
                figures["cached"]["requests_per_s"] / figures["uncached"]["requests_per_s"], 1
            )
            results[name] = figures
            log(f"{path}: {json.dumps(figures)}")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database", default="bench_pages")
    args = parser.parse_args()
    if not args.database.startswith("bench_"):
        raise SystemExit("--database must start with bench_")

    conninfo, server = maintenance_conninfo()
    version = create_database(conninfo, args.database)
    env = {**os.environ, "DATABASE_NAME": args.database, "SITE_PORT": "8000"}
    try:
        log("migrating and loading the demo")
        manage(
            {**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}, "migrate_schemas", "-v", "0"
        )
        manage({**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"}, "seed_demo", "--force")
        paths = discover_paths({**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"})
        pages = measure(env, paths, args.requests, args.concurrency, args.rounds)
    finally:
        drop_database(conninfo, args.database)
    overheads = [p["tenancy_overhead_uncached"] for p in pages.values()]
    speedups = [p["cached_speedup"] for p in pages.values()]
    result = {
        "machine": {
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "postgresql": version,
            "server": server,
            "load_average_1m_end": round(os.getloadavg()[0], 2),
        },
        "method": (
            "three gunicorn servers (2 sync workers each) run at once on loopback; per page a "
            f"warm-up of 40 requests each, then {args.rounds} rounds in which each mode in turn "
            f"gets {args.requests} GETs from {args.concurrency} keep-alive clients in threads of "
            "this process (which shares the 2 cores); figures are medians over the rounds. "
            "tenancy_overhead_uncached = single rps / uncached rps - 1; cached_speedup = "
            "cached rps / uncached rps."
        ),
        "pages": pages,
        "aims": {
            "tenancy_overhead_at_most": OVERHEAD_AIM,
            "tenancy_overhead_max": max(overheads),
            "cached_speedup_at_least": CACHED_AIM,
            "cached_speedup_min": min(speedups),
            "hold": max(overheads) <= OVERHEAD_AIM and min(speedups) >= CACHED_AIM,
        },
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
