"""Benchmark: the share register of a large cooperative, read and exported.

Usage::

    .venv/bin/python bench/register.py [--holders 10000] [--entries 30000] [--runs 5]

In a database of its own (``--database``, default ``bench_register``) on the
embedded PostgreSQL server, or on the server of DATABASE_URL when that is set,
it migrates, creates one cooperative buurtpunt the way production does
(``buurtpunt_create``), fills its register with ``--holders`` shareholders and
``--entries`` entries (bulk inserts, untimed, checked afterwards), then times,
``--runs`` times each, in one process with production-like settings
(bench/settings_tenants.py: DEBUG off):

- ``register_as_of(today)``, the register the admin screen shows;
- ``export_register(today, fmt)`` for csv, xlsx and json;
- ``general_meeting_list(today)``.

It prints one JSON object (progress on standard error) with the medians and
whether each stays under the aim (2 s), and drops the database at the end,
also when a step fails. The 5,000-row XLSX import dry run has its place in
``MEASUREMENTS`` and reports "not built yet" until the import feature exists.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, create_database, drop_database, maintenance_conninfo  # noqa: E402

SLUG = "bench-register"
AIM_SECONDS = 2.0
YEARS = 5
FOUNDERS = 200  # the first members hold class A (EUR 50); everyone else class B (EUR 25)
# What the entries beyond one issue per holder are, in shares of the rest.
MIX = {"top_up": 0.60, "transfer": 0.30, "redemption": 0.075, "reversal": 0.025}
FIRST_NAMES = ["Jan", "An", "Luc", "Els", "Koen", "Griet", "Wout", "Lotte", "Dirk", "Fien"]
LAST_NAMES = ["Vandenbroucke", "Deprez", "Declercq", "Dewulf", "Lefevere", "Vanneste", "Maes"]
PLACES = [("8691", "Beveren-aan-de-IJzer"), ("8690", "Alveringem"), ("8691", "Stavele")]


def log(message: str) -> None:
    # UTC in both processes (Django sets the worker's local time zone to Brussels).
    print(
        f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}", file=sys.stderr, flush=True
    )


def summary(timings: list[float]) -> dict:
    return {
        "median_s": round(statistics.median(timings), 4),
        "min_s": round(min(timings), 4),
        "max_s": round(max(timings), 4),
        "timings_s": [round(t, 4) for t in timings],
    }


# --- the worker side: runs inside Django -------------------------------------------------


class Ledger:
    """The register to insert, generated in date order so that member numbers follow
    the first entry of each person and entry numbers follow the dates, with the
    holdings tracked so that none goes below zero (what ``register_entry_write``
    enforces one entry at a time)."""

    def __init__(self, holders: int, entries: int, today: date, seed: int = 8691):
        self.rng = random.Random(seed)
        self.today = today
        self.start = today - timedelta(days=365 * YEARS)
        self.holders = holders
        self.extra = entries - holders
        self.rows: list[dict] = []  # in number order
        self.held: dict[tuple[int, str], int] = {}
        self.issues: list[int] = []  # row indexes of issues not reversed yet

    def day(self) -> date:
        return self.start + timedelta(days=self.rng.randint(0, (self.today - self.start).days))

    def build(self) -> None:
        joins = sorted(self.day() for _ in range(self.holders))
        # A transfer writes two entries (out and in).
        kinds = [
            kind
            for kind, share in MIX.items()
            for _ in range(round(self.extra * share / (2 if kind == "transfer" else 1)))
        ]
        events = sorted((self.day(), 1, kind) for kind in kinds)
        timeline = sorted([(day, 0, index) for index, day in enumerate(joins)] + events)
        joined = 0
        for day, phase, what in timeline:
            if phase == 0:
                joined += 1
                cls = "A" if what < FOUNDERS else "B"
                self.add(day, "issue", what, cls, self.rng.choice([1, 2, 4, 5, 10, 20]))
            else:
                getattr(self, what)(day, joined)
        self.fit(self.holders + self.extra)

    def add(self, day, kind, person, cls, quantity, counterparty=None, reverses=None):
        self.held[person, cls] = self.held.get((person, cls), 0) + quantity
        if kind == "issue":
            self.issues.append(len(self.rows))
        self.rows.append(
            {
                "day": day,
                "kind": kind,
                "person": person,
                "cls": cls,
                "quantity": quantity,
                "counterparty": counterparty,
                "reverses": reverses,
            }
        )

    def holder(self, joined: int, cls: str, at_least: int = 1) -> int | None:
        for _attempt in range(200):
            person = self.rng.randrange(joined)
            if self.held.get((person, cls), 0) >= at_least:
                return person
        return None

    def top_up(self, day, joined):
        person = self.rng.randrange(joined)
        self.add(day, "issue", person, "A" if person < FOUNDERS else "B", self.rng.randint(1, 5))

    def transfer(self, day, joined):
        source = self.holder(joined, "B")
        target = self.rng.randrange(joined)
        if source is None or target == source:
            return self.top_up(day, joined)
        quantity = self.rng.randint(1, self.held[source, "B"])
        self.add(day, "transfer_out", source, "B", -quantity, counterparty=target)
        self.add(day, "transfer_in", target, "B", quantity, counterparty=source)

    def redemption(self, day, joined):
        person = self.holder(joined, "B")
        if person is None:
            return self.top_up(day, joined)
        self.add(day, "redemption", person, "B", -self.held[person, "B"])

    def reversal(self, day, joined):
        for _attempt in range(200):
            index = self.rng.randrange(len(self.issues))
            row = self.issues[index]
            original = self.rows[row]
            if self.held[original["person"], original["cls"]] >= original["quantity"]:
                self.issues.pop(index)
                person, cls, quantity = original["person"], original["cls"], original["quantity"]
                return self.add(day, "reversal", person, cls, -quantity, reverses=row)
        return self.top_up(day, joined)

    def fit(self, total: int) -> None:
        """Exactly ``total`` entries: a transfer's pair is never cut in two, and what
        is missing (a transfer or reversal that found nobody) is made up by top-ups."""
        del self.rows[total:]
        if self.rows and self.rows[-1]["kind"] == "transfer_out":
            self.rows.pop()
        while len(self.rows) < total:
            self.top_up(self.today, self.holders)


def fill(holders: int, entries: int) -> dict:
    """Insert the ledger (untimed) in the current tenant; returns what was inserted."""
    from django.db import transaction

    from core import localtime
    from members.models import Counter, Person, RegisterEntry, ShareClass

    ledger = Ledger(holders, entries, localtime.today())
    ledger.build()
    with transaction.atomic():
        classes = {
            "A": ShareClass.objects.update_or_create(
                code="A", defaults={"name": "Oprichters", "nominal_value": Decimal("50.00")}
            )[0],
            "B": ShareClass.objects.create(
                code="B", name="Buurt", nominal_value=Decimal("25.00"), max_per_person=None
            ),
        }
        rng = random.Random(1)
        people = Person.objects.bulk_create(
            [_person(rng, index) for index in range(holders)], batch_size=2000
        )
        pks = [person.pk for person in people]
        plain, reversals = [], []
        for number, row in enumerate(ledger.rows, start=1):
            cls = classes[row["cls"]]
            entry = RegisterEntry(
                number=number,
                entry_date=row["day"],
                kind=row["kind"],
                person_id=pks[row["person"]],
                share_class=cls,
                quantity=row["quantity"],
                amount_per_share=cls.nominal_value,
                amount=cls.nominal_value * row["quantity"],
                counterparty_id=None if row["counterparty"] is None else pks[row["counterparty"]],
            )
            row["entry"] = entry
            (reversals if row["kind"] == "reversal" else plain).append((row, entry))
        RegisterEntry.objects.bulk_create([entry for _, entry in plain], batch_size=5000)
        for row, entry in reversals:
            entry.reverses_id = ledger.rows[row["reverses"]]["entry"].pk
        RegisterEntry.objects.bulk_create([entry for _, entry in reversals], batch_size=5000)
        # The gapless counters continue where the bulk insert stopped.
        for name, value in (("member_number", holders), ("register_entry", len(ledger.rows))):
            Counter.objects.update_or_create(name=name, defaults={"value": value})
    kinds: dict[str, int] = {}
    for row in ledger.rows:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
    return {"holders": holders, "entries": len(ledger.rows), "kinds": kinds}


def _person(rng: random.Random, index: int):
    from members.models import Person

    postcode, city = rng.choice(PLACES)
    fields = {
        "street": f"Dorpsstraat {rng.randint(1, 150)}",
        "postcode": postcode,
        "city": city,
        "member_number": index + 1,
    }
    if index % 20 == 19:
        return Person(
            kind="legal",
            organisation_name=f"Bedrijf {index} BV",
            company_number="0456.123.197",
            **fields,
        )
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    return Person(
        first_name=first,
        last_name=f"{last}-{index}",
        email=f"{first.lower()}.{index}@example.org",
        **fields,
    )


def checks() -> dict:
    """The inserted register obeys the rules the service keeps: gapless numbers, no
    holding below zero on any day, and the selector agrees with SQL sums."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), min(number), max(number) FROM members_registerentry")
        count, low, high = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM (SELECT sum(quantity) OVER (PARTITION BY person_id, "
            "share_class_id ORDER BY entry_date, number) AS running FROM members_registerentry"
            ") held WHERE running < 0"
        )
        negative = cursor.fetchone()[0]
        cursor.execute("SELECT coalesce(sum(quantity), 0) FROM members_registerentry")
        outstanding = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(DISTINCT member_number), max(member_number) FROM members_person"
        )
        members, highest_member = cursor.fetchone()
    return {
        "entry_numbers_gapless": (low, high) == (1, count),
        "member_numbers_gapless": members == highest_member,
        "negative_holdings": negative,
        "outstanding_sql": outstanding,
    }


