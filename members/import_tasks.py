"""The background half of an import: checking a file, then importing it.

Apart from ``members.tasks`` (the mails) so that importing a module of mails
never loads the import machinery, and the other way round.
"""

from __future__ import annotations

from django_tasks import task


@task()
def run_import_job(job_id: int) -> str:
    """Run the dry run or the import that the job waits for (safe to run twice:
    ``import_job_run`` does nothing for a job that has nothing left to do)."""
    from .imports import import_job_run

    return import_job_run(job_id=job_id)
