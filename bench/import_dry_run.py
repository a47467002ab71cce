"""Benchmark: the dry run of a 5,000-row people workbook (XLSX), as the worker runs it.

Usage::

    .venv/bin/python bench/import_dry_run.py [--rows 5000] [--existing 1000] [--runs 3]

In a database of its own (``--database``, default ``bench_import``) on the
embedded PostgreSQL server, or on the server of DATABASE_URL when that is set,
it migrates, creates one scratch cooperative the way production does
(``buurtpunt_create``) with ``--existing`` people in it (bulk insert, untimed),
writes a workbook of ``--rows`` people (untimed): a fifth of them the existing
people again with a new phone number (updates), the rest new, one in twenty an
organisation with an enterprise number, half with an IBAN, and one row in a
hundred with a mistake (a postcode of three digits). Then it times, ``--runs``
times, in one process with production-like settings (bench/settings_tenants.py:
DEBUG off):

- ``job_dry_run``: ``members.imports.import_job_run`` on a queued job, what the
  worker does: read the XLSX (openpyxl, read-only), check every row inside a
  rolled-back transaction, write the verdict and progress on the job;
- ``read_xlsx``: reading the workbook alone, for the breakdown.

It prints one JSON object (progress on standard error) with the medians and
whether the dry run stays under the aim (30 s), and drops the database at the
end, also when a step fails.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, create_database, drop_database, maintenance_conninfo  # noqa: E402

SLUG = "bench-import"
AIM_SECONDS = 30.0
FIRST_NAMES = ["Jan", "An", "Luc", "Els", "Koen", "Griet", "Wout", "Lotte", "Dirk", "Fien"]
LAST_NAMES = ["Vandenbroucke", "Deprez", "Declercq", "Dewulf", "Lefevere", "Vanneste", "Maes"]
PLACES = [("8691", "Beveren-aan-de-IJzer"), ("8690", "Alveringem"), ("8691", "Stavele")]
HEADERS = [
    "Lidnummer",
    "Soort",
    "Voornaam",
    "Familienaam",
    "Naam van de organisatie",
    "Ondernemingsnummer",
    "Straat en nummer",
    "Postcode",
    "Gemeente",
    "Land",
    "E-mail",
    "Telefoon",
    "Taal",
    "IBAN",
]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def summary(timings: list[float]) -> dict:
    return {
        "median_s": round(statistics.median(timings), 3),
        "min_s": round(min(timings), 3),
        "max_s": round(max(timings), 3),
        "timings_s": [round(t, 3) for t in timings],
    }


def enterprise_number(rng: random.Random) -> str:
    """A valid Belgian enterprise number: eight digits and 97 minus their rest by 97."""
    base = rng.randint(2_000_000, 9_999_999)
    digits = f"0{base:07d}{97 - base % 97:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def iban(rng: random.Random) -> str:
    from schwifty import IBAN

    # schwifty adds the national check digits (the first ten digits modulo 97).
    account = rng.randint(0, 9_999_999)
    return IBAN.generate("BE", bank_code="539", account_code=f"{account:07d}").formatted


# --- the worker side: runs inside Django ----------------------------------------------------


class Counted:
    """A database execute wrapper that counts the statements it lets through."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __len__(self):
        return self.count


def existing_people(count: int) -> list:
    from members.models import Counter, Person

    people = [
        Person(
            first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
            last_name=f"{LAST_NAMES[i % len(LAST_NAMES)]}-{i}",
            street=f"Dorpsstraat {i % 150 + 1}",
            postcode=PLACES[i % 3][0],
            city=PLACES[i % 3][1],
            email=f"bestaand.{i}@example.org",
            member_number=i + 1,
        )
        for i in range(count)
    ]
    Person.objects.bulk_create(people, batch_size=2000)
    Counter.objects.update_or_create(name="member_number", defaults={"value": count})
    return people


def workbook(rows: int, existing: list, seed: int = 8691) -> tuple[bytes, dict]:
    """The file to import, and what is in it."""
    from openpyxl import Workbook

    rng = random.Random(seed)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Mensen")
    sheet.append(HEADERS)
    updates = min(len(existing), rows // 5)
    mix = {"updates": 0, "new": 0, "organisations": 0, "with_iban": 0, "with_mistake": 0}
    for index in range(rows):
        postcode, city = PLACES[index % 3]
        mistake = index % 100 == 99
        if mistake:
            postcode = postcode[:3]
            mix["with_mistake"] += 1
        if index < updates:
            person = existing[index]
            row = [person.member_number, "", person.first_name, person.last_name, "", ""]
            row += [person.street, postcode, person.city, "BE", person.email]
            mix["updates"] += 1
        elif index % 20 == 19:
            row = [None, "organisatie", "", "", f"Bedrijf {index} BV", enterprise_number(rng)]
            row += [f"Markt {index % 40 + 1}", postcode, city, "België", f"info{index}@bv.example"]
            mix["organisations"] += 1
            mix["new"] += 1
        else:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            row = [10_000 + index, "", first, f"{last}-{index}", "", ""]
            row += [f"Kerkstraat {index % 150 + 1}", postcode, city, "BE"]
            row += [f"{first.lower()}.{index}@example.org"]
            mix["new"] += 1
        row.append(f"0470 {index % 100:02d} {index % 97:02d} {index % 89:02d}")
        row.append(rng.choice(["nl", "nl", "nl", "en"]))
        if index % 2:
            row.append(iban(rng))
            mix["with_iban"] += 1
        else:
            row.append("")
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), mix