# One measurement: a name and a function that prepares what to time (untimed) and
# returns it, or returns None when it cannot run yet.
def measure_register(today):
    from members.selectors import register_as_of

    return lambda: register_as_of(today)


def measure_export(fmt: str):
    def prepare(today):
        from members.exports import export_register

        return lambda: export_register(today, fmt)

    return prepare


def measure_meeting(today):
    from members.selectors import general_meeting_list

    return lambda: general_meeting_list(today)


def measure_import_dry_run(today):
    """The 5,000-row XLSX import, dry run (validate and report, write nothing).

    Comes with the import feature: build the 5,000-row workbook here (untimed) and
    return a function that runs the import's dry run on it."""
    return None


MEASUREMENTS: dict[str, Callable] = {
    "register_as_of": measure_register,
    "export_csv": measure_export("csv"),
    "export_xlsx": measure_export("xlsx"),
    "export_json": measure_export("json"),
    "general_meeting_list": measure_meeting,
    "import_xlsx_dry_run_5000": measure_import_dry_run,
}


def worker(holders: int, entries: int, runs: int) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_tenants.utils import tenant_context

    from core import localtime
    from tenants.services import buurtpunt_create

    buurtpunt = buurtpunt_create(slug=SLUG, name="Bench register", legal_form="cv").buurtpunt
    result: dict = {}
    with tenant_context(buurtpunt):
        started = time.perf_counter()
        result["data"] = fill(holders, entries)
        result["data"]["fill_s"] = round(time.perf_counter() - started, 2)
        log(f"filled: {json.dumps(result['data'])}")
        result["checks"] = checks()
        today = localtime.today()
        figures = {}
        for name, prepare in MEASUREMENTS.items():
            action = prepare(today)
            if action is None:
                figures[name] = {"status": "not built yet"}
                continue
            timings, cpu = [], []
            for _run in range(runs):
                # The previous result is freed and collected before, not inside, the timing.
                value = None
                gc.collect()
                with CaptureQueriesContext(connection) as queries:
                    begin, begin_cpu = time.perf_counter(), time.process_time()
                    value = action()
                    timings.append(time.perf_counter() - begin)
                    cpu.append(time.process_time() - begin_cpu)
            figures[name] = {
                **summary(timings),
                # This process's CPU time: what other work on the machine changes least.
                "cpu_median_s": round(statistics.median(cpu), 4),
                "queries": len(queries),
            }
            figures[name].update(_describe(value))
            log(f"{name}: median {figures[name]['median_s']} s")
        result["figures"] = figures
        register = MEASUREMENTS["register_as_of"](today)()
        result["checks"]["selector_matches_sql"] = (
            sum(t.quantity for t in register.totals) == result["checks"]["outstanding_sql"]
        )
        result["checks"]["holders_in_register"] = len(register.holders)
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


