"""`manage.py ingest` beside a running portal: it finds the portal's Chroma server by itself, and
says in one line what it cannot do (a tester got a traceback per file, and was told to copy a port)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.vectorstore import SERVED_BY, claim_embedded_folder, served_url
from tests.conftest import ROOT, free_port, wait_for_port
from tests.knowledge.test_admin_upload import _ask_ws, _manage, _serve, _served_env

FIXTURE = ROOT / "tests" / "fixtures" / "harbourview-care.md"


def _ingest(env: dict[str, str], *paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "ingest", *map(str, paths)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_serve_lock_names_its_chroma_server_and_nothing_else_does() -> None:
    url = "http://127.0.0.1:40947"
    assert served_url(SERVED_BY.format(pid=8044, url=url)) == url
    assert served_url("manage.py reindex (process 5)") is None
    assert served_url("process 8044") is None


@pytest.mark.slow
def test_ingest_while_the_portal_runs_indexes_through_its_server_and_the_portal_answers(
    tmp_path: Path,
) -> None:
    env = _served_env(tmp_path)
    _manage(env, "migrate", "--no-input", "-v", "0")
    port = free_port()
    server = _serve(env, port, "--no-worker")
    try:
        wait_for_port(port, timeout=90, process=server)
        done = _ingest(env, FIXTURE)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "indexing through its Chroma server at http://127.0.0.1:" in done.stdout
        assert "1 documents" in done.stdout and "Traceback" not in done.stderr
        question = "What is the waiting period for illness under the Harbourview Cross-Border Care Plan?"
        frame = asyncio.run(_ask_ws(f"ws://127.0.0.1:{port}/ws/chat/", question))
        assert frame["type"] == "answer" and "45 days" in frame["text"], frame
        assert {c["doc_id"] for c in frame["citations"]} == {"harbourview-care"}
        assert server.poll() is None, "the portal served throughout"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    # The portal gone, its address in the lock file is stale and unused: ingest embeds the folder.
    again = _ingest(env, FIXTURE)
    assert again.returncode == 0 and "Chroma server" not in again.stdout, again.stderr[-2000:]


@pytest.mark.parametrize(
    ("holder", "said"),
    [
        ("manage.py reindex (process 5)", "is in use by manage.py reindex (process 5)"),
        (SERVED_BY.format(pid=5, url="http://127.0.0.1:{port}"), "did not answer"),
    ],
)
def test_an_index_ingest_cannot_open_is_one_line_not_a_traceback_per_file(
    tmp_path: Path, holder: str, said: str
) -> None:
    claim_embedded_folder(tmp_path / "chroma", holder=holder.format(port=free_port()))
    done = _ingest(_served_env(tmp_path), FIXTURE, FIXTURE)
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if not line.startswith("AXES:")]
    assert len(errors) == 1 and errors[0].startswith("CommandError: cannot open the index:"), done.stderr
    assert said in errors[0]
