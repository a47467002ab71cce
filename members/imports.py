"""Importing a spreadsheet: the upload, the dry run, and the real import.

``import_job_create`` (the upload) -> the task runs ``import_job_run``: a dry run
that writes nothing and reports every row's problems -> ``import_job_confirm``
(the board's "Import now", only for a file without problems) -> the task runs
``import_job_run`` again: the real import, all or nothing, in one transaction.

How a file is read:

1. Caps first: at most ``MAX_FILE_BYTES`` uploaded, ``MAX_ROWS`` rows of data,
   ``MAX_COLUMNS`` columns; an XLSX (a zip) may unpack to at most
   ``MAX_UNPACKED_BYTES``. A file over a cap is refused as a whole, with the
   reason.
2. XLSX is read by openpyxl in read-only mode, and only while openpyxl parses
   XML through defusedxml (``openpyxl.xml.DEFUSEDXML``): a workbook with an
   entity bomb or an external entity is refused, not expanded. A formula cell
   gives the value the spreadsheet last showed, or, when it has none, the
   formula's text, stored as text: nothing is ever evaluated.
3. CSV: UTF-8 (with or without its byte order mark), UTF-16 as Excel's
   "Unicode text", else Windows-1252; the delimiter is the one of ``;``, ``,``
   and tab that splits the header row best (Belgian Excel writes ``;``).
4. The first row holds the headers, recognised in any of the site's languages
   (``members.resources``); unknown columns are left out and listed; empty rows
   are skipped. Rows keep the number they have in the spreadsheet, so that a
   message says "row 7" where the person sees row 7.

The dry run and the import run the same code (the resource's ``import_data``)
inside a savepoint that the dry run always rolls back and the import rolls back
on the first problem. Jobs of one buurtpunt never see another's: the job, its
file and what it writes are all in the tenant's schema.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import time
import zipfile
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .errors import MembersError
from .models import ImportJob
from .resources import RESOURCES, ROW_KEY, ImportResource, cell_text, simplified

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 50
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
#: Rows, empty ones included, read at most before a file counts as too long.
MAX_SHEET_ROWS = 5 * MAX_ROWS
#: Problems kept in a job's results (the counts stay exact beyond them).
MAX_PROBLEMS = 1000
FORMATS = ("csv", "xlsx")
S = ImportJob.Status


class ImportFileError(MembersError):
    """A file that cannot be imported at all (too big, unreadable, wrong columns)."""


# --- reading a file ------------------------------------------------------------------------


@dataclass
class Table:
    """What a file holds: its headers and its rows, each with its number in the file."""

    headers: list[str]
    rows: list[tuple[int, list]] = field(default_factory=list)


def file_format(file_name: str, content: bytes) -> str:
    """``csv`` or ``xlsx``, from what the file is rather than only from its name."""
    name = (file_name or "").lower()
    if content.startswith(b"PK\x03\x04"):
        return "xlsx"
    if content.startswith(b"\xd0\xcf\x11\xe0") or name.endswith((".xls", ".ods", ".numbers")):
        raise ImportFileError(
            _("This kind of spreadsheet cannot be read: save it as .xlsx or as .csv.")
        )
    if name.endswith(".xlsx"):
        raise ImportFileError(_("This file is not a valid .xlsx workbook."))
    return "csv"


def read_table(content: bytes, fmt: str) -> Table:
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(too_big_message())
    table = read_xlsx(content) if fmt == "xlsx" else read_csv(content)
    if not any(header for header in table.headers):
        raise ImportFileError(_("The first row must hold the names of the columns."))
    if not table.rows:
        raise ImportFileError(_("The file has no rows of data below its headers."))
    return table


def too_big_message() -> str:
    return _("The file is larger than %(size)d MB: split it into smaller files.") % {
        "size": MAX_FILE_BYTES // (1024 * 1024)
    }


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(max)s rows: split it into smaller files.")
        % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
    )


def _too_many_columns() -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(max)d columns: keep only the columns of the template.")
        % {"max": MAX_COLUMNS}
    )


def _collect(numbered_rows, width: int) -> list[tuple[int, list]]:
    """The rows with something in them, cut or padded to ``width`` cells."""
    rows = []
    for number, values in numbered_rows:
        if number > MAX_SHEET_ROWS:
            raise _too_many_rows()
        if all(cell_text(value) == "" for value in values):
            continue
        if len(rows) >= MAX_ROWS:
            raise _too_many_rows()
        values = list(values[:width])
        rows.append((number, values + [None] * (width - len(values))))
    return rows


def decode(content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(
        _("The text of the file cannot be read: save it as “CSV UTF-8” or as .xlsx.")
    )


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the header row into the most columns."""
    first_line = text.split("\n", 1)[0]
    counts = {}
    for delimiter in (";", ",", "\t"):
        try:
            counts[delimiter] = len(next(csv.reader([first_line], delimiter=delimiter)))
        except (csv.Error, StopIteration):
            counts[delimiter] = 0
    best = max(counts.values())
    # On a tie (one column), Belgian Excel's ";" wins.
    return next(d for d in (";", ",", "\t") if counts[d] == best)