def _describe(value) -> dict:
    if isinstance(value, bytes):
        return {"bytes": len(value)}
    if isinstance(value, list):
        return {"rows": len(value)}
    if hasattr(value, "holders"):
        return {
            "holders": len(value.holders),
            "entries": sum(len(r.entries) for r in value.holders),
        }
    return {}


# --- the parent side: database, steps, report ----------------------------------------------


def run(options: argparse.Namespace) -> dict:
    started = time.perf_counter()
    load_at_start = round(os.getloadavg()[0], 2)
    conninfo, server = maintenance_conninfo()
    log(f"creating database {options.database} on the {server} server")
    version = create_database(conninfo, options.database)
    env = {
        **os.environ,
        "DATABASE_NAME": options.database,
        "LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT / "bench"),
    }
    try:
        log("migrating public and the template schema (setup, not measured)")
        subprocess.run(
            [sys.executable, "manage.py", "migrate_schemas", "--noinput", "-v", "0"],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
            stdout=sys.stderr,
            check=True,
        )
        log(f"filling {options.holders} shareholders and {options.entries} entries, then timing")
        done = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--worker",
                "--holders",
                str(options.holders),
                "--entries",
                str(options.entries),
                "--runs",
                str(options.runs),
            ],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "settings_tenants"},
            stdout=subprocess.PIPE,
            text=True,
            check=True,
        )
        result = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        log(f"dropping database {options.database}")
        drop_database(conninfo, options.database)
    timed = {k: v for k, v in result["figures"].items() if "median_s" in v}
    slowest = max(v["median_s"] for v in timed.values())
    over = sorted(name for name, v in timed.items() if v["median_s"] > AIM_SECONDS)
    return {
        "machine": {
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "postgresql": version,
            "server": server,
            "load_average_1m_start_end": [load_at_start, round(os.getloadavg()[0], 2)],
        },
        "method": (
            f"one cooperative tenant made by buurtpunt_create, filled by bulk insert with "
            f"{options.holders} shareholders (member numbers in order of first entry) and "
            f"{options.entries} entries over {YEARS} years generated in date order (issues, "
            "top-ups, transfers in pairs, redemptions, reversals; no holding below zero), "
            f"then each measurement {options.runs} times in one warm process with DEBUG off "
            "(bench/settings_tenants.py), wall clock (time.perf_counter) around the call, "
            "result fully built (lists, bytes), the previous result freed and garbage "
            "collected before each timing; figures are medians; 'queries' counts the SQL of "
            "one call."
        ),
        **result,
        "aims": {
            "each_median_at_most_s": AIM_SECONDS,
            "slowest_median_s": slowest,
            "over_aim": over,
            "hold": not over,
        },
        "total_s": round(time.perf_counter() - started, 1),
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--holders", type=int, default=10_000)
    parser.add_argument("--entries", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=5, help="timings per measurement")
    parser.add_argument("--database", default="bench_register")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.holders < FOUNDERS or options.entries < options.holders or options.runs < 1:
        parser.error(f"--holders at least {FOUNDERS}, --entries at least --holders, --runs >= 1")
    if not options.database.startswith("bench_"):
        parser.error("--database must start with bench_")
    return options


def main() -> None:
    options = parse_args()
    if options.worker:
        worker(options.holders, options.entries, options.runs)
    else:
        # A plain kill should still drop the database (the finally in run()).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        print(json.dumps(run(options), indent=2))


if __name__ == "__main__":
    main()
