"""`/healthz` reports a dead worker, a stale sweep and an unreachable store (issue 13, Low)."""

from __future__ import annotations

import logging
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from crossborder.models import ScheduledJob
from knowledge.tasks import index_document
from portal import health
from portal.supervisor import Child, Supervisor, read_status

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.now() - timedelta(hours=2)
DIE = [sys.executable, "-c", "raise SystemExit(3)"]


def test_healthy(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["status"] == "ok"
    assert {"database", "cache", "vector_store", "worker:default", "worker:indexing", "sweep"} <= set(
        response.json()["checks"]
    )


def test_a_queue_nobody_works_on_is_reported(client: Client) -> None:
    index_document.enqueue(1)
    DBTaskResult.objects.update(run_after=LONG_AGO)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker:indexing"].startswith("fail")
    assert response.json()["checks"]["worker:default"] == "ok"


def test_a_stale_sweep_is_reported(client: Client) -> None:
    # (The scheduler's own tests cover its heartbeat: tests/crossborder/test_scheduler.py.)
    ScheduledJob.objects.create(name="sweep", next_run_at=LONG_AGO, last_finished_at=LONG_AGO)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["sweep"].startswith("fail")


def test_an_unreachable_store_is_reported(client: Client, settings: Any) -> None:
    from tests.conftest import free_port

    settings.CHROMA_URL = f"http://127.0.0.1:{free_port()}"
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["vector_store"].startswith("fail")


def test_a_task_waiting_without_run_after_is_reported(client: Client, settings: Any) -> None:
    """A task enqueued without `run_after` stores the far future there; the old check compared
    run_after and never saw it (issue 13, F1)."""
    index_document.enqueue(1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(seconds=61))
    settings.WORKER_STALL_SECONDS = {**settings.WORKER_STALL_SECONDS, "indexing": 60}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert "is not picked up" in response.json()["checks"]["worker:indexing"]
    settings.WORKER_STALL_SECONDS = {**settings.WORKER_STALL_SECONDS, "indexing": 120}
    assert client.get("/healthz").status_code == 200  # a busy indexer within its limit is fine


def test_heartbeats_make_a_dead_or_hung_worker_visible(client: Client) -> None:
    """An idle queue proves nothing: the scheduler's heartbeat waits on a queue with no live
    worker and fails it after the stall limit; one heartbeat waits per queue, never a pile."""
    assert health.send_heartbeats() == 2
    assert health.send_heartbeats() == 0  # still waiting: not sent again
    assert client.get("/healthz").json()["checks"]["worker:default"] == "ok"  # not late yet
    stalled = timezone.now() - timedelta(seconds=settings.WORKER_STALL_SECONDS["default"] + 1)
    DBTaskResult.objects.filter(queue_name="default").update(enqueued_at=stalled)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json()["checks"]["worker:default"].startswith("fail")
    assert response.json()["checks"]["worker:indexing"] == "ok"
    DBTaskResult.objects.filter(queue_name="default").update(status="SUCCESSFUL", finished_at=timezone.now())
    assert client.get("/healthz").status_code == 200  # a worker ran it: healthy again
    assert health.send_heartbeats() == 1
    assert "worker_heartbeat" in settings.SCHEDULED_JOBS


def test_a_worker_the_supervisor_is_restarting_is_reported_at_once(
    client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    status = tmp_path / "serve.json"
    sup = Supervisor([Child("worker:default", DIE)], env={}, status_file=status)
    sup.start()
    try:
        monkeypatch.setenv(health.SERVE_STATUS_ENV, str(status))
        assert read_status(status)["worker:default"]["state"] == "running"
        process = sup.children[0].process
        assert process is not None
        process.wait(timeout=30)
        sup.tick()
        response = client.get("/healthz")
        assert response.status_code == 503
        assert "serve restarts it in" in response.json()["checks"]["worker:default"]
    finally:
        sup.stop()
    assert not status.exists()
    assert client.get("/healthz").status_code == 200  # serve gone: nothing to read, queues decide


def test_heartbeats_stay_out_of_the_log_unless_they_fail(caplog: pytest.LogCaptureFixture) -> None:
    from portal.logfilters import HEARTBEAT_TASK, QuietHeartbeats

    assert health.heartbeat.module_path == HEARTBEAT_TASK
    quiet = QuietHeartbeats()

    def record(level: int, path: str) -> logging.LogRecord:
        return logging.LogRecord(
            "django_tasks", level, "", 0, "Task id=%s path=%s state=%s", ("1", path, "X"), None
        )

    assert not quiet.filter(record(logging.INFO, HEARTBEAT_TASK))
    assert quiet.filter(record(logging.ERROR, HEARTBEAT_TASK))
    assert quiet.filter(record(logging.INFO, "crossborder.tasks.deliver"))
    assert QuietHeartbeats in {type(f) for f in logging.getLogger("django_tasks").filters}
