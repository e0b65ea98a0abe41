"""What `/healthz` checks: every store answers, background work is being picked up, the scheduler's
sweep runs.

A failed check makes the answer 503, so the container healthcheck (and any load balancer) sees a
dead worker or an unreachable store, not only a dead web process.

A queue is "being worked" when nothing on it waits longer than its stall limit
(settings.WORKER_STALL_SECONDS). An idle queue would prove nothing, so the scheduler puts a no-op
`heartbeat` task on every queue every WORKER_HEARTBEAT_SECONDS: a dead worker, or one hung
(SIGSTOP, a deadlock) or stuck on one task, leaves it waiting and the queue fails within about
heartbeat + stall seconds. Under `manage.py serve` the supervisor's own knowledge is read too, so
a worker that exited is reported at once, with when it restarts.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from portal import supervisor

# `manage.py serve` tells its children where it publishes which of them are down.
SERVE_STATUS_ENV = "PORTAL_SERVE_STATUS"
# A stall limit for a queue settings.WORKER_STALL_SECONDS does not name.
DEFAULT_STALL_SECONDS = 30.0


def report() -> tuple[bool, dict[str, str]]:
    checks = {
        "database": _database(),
        "cache": _cache(),
        "vector_store": _vector_store(),
        **{
            f"worker:{queue}": _queue(queue) for queue in settings.TASKS["default"].get("QUEUES", ["default"])
        },
        "sweep": _sweep(),
    }
    return all(not value.startswith("fail") for value in checks.values()), checks


def _guard(check: Any) -> str:
    try:
        return str(check())
    except Exception as exc:  # any failure is the answer, not a 500
        return f"fail: {type(exc).__name__}"


def _database() -> str:
    def check() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"

    return _guard(check)


def _cache() -> str:
    def check() -> str:
        cache.set("healthz", "1", 30)
        return "ok" if cache.get("healthz") == "1" else "fail: the cache does not keep values"

    return _guard(check)


def _vector_store() -> str:
    if not settings.CHROMA_URL:
        return "ok (embedded)"

    def check() -> str:
        response = httpx.get(f"{settings.CHROMA_URL.rstrip('/')}/api/v2/heartbeat", timeout=2)
        return "ok" if response.status_code == 200 else f"fail: HTTP {response.status_code}"

    return _guard(check)


def _queue(queue: str) -> str:
    def check() -> str:
        if down := _supervised(f"worker:{queue}"):
            return f"fail: {down}"
        stall = settings.WORKER_STALL_SECONDS.get(queue, DEFAULT_STALL_SECONDS)
        since = _oldest_waiting(queue)
        if since is not None and since < timezone.now() - timedelta(seconds=stall):
            return (
                f"fail: a task due since {since:%Y-%m-%d %H:%M:%S} is not picked up "
                f"(limit {stall:.0f} s): is its worker dead, hung or stuck on one task?"
            )
        return "ok"

    return _guard(check)


def _oldest_waiting(queue: str) -> datetime | None:
    """When the longest-waiting runnable task on a queue became due (its enqueue time, unless
    it was deferred: a task enqueued with no `run_after` stores the far future)."""
    from django_tasks_db.models import DBTaskResult, get_date_max

    never = get_date_max()
    due_now = DBTaskResult.objects.filter(queue_name=queue, status="READY").filter(
        Q(run_after=never) | Q(run_after__lte=timezone.now())
    )
    queued = due_now.filter(run_after=never).order_by("enqueued_at").values_list("enqueued_at", flat=True)
    deferred = due_now.exclude(run_after=never).order_by("run_after").values_list("run_after", flat=True)
    times = [t for t in (queued.first(), deferred.first()) if t is not None]
    return min(times) if times else None


def _supervised(name: str) -> str:
    """What `serve`'s supervisor says is wrong with one child, or "" (not under serve, or running)."""
    path = os.environ.get(SERVE_STATUS_ENV)
    child = supervisor.read_status(Path(path)).get(name, {}) if path else {}
    if not isinstance(child, dict) or child.get("state") != "down":
        return ""
    restart_at = child.get("restart_at")
    wait = max(0.0, float(restart_at) - time.time()) if isinstance(restart_at, int | float) else 0.0
    return f"the worker exited; serve restarts it in {wait:.0f} s"


@task()
def heartbeat() -> str:
    """A no-op: that it ran at all proves its queue's worker is alive."""
    return "ok"


def send_heartbeats() -> int:
    """Put a heartbeat on every queue that has none waiting (a dead worker must not pile them up),
    and drop finished ones older than an hour; returns how many were sent. Run by the scheduler."""
    from django_tasks_db.models import DBTaskResult

    mine = DBTaskResult.objects.filter(task_path=heartbeat.module_path)
    mine.filter(finished_at__lt=timezone.now() - timedelta(hours=1)).delete()
    sent = 0
    for queue in settings.TASKS["default"].get("QUEUES", ["default"]):
        if not mine.filter(queue_name=queue, status="READY").exists():
            heartbeat.using(queue_name=queue).enqueue()
            sent += 1
    return sent


def _sweep() -> str:
    """The delivery sweep's heartbeat: its `ScheduledJob` row, written by `manage.py run_scheduler`."""

    def check() -> str:
        from crossborder import scheduler

        problem = scheduler.stale("sweep", settings.SWEEP_INTERVAL_SECONDS)
        return f"fail: {problem}" if problem else "ok"

    return _guard(check)
