"""`serve`'s supervisor: a dead background child comes back after a back-off; an essential child
that keeps dying stops everything, loudly. Real child processes, a fake clock."""

from __future__ import annotations

import sys
import time

import pytest

from portal import supervisor
from portal.supervisor import Child, GaveUp, Supervisor

SLEEP = [sys.executable, "-c", "import time; time.sleep(60)"]
DIE = [sys.executable, "-c", "raise SystemExit(3)"]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _wait_exited(sup: Supervisor, name: str) -> None:
    child = next(c for c in sup.children if c.spec.name == name)
    assert child.process is not None
    child.process.wait(timeout=30)


def test_backoff_doubles_up_to_a_cap() -> None:
    assert [supervisor.backoff(n) for n in (1, 2, 3, 4)] == [1.0, 2.0, 4.0, 8.0]
    assert supervisor.backoff(50) == supervisor.BACKOFF_MAX_SECONDS


def test_a_dead_worker_is_restarted_after_its_backoff(caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    sup = Supervisor([Child("web", SLEEP, essential=True), Child("worker", DIE)], env={}, clock=clock)
    sup.start()
    try:
        first = sup.pids()["web"]
        _wait_exited(sup, "worker")
        sup.tick()
        assert "worker" not in sup.pids()  # waiting out its back-off
        assert "worker (pid" in caplog.text and "restarting in 1 s" in caplog.text
        clock.now += supervisor.backoff(1)
        sup.tick()
        assert "worker" in sup.pids()  # started again
        _wait_exited(sup, "worker")
        sup.tick()
        assert "restarting in 2 s" in caplog.text  # a second quick failure waits longer
        assert sup.pids()["web"] == first  # the others are left alone
    finally:
        sup.stop()
    assert sup.pids() == {}


def test_a_worker_that_ran_a_while_restarts_from_the_shortest_backoff(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    sup = Supervisor([Child("worker", DIE)], env={}, clock=clock)
    sup.start()
    try:
        child = sup.children[0]
        child.failures = 5
        clock.now += supervisor.STABLE_SECONDS
        _wait_exited(sup, "worker")
        sup.tick()
        assert child.failures == 1 and "restarting in 1 s" in caplog.text
    finally:
        sup.stop()


def test_an_essential_child_failing_repeatedly_stops_everything() -> None:
    clock = Clock()
    sup = Supervisor([Child("worker", SLEEP), Child("web", DIE, essential=True)], env={}, clock=clock)
    sup.start()
    worker = sup.children[0].process
    with pytest.raises(GaveUp, match="web exited \\(3\\) 3 times in a row"):
        for _ in range(supervisor.ESSENTIAL_MAX_FAILURES):
            _wait_exited(sup, "web")
            sup.tick()
            clock.now += supervisor.BACKOFF_MAX_SECONDS
            sup.tick()
    assert worker is not None and worker.poll() is not None  # stopped with it
    assert sup.pids() == {}


def test_start_waits_for_a_port_and_gives_up_when_the_child_dies_first() -> None:
    started = time.monotonic()
    with pytest.raises(GaveUp, match="store exited \\(3\\) while starting"):
        Supervisor([Child("store", DIE, essential=True, port=1)], env={}).start()
    assert time.monotonic() - started < supervisor.READY_SECONDS


def test_serve_refuses_several_web_processes_without_redis(settings) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import CommandError, call_command

    settings.REDIS_URL = ""
    with pytest.raises(CommandError, match=r"WEB_WORKERS=2 needs REDIS_URL.*throttle counters"):
        call_command("serve", "--web-workers", "2")


def test_the_web_processes_get_a_connection_pool_on_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    from portal.management.commands import serve

    postgresql, sqlite = "django.db.backends.postgresql", "django.db.backends.sqlite3"
    monkeypatch.delenv("DB_POOL_SIZE", raising=False)
    monkeypatch.delenv("WARM_UP_AT_START", raising=False)
    assert serve._web_env(postgresql, workers=1)["DB_POOL_SIZE"] == str(serve.WEB_DB_POOL_SIZE)
    monkeypatch.setenv("DB_POOL_SIZE", "0")  # the operator's choice wins: no pool
    assert serve._web_env(postgresql, workers=1)["DB_POOL_SIZE"] == "0"
    assert "DB_POOL_SIZE" not in serve._web_env(sqlite, workers=1)


def test_the_web_processes_warm_up_as_they_start(monkeypatch: pytest.MonkeyPatch) -> None:
    from portal.management.commands import serve

    monkeypatch.delenv("WARM_UP_AT_START", raising=False)
    assert serve._web_env("django.db.backends.sqlite3", workers=1)["WARM_UP_AT_START"] == "1"
    monkeypatch.setenv("WARM_UP_AT_START", "0")  # the operator's choice wins
    assert serve._web_env("django.db.backends.sqlite3", workers=1)["WARM_UP_AT_START"] == "0"


def test_the_web_processes_share_the_cores_among_their_answer_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from portal.management.commands import serve

    monkeypatch.delenv("CHAT_ANSWER_PROCESSES", raising=False)
    monkeypatch.setattr(serve.os, "cpu_count", lambda: 4)
    sqlite = "django.db.backends.sqlite3"
    assert [serve._web_env(sqlite, workers=n)["CHAT_ANSWER_PROCESSES"] for n in (1, 2, 8)] == ["4", "2", "1"]
    monkeypatch.setenv("CHAT_ANSWER_PROCESSES", "0")  # the operator's choice wins: answers in the web process
    assert serve._web_env(sqlite, workers=1)["CHAT_ANSWER_PROCESSES"] == "0"


def test_db_pool_size_configures_a_pool_without_persistent_connections() -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = "from django.conf import settings as s; d = s.DATABASES['default']; print(d['OPTIONS']['pool'], d['CONN_MAX_AGE'])"
    env = {
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": "postgres://u@127.0.0.1:5432/x",
        "DB_POOL_SIZE": "3",
        "DB_CONN_MAX_AGE": "60",
    }
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings'; django.setup(); {code}",
        ],
        cwd=ROOT,
        env={**env, "PORTAL_DATA_DIR": str(ROOT / "var" / "test-settings")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[-2] == "{'min_size': 1, 'max_size': 3, 'timeout': 10} 0"
