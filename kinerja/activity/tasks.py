"""Background tasks of daily work: thin wrappers that call a service."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from . import reminders


@task()
def send_reminders(idle_days: int = 3, pending_days: int = 3) -> dict[str, Any]:
    """The daily reminders (see `reminders.send_reminders`), for a scheduler that enqueues
    tasks instead of running the management command."""
    return reminders.send_reminders(idle_days=idle_days, pending_days=pending_days)
