"""Chat fixtures: small plan documents (English and Traditional Chinese) in a fresh index."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from knowledge.ingest import DocumentMeta, ingest_document, register_document
from tests.conftest import ROOT

DOCS = [
    (
        ROOT / "tests" / "fixtures" / "harbourview-care.md",
        DocumentMeta(
            doc_id="harbourview-care",
            insurer="Harbourview Test Assurance Limited",
            product="harbourview-care",
            product_line="gba_medical",
            language="en",
            title="Harbourview Cross-Border Care Plan",
            effective_date="2026-01-01",
        ),
    ),
    (
        Path(__file__).parent / "fixtures" / "lantau-senior.md",
        DocumentMeta(
            doc_id="lantau-senior",
            insurer="Lantau Test Assurance Limited",
            product="lantau-senior",
            product_line="gba_medical",
            language="zh-Hant",
            title="大嶼山長者住院計劃",
            effective_date="2026-01-01",
        ),
    ),
]


@pytest.fixture
def plan_documents(knowledge_index: None, transactional_db: None) -> list[str]:
    for path, meta in DOCS:
        assert ingest_document(register_document(path, meta)) > 0
    return [meta.doc_id for _, meta in DOCS]


FIXTURES = Path(__file__).parent / "fixtures"
# For the composer: a hospital list with its lead-in, an age-banded premium table, a subsidy the
# document defers to a government notice, and two editions of one export credit policy.
COMPOSER_DOCS = [
    (
        FIXTURES / "shamshuipo-medical.md",
        DocumentMeta(
            doc_id="shamshuipo-gba",
            insurer="Sham Shui Po Test Assurance Limited",
            product="shamshuipo-gba",
            product_line="gba_medical",
            language="en",
            title="Sham Shui Po GBA Hospital Plan",
            effective_date="2026-01-01",
        ),
    ),
    *(
        (
            FIXTURES / f"kowloon-exportcover-{year}.md",
            DocumentMeta(
                doc_id=f"kowloon-exportcover-{year}",
                insurer="Kowloon Test Credit Limited",
                product="kowloon-exportcover",
                product_line="export_credit",
                language="en",
                title=f"Kowloon ExportCover ({year} edition)",
                effective_date=f"{year}-01-01",
            ),
        )
        for year in (2025, 2026)
    ),
]


@pytest.fixture
def composer_documents(plan_documents: list[str]) -> list[str]:
    for path, meta in COMPOSER_DOCS:
        assert ingest_document(register_document(path, meta)) > 0
    return [*plan_documents, *(meta.doc_id for _, meta in COMPOSER_DOCS)]


# An OpenAI-compatible server on loopback (chat completions, SSE streaming): the LLM composer is
# tested over the real wire protocol, nothing in the client patched.
class FakeOpenAI:
    def __init__(self) -> None:
        self.reply = ""
        self.delay = 0.0
        self.status = 200
        self.requests: list[dict[str, Any]] = []


def _handler(state: FakeOpenAI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            state.requests.append(body)
            time.sleep(state.delay)
            if state.status != 200:
                self.send_response(state.status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"error": {"message": "overloaded", "type": "server_error"}}')
                return
            base = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": body["model"]}
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            words = state.reply.split(" ")
            for i, word in enumerate(words):
                piece = word if i == 0 else " " + word
                chunk = {
                    **base,
                    "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}],
                }
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            done = {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
            self.wfile.write(f"data: {json.dumps(done)}\n\ndata: [DONE]\n\n".encode())

    return Handler


@pytest.fixture
def fake_llm(settings: Any) -> Iterator[FakeOpenAI]:
    state = FakeOpenAI()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.OPENAI_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}/v1"
    settings.OPENAI_API_KEY = "test"
    settings.LLM_TIMEOUT_SECONDS = 2.0
    yield state
    server.shutdown()
