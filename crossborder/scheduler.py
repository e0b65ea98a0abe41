"""The periodic jobs' scheduler, run as its own supervised process by `manage.py run_scheduler`.

The jobs are data: settings.SCHEDULED_JOBS maps a name to a dotted path and an interval (the
delivery sweep, service-level reassignment, retention). Each job has a `ScheduledJob` row: a
scheduler runs a job only after moving its `next_run_at` on in one conditional UPDATE, so several
schedulers (more machines, a restart overlapping the old process) never run one job twice in an
interval, and a restart keeps the timetable. The row also records each run's start, end, result
or error: the heartbeat `/healthz` reads (`stale`).

Jobs run in this process, one after the other; each is idempotent, so a scheduler killed
mid-job loses nothing: the next run does the rest.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from crossborder.models import ScheduledJob

logger = logging.getLogger(__name__)
# How long the loop sleeps at most: a job added to another scheduler's timetable, or moved by
# staff, is noticed within this.
MAX_SLEEP_SECONDS = 5.0


def jobs() -> dict[str, tuple[Callable[[], Any], float]]:
    """Name → (function, interval in seconds), from settings.SCHEDULED_JOBS."""
    return {
        name: (import_string(path), float(every)) for name, (path, every) in settings.SCHEDULED_JOBS.items()
    }


def run_due(now: datetime | None = None) -> list[str]:
    """Run every job that is due and that this process claims; returns their names."""
    ran = []
    for name, (function, every) in jobs().items():
        if _claim(name, every, now or timezone.now()):
            run(name, function)
            ran.append(name)
    return ran


def _claim(name: str, every: float, now: datetime) -> bool:
    ScheduledJob.objects.get_or_create(name=name, defaults={"next_run_at": now})
    return bool(
        ScheduledJob.objects.filter(name=name, next_run_at__lte=now).update(
            next_run_at=now + timedelta(seconds=every)
        )
    )


def run(name: str, function: Callable[[], Any]) -> None:
    """Run one job now and record how it went (an exception is recorded, not raised)."""
    started = timezone.now()
    ScheduledJob.objects.get_or_create(name=name, defaults={"next_run_at": started})
    ScheduledJob.objects.filter(name=name).update(last_started_at=started)
    try:
        result, error = _summary(function()), ""
    except Exception as exc:  # a failing job must not stop the others: recorded, logged, shown in /healthz
        logger.exception("scheduled job %s failed", name)
        result, error = "", f"{type(exc).__name__}: {exc}"[:300]
    ScheduledJob.objects.filter(name=name).update(
        last_finished_at=timezone.now(), last_result=result, last_error=error, runs=F("runs") + 1
    )


def _summary(result: Any) -> str:
    if isinstance(result, list):
        result = len(result)
    return str(result)[:300]


def serve(stop: threading.Event) -> None:
    """Run due jobs until `stop` is set (SIGTERM), sleeping until the next one is due."""
    while not stop.is_set():
        close_old_connections()  # a long-lived process: drop a connection the database closed
        try:
            run_due()
            wait = _seconds_to_next()
        except Exception:  # the database is away: try again shortly, never exit on it
            logger.exception("scheduler tick failed")
            wait = MAX_SLEEP_SECONDS
        stop.wait(wait)


def _seconds_to_next() -> float:
    names = list(settings.SCHEDULED_JOBS)
    soonest = (
        ScheduledJob.objects.filter(name__in=names)
        .order_by("next_run_at")
        .values_list("next_run_at", flat=True)
    )
    first = soonest.first()
    if first is None:
        return 0.0
    return min(max((first - timezone.now()).total_seconds(), 0.05), MAX_SLEEP_SECONDS)


def stale(name: str, every: float) -> str:
    """The health of one job: "" if it finished within five intervals (or never started: no
    scheduler has run yet), otherwise what is wrong."""
    job = ScheduledJob.objects.filter(name=name).first()
    if job is None:
        return ""
    last = job.last_finished_at or job.last_started_at
    if last is not None and last < timezone.now() - timedelta(seconds=every * 5):
        return f"no {name} since {last:%Y-%m-%d %H:%M:%S} (is manage.py run_scheduler running?)"
    if job.last_error:
        return f"the last {name} failed: {job.last_error}"
    return ""
