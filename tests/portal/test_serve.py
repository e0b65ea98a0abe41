"""What `make run` serves: `manage.py serve` (uvicorn with two web processes, the task workers and a
local Chroma server, supervised) answers over HTTP and /ws/chat/, and a killed worker comes back.

Runs the shipped server as real processes on a fresh data folder (SQLite, local Chroma server).
Several web processes share state through Redis, so this runs in the services configuration.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
import websockets
from django.conf import settings

from tests.conftest import ROOT, free_port, wait_for_port

pytestmark = [pytest.mark.slow, pytest.mark.services]


def _env(data_dir: Path) -> dict[str, str]:
    drop = {"DATABASE_URL", "CHROMA_URL", "OPENAI_BASE_URL", "TEST_DATABASE_NAME"}
    return {
        **{k: v for k, v in os.environ.items() if k not in drop},
        "PORTAL_DATA_DIR": str(data_dir),
        "REDIS_PREFIX": f"serve-test-{uuid.uuid4().hex[:8]}",
        "WEB_WORKERS": "2",
    }


_INSTALL = """
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("ingest", {path!r})
"""


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


async def _ask(url: str, question: str) -> dict[str, object]:
    origin = url.split("/ws/", 1)[0].replace("ws://", "http://", 1)  # same scheme, host and port
    async with websockets.connect(url, origin=origin) as socket:
        await socket.send(json.dumps({"type": "message", "text": question}))
        while True:
            frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=60))
            if frame["type"] in {"answer", "error"}:
                return dict(frame)


def _until(found: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not found():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def _pids(log: Path, name: str) -> list[int]:
    return [int(p) for p in re.findall(rf"started {re.escape(name)} \(pid (\d+)\)", log.read_text())]


def test_served_portal_answers_and_restarts_a_killed_worker(tmp_path: Path) -> None:
    if not settings.REDIS_URL:
        pytest.skip("several web processes need REDIS_URL (the services configuration)")
    env = _env(tmp_path)
    # Set up in one process: each `manage.py` run starts Django and its imports again (seconds apiece).
    ingest = _manage(
        env, "shell", "-c", _INSTALL.format(path=str(ROOT / "tests" / "fixtures" / "harbourview-care.md"))
    )
    assert ingest.returncode == 0, ingest.stderr
    assert "1 documents" in ingest.stdout

    port = free_port()
    log = tmp_path / "serve.log"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        # The supervisor starts the Chroma server, then the web processes (each warming up with its
        # answer worker); on a loaded 2-core machine that takes minutes, as READY_SECONDS allows.
        wait_for_port(port, timeout=300, process=server)
        # Each web process warms up with its answer worker before it serves: minutes on a busy machine.
        _until(lambda: len(re.findall(r"Started server process \[\d+\]", log.read_text())) == 2, timeout=300)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            assert json.load(response)["status"] == "ok"
        answer = asyncio.run(
            _ask(f"ws://127.0.0.1:{port}/ws/chat/", "What is the waiting period for illness?")
        )
        assert answer["type"] == "answer"
        assert "45 days" in str(answer["text"])
        assert [c["doc_id"] for c in answer["citations"]] == ["harbourview-care"]  # type: ignore[union-attr]

        [worker] = _pids(log, "worker:default")
        os.kill(worker, signal.SIGKILL)
        _until(lambda: len(_pids(log, "worker:default")) == 2)  # restarted after its back-off
        assert f"worker:default (pid {worker}) exited" in log.read_text()
        queued = _manage(
            # (crossborder.tasks has no retention task since the scheduler runs it: the heartbeat.)
            env,
            "shell",
            "-c",
            "from portal.health import heartbeat; print(heartbeat.enqueue().id)",
        )
        task_id = queued.stdout.strip().splitlines()[-1]
        with sqlite3.connect(tmp_path / "portal.sqlite3", timeout=30) as db:
            status = "SELECT status FROM django_tasks_database_dbtaskresult WHERE id = ?"
            _until(lambda: db.execute(status, (task_id.replace("-", ""),)).fetchone() in {("SUCCESSFUL",)})
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