def read_csv(content: bytes) -> Table:
    text = decode(content)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = next(reader, [])
        if len(headers) > MAX_COLUMNS:
            raise _too_many_columns()
        numbered = ((number, values) for number, values in enumerate(reader, start=2))
        rows = _collect(numbered, len(headers))
    except csv.Error as exc:
        raise ImportFileError(
            _("The file is not a valid CSV file (%(error)s).") % {"error": str(exc)[:80]}
        ) from exc
    return Table(headers=[cell_text(h) for h in headers], rows=rows)


def _check_archive(content: bytes) -> None:
    """Refuse a zip that would unpack into more than we read (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportFileError(_("This file is not a valid .xlsx workbook.")) from exc
    if len(members) > 1000 or sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise ImportFileError(_("This workbook unpacks to more than can be read."))


def _open_workbook(content: bytes, *, data_only: bool):
    import openpyxl
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:
        # Without defusedxml, openpyxl would expand entities: refuse rather than risk it.
        raise ImproperlyConfiguredError("openpyxl must parse XML through defusedxml")
    return openpyxl.load_workbook(
        io.BytesIO(content), read_only=True, data_only=data_only, keep_links=False
    )


class ImproperlyConfiguredError(RuntimeError):
    pass


def read_xlsx(content: bytes) -> Table:
    _check_archive(content)
    try:
        return _read_xlsx(content)
    except (ImportFileError, ImproperlyConfiguredError):
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl, zipfile and defusedxml raise many kinds
        logger.info("Unreadable workbook: %r", exc)
        raise ImportFileError(
            _("This workbook cannot be read. Open it in your spreadsheet and save it again.")
        ) from exc


def _sheet_rows(content: bytes, *, data_only: bool):
    """The first sheet's rows as values, numbered from 1, at most ``MAX_SHEET_ROWS``
    (a sheet may say its next row is row 1,048,576: the rows between are never made)."""
    workbook = _open_workbook(content, data_only=data_only)
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The workbook has no sheet."))
        rows = workbook.worksheets[0].iter_rows(max_col=MAX_COLUMNS + 1, values_only=True)
        for number, values in enumerate(rows, start=1):
            if number > MAX_SHEET_ROWS:
                raise _too_many_rows()
            yield number, values
    finally:
        workbook.close()


def _read_xlsx(content: bytes) -> Table:
    headers: list = []
    raw: list[tuple[int, list]] = []
    formulas: set[tuple[int, int]] = set()
    for number, values in _sheet_rows(content, data_only=False):
        if len(values) > MAX_COLUMNS and values[MAX_COLUMNS] is not None:
            raise _too_many_columns()
        values = values[:MAX_COLUMNS]
        formulas.update(
            (number, index)
            for index, value in enumerate(values)
            if isinstance(value, str) and value.startswith("=")
        )
        if number == 1:
            headers = list(values)
        elif any(value is not None for value in values):
            raw.append((number, values))
    if formulas:
        # A formula gives what the spreadsheet last showed; without that, its text.
        shown = {}
        for number, values in _sheet_rows(content, data_only=True):
            for index, value in enumerate(values[:MAX_COLUMNS]):
                if (number, index) in formulas and value is not None:
                    shown[number, index] = value
        raw = [
            (number, [shown.get((number, i), value) for i, value in enumerate(values)])
            for number, values in raw
        ]
    while headers and cell_text(headers[-1]) == "":
        headers.pop()
    return Table(headers=[cell_text(h) for h in headers], rows=_collect(raw, len(headers)))


# --- from a table to the rows a resource reads -------------------------------------------------


@dataclass
class Mapping:
    """Which column of the file is which column of the resource."""

    keys: list[str | None]  # per column of the file: its key, or None when unknown
    ignored: list[str]


def map_headers(resource_class: type[ImportResource], headers: list[str]) -> Mapping:
    spellings = {}
    known = set()
    for column in resource_class.columns():
        for spelling in column.spellings():
            spellings.setdefault(spelling, column)
    keys, ignored, seen = [], [], {}
    for index, header in enumerate(headers):
        column = spellings.get(simplified(header)) if header else None
        if column is None or column.export_only:
            keys.append(None)
            if header and column is None:
                ignored.append(header)
            continue
        if column.key in seen:
            raise ImportFileError(
                _("The columns “%(first)s” and “%(second)s” both hold %(what)s: keep one.")
                % {"first": headers[seen[column.key]], "second": header, "what": column.header()}
            )
        seen[column.key] = index
        keys.append(column.key)
        known.add(column.key)
    missing = [group for group in resource_class.required_columns if not known & set(group)]
    if missing:
        names = [" / ".join(resource_class.label_of(key) for key in group) for group in missing]
        raise ImportFileError(
            _("The file lacks the column(s): %(columns)s. Start from the template.")
            % {"columns": "; ".join(names)}
        )
    return Mapping(keys=keys, ignored=ignored)


def dataset_for(resource: ImportResource, table: Table, mapping: Mapping):
    """The rows as the resource reads them (keys, not headers), in the order it writes them."""
    import tablib

    columns = [(index, key) for index, key in enumerate(mapping.keys) if key]
    rows = [
        {ROW_KEY: number, **{key: values[index] for index, key in columns}}
        for number, values in table.rows
    ]
    rows = resource.sort_rows(rows)
    headers = [ROW_KEY, *(key for _index, key in columns)]
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append([row[key] for key in headers])
    return dataset


# --- running an import ----------------------------------------------------------------------


@dataclass
class Outcome:
    rows: int = 0
    rows_with_errors: int = 0
    problems: list[dict] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.file_errors and self.rows > 0

    def as_results(self, resource_class, headers: dict[str, str]) -> dict:
        problems = [
            {
                **problem,
                "column": headers.get(problem["field"])
                or resource_class.label_of(problem["field"]),
            }
            for problem in self.problems[:MAX_PROBLEMS]
        ]
        return {
            "rows_ok": self.rows - self.rows_with_errors,
            "rows_with_errors": self.rows_with_errors,
            "errors": problems,
            "errors_not_shown": max(0, len(self.problems) - MAX_PROBLEMS),
            "file_errors": self.file_errors,
            "ignored_columns": self.ignored_columns,
            "counts": self.counts,
        }


class Rollback(Exception):  # noqa: N818 - not an error: the way out of a dry run
    pass


def run_import(
    kind: str, content: bytes, fmt: str, *, dry_run: bool, actor=None, job_id=None, progress=None
) -> tuple[Outcome, dict]:
    """Read ``content`` and import it as ``kind`` (or only try, ``dry_run``).

    Returns the outcome and the file's header per column key. Nothing stays
    written unless ``dry_run`` is false and every row went in.
    """
    resource_class = RESOURCES[kind]
    outcome = Outcome()
    try:
        table = read_table(content, fmt)
        mapping = map_headers(resource_class, table.headers)
    except ImportFileError as exc:
        outcome.file_errors.append(exc.message)
        return outcome, {}
    headers = {key: table.headers[i] for i, key in enumerate(mapping.keys) if key}
    outcome.rows = len(table.rows)
    outcome.ignored_columns = mapping.ignored
    if progress is not None:
        progress.start(outcome.rows)
    resource = resource_class(actor=actor, job_id=job_id, progress=progress)
    resource.dry_run = dry_run
    dataset = dataset_for(resource, table, mapping)
    try:
        with transaction.atomic():
            result = resource.import_data(
                dataset,
                dry_run=dry_run,
                use_transactions=True,
                rollback_on_validation_errors=True,
                raise_errors=False,
            )
            if dry_run or resource.problems or result.has_errors():
                raise Rollback
    except Rollback:
        pass
    outcome.problems = sorted(resource.problems, key=lambda p: p["row"] or 0)
    outcome.rows_with_errors = resource.rows_with_errors
    outcome.file_errors.extend(
        resource.describe_exception(error.error) for error in result.base_errors
    )
    outcome.counts = resource.counts
    return outcome, headers


class Progress:
    """Rows done, written where the polling page sees them while the import's own
    transaction is still open: through a connection of its own, in autocommit, a
    few times a second at most. A failure to write progress never stops an import.
    """

    INTERVAL = 0.5

    def __init__(self, job: ImportJob, status: str):
        self.job_id = job.pk
        self.status = status
        self.tenant = getattr(connection, "tenant", None)
        self.conn = None
        self.last = 0.0
        self.broken = False

    def start(self, rows_total: int) -> None:
        self._write(status=self.status, rows_total=rows_total, rows_done=0)

    def __call__(self, rows_done: int) -> None:
        now = time.monotonic()
        if now - self.last >= self.INTERVAL:
            self.last = now
            self._write(rows_done=rows_done)

    def _write(self, **values) -> None:
        if self.broken or self.tenant is None:
            return
        try:
            if self.conn is None:
                self.conn = connections.create_connection(DEFAULT_DB_ALIAS)
                self.conn.set_tenant(self.tenant)
                with self.conn.cursor() as cursor:
                    # Never wait on a lock here: progress is worth less than the import.
                    cursor.execute("SET lock_timeout = '1s'")
            table = self.conn.ops.quote_name(ImportJob._meta.db_table)
            names = sorted(values)
            assignments = ", ".join(f"{self.conn.ops.quote_name(name)} = %s" for name in names)
            with self.conn.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608 - names are ours
                    [*(values[name] for name in names), self.job_id],
                )
        except DatabaseError:
            logger.warning("Import progress of job %s could not be written", self.job_id)
            self.broken = True

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


# --- the services ------------------------------------------------------------------------------


def import_job_create(
    *, kind: str, file_name: str, content: bytes, actor=None, language: str | None = None
) -> ImportJob:
    """Keep an uploaded file as a job and have it checked (the dry run) in the background."""
    from .import_tasks import run_import_job

    if kind not in RESOURCES:
        raise ImportFileError(_("Choose what the file holds."), field="kind")
    if not content:
        raise ImportFileError(_("The file is empty."), field="file")
    if len(content) > MAX_FILE_BYTES:
        raise ImportFileError(too_big_message(), field="file")
    fmt = file_format(file_name, content)
    with transaction.atomic():
        job = ImportJob.objects.create(
            kind=kind,
            file_name=(file_name or "")[-255:],
            file_format=fmt,
            file_size=len(content),
            content=content,
            language=language or translation.get_language() or "nl",
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        log(job, "members.import.uploaded", user=actor, data={"kind": kind, "file": job.file_name})
        run_import_job.enqueue(job_id=job.pk)
    return job


def import_job_confirm(*, job: ImportJob, actor=None) -> ImportJob:
    """The board read the dry run and asks for the real import (once; a second click
    finds the job importing already)."""
    from .import_tasks import run_import_job

    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status in (S.IMPORTING, S.DONE):
            return job
        if not job.can_import:
            raise MembersError(
                _("This file cannot be imported: correct the rows the check found, then upload it.")
            )
        job.status = S.IMPORTING
        job.rows_done = 0
        job.imported_by = actor if getattr(actor, "pk", None) else None
        job.save(update_fields=["status", "rows_done", "imported_by"])
        log(job, "members.import.confirmed", user=actor)
        run_import_job.enqueue(job_id=job.pk)
    return job


def _lock(job_id: int) -> None:
    """One run of a job at a time (a second waits, then finds nothing left to do)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))",
            [f"members.import.{connection.schema_name}.{job_id}"],
        )


