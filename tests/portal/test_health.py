"""`/healthz` reports a dead worker, a stale sweep and an unreachable store (issue 13, Low)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from crossborder.models import ScheduledJob
from knowledge.tasks import index_document

pytestmark = pytest.mark.django_db
LONG_AGO = timezone.now() - timedelta(hours=2)


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
