"""What `make run` serves: `manage.py serve` (Daphne + a task worker) answers over /ws/chat/.

Runs the shipped server as real processes on a fresh data folder with the embedded defaults.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import websockets

from tests.conftest import ROOT, free_port, wait_for_port

pytestmark = pytest.mark.slow


def _env(data_dir: Path) -> dict[str, str]:
    drop = {"DATABASE_URL", "REDIS_URL", "CHROMA_URL", "OPENAI_BASE_URL", "TEST_DATABASE_NAME"}
    return {**{k: v for k, v in os.environ.items() if k not in drop}, "PORTAL_DATA_DIR": str(data_dir)}


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


def test_served_portal_answers_with_a_citation(tmp_path: Path) -> None:
    env = _env(tmp_path)
    assert _manage(env, "migrate", "--no-input", "-v", "0").returncode == 0
    ingest = _manage(env, "ingest", str(ROOT / "tests" / "fixtures" / "harbourview-care.md"))
    assert ingest.returncode == 0, ingest.stderr
    assert "1 documents" in ingest.stdout

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for_port(port, timeout=60, process=server)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            assert json.load(response)["status"] == "ok"
        answer = asyncio.run(
            _ask(f"ws://127.0.0.1:{port}/ws/chat/", "What is the waiting period for illness?")
        )
        assert answer["type"] == "answer"
        assert "45 days" in str(answer["text"])
        assert [c["doc_id"] for c in answer["citations"]] == ["harbourview-care"]  # type: ignore[union-attr]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
