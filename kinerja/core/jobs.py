"""Background jobs with visible status.

A job kind is registered with a runner `fn(job, progress)`; `job_start` stores a Job row and
enqueues the django-tasks task after commit. The runner reports progress through `progress(n,
total)`, which the page polls. Tests use the immediate backend, so the job runs at commit."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from .models import Job

logger = logging.getLogger(__name__)

Runner = Callable[[Job, Callable[[int, int], None]], dict[str, Any]]
_RUNNERS: dict[str, Runner] = {}


def register(kind: str) -> Callable[[Runner], Runner]:
    def decorator(fn: Runner) -> Runner:
        _RUNNERS[kind] = fn
        return fn

    return decorator


def job_start(
    *, kind: str, actor: Any, params: dict[str, Any] | None = None, input_file=None
) -> Job:
    job = Job(kind=kind, params=params or {}, created_by=actor if actor and actor.pk else None)
    if input_file is not None:
        job.input_file.save(getattr(input_file, "name", "input"), input_file, save=False)
    job.save()
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    runner = _RUNNERS.get(job.kind)
    if runner is None:
        _fail(job, f"unknown job kind {job.kind}")
        return
    job.status = Job.Status.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["status", "started_at", "updated_at"])

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job.pk).update(progress=done, total=total, updated_at=timezone.now())

    try:
        result = runner(job, progress)
    except Exception:  # noqa: BLE001 - a job must record its failure, whatever it is
        logger.exception("job %s failed", job.pk)
        _fail(job, traceback.format_exc(limit=3))
        return
    finally:
        _discard_input(job)
    job.refresh_from_db(fields=["progress", "total"])
    job.status = Job.Status.DONE
    job.result = result or {}
    job.finished_at = timezone.now()
    job.progress = job.total
    job.save(update_fields=["status", "result", "finished_at", "progress", "updated_at"])


def _discard_input(job: Job) -> None:
    """Uploaded spreadsheets carry names and NIPs: keep them only while the job runs."""
    if job.input_file:
        try:
            job.input_file.delete(save=False)
        except OSError:
            logger.warning("could not delete the input of job %s", job.pk)
        Job.objects.filter(pk=job.pk).update(input_file="")


def _fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED, message=message, finished_at=timezone.now()
    )