def import_job_run(*, job_id: int) -> str:
    """Run what a job waits for: its dry run (queued) or its import (importing).

    Safe to run twice: under the job's lock, a job that is checked, done or
    failed has nothing left to do. A run cut short (a worker that died) left its
    data rolled back and can simply run again.
    """
    with transaction.atomic():
        _lock(job_id)
        job = ImportJob.objects.filter(pk=job_id).first()
        if job is None or job.status not in (S.QUEUED, S.RUNNING, S.IMPORTING):
            return "nothing to do"
        dry_run = job.status != S.IMPORTING
        progress = Progress(job, S.RUNNING if dry_run else S.IMPORTING)
        try:
            with translation.override(job.language):
                outcome, headers = _run_safely(job, dry_run=dry_run, progress=progress)
        finally:
            progress.close()
        _finish(job, outcome, headers, dry_run=dry_run)
    return job.status


def _run_safely(job: ImportJob, *, dry_run: bool, progress) -> tuple[Outcome, dict]:
    try:
        with transaction.atomic():
            return run_import(
                job.kind,
                bytes(job.content),
                job.file_format,
                dry_run=dry_run,
                actor=job.imported_by if not dry_run else job.created_by,
                job_id=job.pk,
                progress=progress,
            )
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        outcome = Outcome(
            file_errors=[_("The import stopped on an unexpected error; nothing was written.")]
        )
        return outcome, {}


def _finish(job: ImportJob, outcome: Outcome, headers: dict, *, dry_run: bool) -> None:
    now = timezone.now()
    job.results = outcome.as_results(RESOURCES[job.kind], headers)
    job.rows_total = outcome.rows
    job.rows_done = outcome.rows
    fields = ["results", "rows_total", "rows_done", "status"]
    if dry_run:
        job.status = S.DRY_RUN_DONE
        job.checked_at = now
        fields.append("checked_at")
        action = "members.import.checked"
    elif outcome.ok:
        job.status = S.DONE
        job.imported_at = now
        fields.append("imported_at")
        action = "members.import.done"
    else:
        job.status = S.FAILED
        action = "members.import.failed"
    if not (dry_run and outcome.ok):
        # The file is kept only while it may still be imported.
        job.content = b""
        fields.append("content")
    job.save(update_fields=fields)
    log(
        job,
        action,
        user=job.created_by if dry_run else job.imported_by,
        data={
            "rows": outcome.rows,
            "rows_with_errors": outcome.rows_with_errors,
            "counts": outcome.counts,
        },
    )
