"""The collection records its embedder; a different one is refused until `reindex` switches it.

The OpenAI-compatible endpoint is a local server speaking the real /v1/embeddings protocol
(no such service is reachable here).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.management import call_command

from knowledge import embeddings, vectorstore
from knowledge.ingest import DocumentMeta, ingest_document, register_document
from knowledge.retrieval import retrieve
from knowledge.vectorstore import EmbedderMismatch, get_store
from tests.conftest import ROOT

DIMENSION = 32


def _vector(text: str) -> list[float]:
    vector = [0.0] * DIMENSION
    for word in re.findall(r"\w+", text.lower()):
        vector[int(hashlib.md5(word.encode()).hexdigest(), 16) % DIMENSION] += 1.0
    size = math.sqrt(sum(v * v for v in vector)) or 1.0
    return [v / size for v in vector]


class _EmbeddingsHandler(BaseHTTPRequestHandler):
    requests: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.requests.append(body)
        inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
        payload = {
            "object": "list",
            "model": body["model"],
            "data": [
                {"object": "embedding", "index": i, "embedding": _vector(t)} for i, t in enumerate(inputs)
            ],
            "usage": {"prompt_tokens": 1, "total_tokens": 1},
        }
        data = json.dumps(payload).encode()
        self.send_response(200 if self.path.endswith("/embeddings") else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def embeddings_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _EmbeddingsHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


@pytest.mark.usefixtures("knowledge_index")
@pytest.mark.django_db
def test_switching_embedders_is_refused_until_reindex(settings: Any, embeddings_server: str) -> None:
    doc = register_document(
        ROOT / "tests" / "fixtures" / "harbourview-care.md",
        DocumentMeta(doc_id="hv", insurer="Harbourview", product_line="gba_medical", title="Harbourview"),
    )
    ingest_document(doc)
    collection: Any = get_store()._collection
    assert collection.metadata["embedder"] == embeddings.USE_EMBEDDER_ID
    assert collection.metadata["dimension"] == 512
    assert collection._embedding_function is None, "Chroma's own (downloading) embedder never runs"

    settings.EMBEDDINGS_BASE_URL = embeddings_server
    settings.EMBEDDINGS_MODEL = "test-embedder"
    embeddings.get_embeddings.cache_clear()
    vectorstore.get_store.cache_clear()
    try:
        with pytest.raises(EmbedderMismatch, match="reindex"):
            get_store()
        with pytest.raises(EmbedderMismatch):
            retrieve("illness waiting period")
        call_command("reindex", verbosity=0)
        metadata = get_store()._collection.metadata
        assert metadata["embedder"] == "openai:test-embedder" and metadata["dimension"] == DIMENSION
        assert "45 days" in " ".join(c.text for c in retrieve("waiting period illness", k=3))
        assert _EmbeddingsHandler.requests, "vectors came from the configured endpoint"
    finally:
        embeddings.get_embeddings.cache_clear()
        vectorstore.get_store.cache_clear()


def test_reindex_help_names_its_purpose(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        call_command("reindex", "--help")
    assert "embedder" in capsys.readouterr().out


def test_the_default_embedder_runs_on_one_blas_thread() -> None:
    # The package sets its own BLAS limit (four threads) inside every encode call; on two shared
    # cores that took a question's embedding from about 2 ms to 400 ms.
    embedder = embeddings.UseEmbeddings()
    assert embedder._model.threads == 1
    one, both = embedder.embed_query("waiting period"), embedder.embed_documents(["waiting period", "claims"])
    assert max(abs(a - b) for a, b in zip(one, both[0], strict=True)) < 1e-5, "batching changes nothing"


def test_a_short_text_seen_lately_is_not_encoded_again(monkeypatch: pytest.MonkeyPatch) -> None:
    # A question is embedded for its intent and again for retrieval: the second costs nothing.
    embedder = embeddings.UseEmbeddings()
    encoded: list[list[str]] = []
    encode = embedder._model.encode
    monkeypatch.setattr(embedder._model, "encode", lambda texts: encoded.append(list(texts)) or encode(texts))
    first = embedder.embed_documents(["waiting period", "claims"])
    again = embedder.embed_documents(["claims", "waiting period", "dental"])
    assert encoded == [["waiting period", "claims"], ["dental"]]
    assert again[:2] == [first[1], first[0]] and embedder.embed_query("dental") == again[2]
    # A long text (a document being ingested) is encoded as it comes and not kept.
    embedder.embed_documents(["x" * (embeddings.RECENT_MAX_CHARS + 1)])
    assert len(encoded) == 3 and len(embedder._recent) == 3