def worker(rows: int, existing: int, runs: int) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django_tenants.utils import tenant_context

    from members.imports import import_job_run, read_table
    from members.models import ImportJob, Person
    from tenants.services import buurtpunt_create

    buurtpunt = buurtpunt_create(slug=SLUG, name="Bench import", legal_form="cv").buurtpunt
    result: dict = {}
    with tenant_context(buurtpunt):
        people = existing_people(existing)
        started = time.perf_counter()
        content, mix = workbook(rows, people)
        result["data"] = {
            "rows": rows,
            "existing_people": existing,
            "xlsx_bytes": len(content),
            "build_s": round(time.perf_counter() - started, 2),
            **mix,
        }
        log(f"built: {json.dumps(result['data'])}")
        job = ImportJob.objects.create(
            kind=ImportJob.Kind.PEOPLE,
            file_name="bench.xlsx",
            file_format="xlsx",
            file_size=len(content),
            content=content,
            language="nl",
        )
        people_before = Person.objects.count()
        timings, reads = [], []
        for _run in range(runs):
            # Queued again, with its file: a dry run that found mistakes lets the file go.
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.QUEUED, rows_done=0, results={}, content=content
            )
            queries = Counted()
            with connection.execute_wrapper(queries):
                begin = time.perf_counter()
                status = import_job_run(job_id=job.pk)
                timings.append(time.perf_counter() - begin)
            log(f"dry run: {timings[-1]:.2f} s, {len(queries)} queries")
            begin = time.perf_counter()
            read_table(content, "xlsx")
            reads.append(time.perf_counter() - begin)
        job.refresh_from_db()
        results = job.results
        result["figures"] = {
            "job_dry_run": {**summary(timings), "queries": len(queries), "status": status},
            "read_xlsx": summary(reads),
        }
        result["verdict"] = {
            "rows_ok": results["rows_ok"],
            "rows_with_errors": results["rows_with_errors"],
            "counts": results["counts"],
            "file_errors": results["file_errors"],
            "people_written": Person.objects.count() - people_before,
        }
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


# --- the parent side: database, steps, report --------------------------------------------------


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
        log(f"a scratch buurtpunt with {options.existing} people, a {options.rows}-row workbook")
        done = subprocess.run(
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--worker",
                "--rows",
                str(options.rows),
                "--existing",
                str(options.existing),
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
    median = result["figures"]["job_dry_run"]["median_s"]
    return {
        "machine": {
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "postgresql": version,
            "server": server,
            "load_average_1m_start_end": [load_at_start, round(os.getloadavg()[0], 2)],
        },
        "method": (
            "one cooperative made by buurtpunt_create with --existing people (bulk insert); a "
            "people workbook written by openpyxl (untimed); then members.imports."
            "import_job_run on a queued ImportJob holding it, --runs times in one warm process "
            "with DEBUG off (bench/settings_tenants.py), the job reset to queued between runs; "
            "wall clock (time.perf_counter) around the call, which reads the XLSX in "
            "read-only mode (openpyxl through defusedxml), checks every row with "
            "django-import-export inside a savepoint rolled back at the end (a savepoint per "
            "row; people are checked in memory against the file and the database, and not "
            "written in a dry run), reports progress through its own connection and saves the "
            "verdict on the job; figures are medians; 'queries' counts the SQL of the last run "
            "on the main connection."
        ),
        **result,
        "aims": {"dry_run_at_most_s": AIM_SECONDS, "hold": median <= AIM_SECONDS},
        "total_s": round(time.perf_counter() - started, 1),
    }


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5_000)
    parser.add_argument("--existing", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3, help="timings")
    parser.add_argument("--database", default="bench_import")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.rows < 1 or options.existing < 0 or options.runs < 1:
        parser.error("--rows >= 1, --existing >= 0, --runs >= 1")
    if not options.database.startswith("bench_"):
        parser.error("--database must start with bench_")
    return options


def main() -> None:
    options = parse_args()
    if options.worker:
        worker(options.rows, options.existing, options.runs)
    else:
        # A plain kill should still drop the database (the finally in run()).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        print(json.dumps(run(options), indent=2))


if __name__ == "__main__":
    main()
