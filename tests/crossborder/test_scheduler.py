"""The scheduler (`manage.py run_scheduler`): the periodic jobs run from its timetable, once per
interval whatever the number of schedulers, and its heartbeat is what `/healthz` reports."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from crossborder import scheduler
from crossborder.models import ScheduledJob

pytestmark = pytest.mark.django_db
CALLS: list[str] = []


def count() -> int:
    CALLS.append("count")
    return 7


def broken() -> None:
    raise RuntimeError("the store is away")


@pytest.fixture
def two_jobs(settings: Any) -> None:
    CALLS.clear()
    settings.SCHEDULED_JOBS = {
        "sweep": ("tests.crossborder.test_scheduler.count", 60),
        "broken": ("tests.crossborder.test_scheduler.broken", 3600),
    }


def test_due_jobs_run_once_per_interval_whoever_asks(two_jobs: None) -> None:
    now = timezone.now()
    assert scheduler.run_due(now) == ["sweep", "broken"]  # first start: everything is due
    assert scheduler.run_due(now) == [], "a second scheduler at the same moment runs nothing"
    assert scheduler.run_due(now + timedelta(seconds=61)) == ["sweep"]
    assert CALLS == ["count", "count"]
    sweep, failed = ScheduledJob.objects.get(name="sweep"), ScheduledJob.objects.get(name="broken")
    assert (sweep.runs, sweep.last_result, sweep.last_error) == (2, "7", "")
    assert sweep.next_run_at == now + timedelta(seconds=121)
    assert failed.last_error == "RuntimeError: the store is away" and failed.last_finished_at is not None


def test_the_timetable_survives_a_restart(two_jobs: None) -> None:
    now = timezone.now()
    scheduler.run_due(now)
    # A new process (restart) reads the rows: nothing runs before its time, nothing is skipped.
    assert scheduler.run_due(now + timedelta(seconds=30)) == []
    assert scheduler.run_due(now + timedelta(hours=2)) == ["sweep", "broken"]


def test_the_commands(two_jobs: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("run_scheduler", "--once")
    assert "ran: sweep, broken" in capsys.readouterr().out
    call_command("run_scheduler", "--run", "sweep")  # now, though not due
    assert ScheduledJob.objects.get(name="sweep").runs == 2
    with pytest.raises(CommandError, match="store is away"):
        call_command("run_scheduler", "--run", "broken")
    with pytest.raises(CommandError, match="no job 'nope'"):
        call_command("run_scheduler", "--run", "nope")


def test_the_shipped_timetable_runs_the_sweep_reassignment_and_retention() -> None:
    # (The workers' heartbeat is pinned in tests/portal/test_health.py.)
    assert set(scheduler.jobs()) == {"worker_heartbeat", "sweep", "reassign", "retention"}
    assert scheduler.run_due() == ["worker_heartbeat", "sweep", "reassign", "retention"]
    assert not ScheduledJob.objects.exclude(last_error="").exists()


def test_the_sweeps_heartbeat_is_on_healthz(two_jobs: None, client: Client, settings: Any) -> None:
    assert client.get("/healthz").json()["checks"]["sweep"] == "ok"  # no scheduler has started yet
    scheduler.run_due()
    assert client.get("/healthz").status_code == 200
    # The scheduler stops: five intervals without a sweep is a failure.
    long_ago = timezone.now() - timedelta(seconds=settings.SWEEP_INTERVAL_SECONDS * 5 + 1)
    ScheduledJob.objects.filter(name="sweep").update(last_started_at=long_ago, last_finished_at=long_ago)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["sweep"].startswith("fail: no sweep since")
    # Running, but every sweep fails: reported with its error.
    settings.SCHEDULED_JOBS = {"sweep": ("tests.crossborder.test_scheduler.broken", 60)}
    with pytest.raises(CommandError):
        call_command("run_scheduler", "--run", "sweep")
    response = client.get("/healthz")
    assert response.status_code == 503 and "store is away" in response.json()["checks"]["sweep"]
