"""What `/healthz` checks: every store answers, background work is being picked up, the scheduler's
sweep runs.

A failed check makes the answer 503, so the container healthcheck (and any load balancer) sees a
dead worker or an unreachable store, not only a dead web process.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

# A due job nobody has started for this long means its queue has no live worker.
WORKER_GRACE_SECONDS = 300


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
        from django_tasks_db.models import DBTaskResult

        late = timezone.now() - timedelta(seconds=WORKER_GRACE_SECONDS)
        waiting = DBTaskResult.objects.filter(queue_name=queue, status="READY", run_after__lt=late)
        oldest = waiting.order_by("run_after").values_list("run_after", flat=True).first()
        return (
            "ok" if oldest is None else f"fail: jobs due since {oldest:%Y-%m-%d %H:%M:%S} are not picked up"
        )

    return _guard(check)


def _sweep() -> str:
    """The delivery sweep's heartbeat: its `ScheduledJob` row, written by `manage.py run_scheduler`."""

    def check() -> str:
        from crossborder import scheduler

        problem = scheduler.stale("sweep", settings.SWEEP_INTERVAL_SECONDS)
        return f"fail: {problem}" if problem else "ok"

    return _guard(check)
