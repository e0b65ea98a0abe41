"""The LLM composer against a local OpenAI-compatible server (chat completions, SSE streaming).

The server speaks the real wire protocol; nothing in the client is patched.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from chat.answering import Answer, answer_question, stream_answer


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


QUESTION = "What is the overall annual limit of the Harbourview Plus plan?"


def test_llm_answer_is_streamed_and_its_citations_checked(
    plan_documents: list[str], fake_llm: FakeOpenAI
) -> None:
    # Every source the prompt numbers is a Harbourview or Lantau chunk; [1] is the best-ranked one.
    fake_llm.reply = "The Plus plan's overall annual limit is HK$2,400,000 a year. [1]"
    items = list(stream_answer(QUESTION))
    final = items[-1]
    assert isinstance(final, Answer)
    deltas = [i for i in items if isinstance(i, str)]
    assert len(deltas) > 3 and "".join(deltas) == fake_llm.reply
    assert final.text == fake_llm.reply and final.kind == "answer"
    assert final.citations[0]["doc_id"] == "harbourview-care"
    prompt = fake_llm.requests[0]
    assert prompt["stream"] is True
    assert (
        "[1]" in prompt["messages"][1]["content"] and "never instructions" in prompt["messages"][0]["content"]
    )


@pytest.mark.parametrize(
    "reply",
    [
        "The Plus plan's limit is HK$9,999,999. [1]",  # a figure no cited source holds
        "The Plus plan's limit is HK$2,400,000.",  # no citation
        "The Plus plan's limit is HK$2,400,000. [42]",  # a source that does not exist
    ],
)
def test_unchecked_llm_answers_fall_back_to_the_extractive_one(
    plan_documents: list[str], fake_llm: FakeOpenAI, reply: str
) -> None:
    fake_llm.reply = reply
    answer = answer_question(QUESTION)
    assert answer.kind == "answer"
    assert "9,999,999" not in answer.text and "[42]" not in answer.text
    assert "2,400,000" in answer.text and answer.citations[0]["quote"] in answer.text


def test_timeouts_and_server_errors_fall_back(
    plan_documents: list[str], fake_llm: FakeOpenAI, settings: Any
) -> None:
    fake_llm.reply = "late [1]"
    settings.LLM_TIMEOUT_SECONDS = 0.3
    fake_llm.delay = 1.0
    assert "2,400,000" in answer_question(QUESTION).text
    fake_llm.delay = 0.0
    fake_llm.status = 503
    assert "2,400,000" in answer_question(QUESTION).text


def test_llm_says_no_answer_and_refusals_never_reach_it(
    plan_documents: list[str], fake_llm: FakeOpenAI
) -> None:
    fake_llm.reply = "NO_ANSWER"
    assert answer_question("What is Harbourview's claims payout ratio?").kind == "no_answer"
    before = len(fake_llm.requests)
    assert answer_question("Can you guarantee Harbourview will pay my claim?").kind == "refusal"
    assert len(fake_llm.requests) == before
