"""``manage.py scheduler [--once] [--interval SECONDS]``: enqueue the periodic tasks when due.

One long-running process next to the workers. It only enqueues (per active
buurtpunt, or in public, see ``tenants.scheduling``); ``db_worker`` runs the
jobs. Starting a second scheduler is harmless: it skips the passes that the
first one holds the lock for.
"""

import logging
import signal
import threading

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, close_old_connections

from tenants import scheduling

logger = logging.getLogger(__name__)


def positive_seconds(value: str) -> float:
    seconds = float(value)
    if not seconds > 0:
        raise ValueError(value)
    return seconds


class Command(BaseCommand):
    help = "Enqueue the periodic tasks the apps registered when due, per buurtpunt or in public."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="do one pass, then exit")
        parser.add_argument(
            "--interval",
            type=positive_seconds,
            default=60.0,
            help="seconds between passes (default: %(default)s)",
        )

    def handle(self, *args, once: bool, interval: float, **options):
        try:
            scheduling.periodic_tasks()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if once:
            self._report(scheduling.run_pass())
            return
        stop = threading.Event()

        def request_stop(signum, frame):
            logger.info("Scheduler received %s; stopping", signal.strsignal(signum))
            stop.set()

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        logger.info("Scheduler started; a pass every %s s", interval)
        while not stop.is_set():
            close_old_connections()
            try:
                self._report(scheduling.run_pass(), quiet=True)
            except DatabaseError:
                # The database may be restarting; the next pass tries again.
                logger.exception("Scheduler pass failed")
            close_old_connections()
            stop.wait(interval)

    def _report(self, result, *, quiet: bool = False) -> None:
        # A long-running scheduler stays silent about the passes that did nothing.
        if result is None:
            if not quiet:
                self.stdout.write("another scheduler holds the lock; pass skipped")
            return
        for task_path, schema in result.enqueued:
            self.stdout.write(f"enqueued {task_path} in {schema}")
        if not result.enqueued and not quiet:
            self.stdout.write("nothing due")
