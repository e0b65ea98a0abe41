"""Answers composed in worker processes (chat.answer_pool): in order, and none lost or stored twice
when a worker dies mid-answer."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Iterator
from typing import Any

import pytest
import websockets
from websockets.typing import Origin

from chat import answer_pool, answering
from chat.answering import Answer
from chat.conversation import Caller, Exchange, ask_streaming
from chat.models import Message
from tests.chat import answer_pool_jobs
from tests.conftest import LiveASGIServer


@pytest.fixture
def workers(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Two worker processes running the stand-ins of answer_pool_jobs."""
    settings.CHAT_ANSWER_PROCESSES = 2
    settings.CHROMA_URL = "http://127.0.0.1:9"  # a Chroma server (the stand-ins never call it)
    settings.OPENAI_BASE_URL = ""
    monkeypatch.setattr(answer_pool, "_start_worker", answer_pool_jobs.start)
    monkeypatch.setattr(answer_pool, "compose", answer_pool_jobs.echo)
    answer_pool.stop()
    yield
    answer_pool.stop()


@pytest.mark.django_db(transaction=True)
def test_a_worker_dying_mid_answer_loses_nothing_and_stores_nothing_twice(
    workers: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer_pool.start()
    asked: list[str] = []

    def in_this_process(question: str, **_: Any) -> Iterator[str | Answer]:
        asked.append(question)
        yield "answered here"
        yield Answer("answered here", "en", "answer")

    monkeypatch.setattr(answering, "stream_answer", in_this_process)
    monkeypatch.setattr(answer_pool, "compose", answer_pool_jobs.die)
    items = list(ask_streaming(text="question 0", conversation_id=None, language=None, caller=Caller("me")))
    assert items[1] == "answered here" and isinstance(items[-1], Exchange)
    assert asked == ["question 0"], "answered once, in the web process"
    assert list(Message.objects.values_list("text", flat=True).order_by("pk")) == [
        "question 0",
        "answered here",
    ]

    # While a fresh pool starts, questions are answered here; then by its workers.
    monkeypatch.setattr(answer_pool, "compose", answer_pool_jobs.echo)
    conversation = str(items[0])
    follow_up = list(
        ask_streaming(text="question 1", conversation_id=conversation, language=None, caller=Caller("me"))
    )
    assert follow_up[1] == "answered here" and asked == ["question 0", "question 1"]
    deadline = time.monotonic() + 60
    while not answer_pool.warm():
        assert time.monotonic() < deadline, "the pool did not restart"
        time.sleep(0.1)
    last = list(
        ask_streaming(text="question 2", conversation_id=conversation, language=None, caller=Caller("me"))
    )
    assert str(last[1]).endswith("answers question 2") and f"worker {os.getpid()} " not in str(last[1])
    assert asked == ["question 0", "question 1"]
    assert Message.objects.count() == 6


async def _ask_all(server: LiveASGIServer, questions: list[str]) -> list[dict[str, Any]]:
    """Every question sent at once on one socket; every frame until the last answer."""
    frames: list[dict[str, Any]] = []
    async with websockets.connect(f"{server.ws_url}/ws/chat/", origin=Origin(server.http_url)) as socket:
        for question in questions:
            await socket.send(json.dumps({"type": "message", "text": question}))
        while sum(f["type"] == "answer" for f in frames) < len(questions):
            frames.append(json.loads(await asyncio.wait_for(socket.recv(), timeout=60)))
    return frames


def test_answers_from_workers_arrive_in_the_order_asked(workers: None, live_asgi: LiveASGIServer) -> None:
    answer_pool.start()
    questions = [f"question {n}" for n in range(4)]  # the first takes the longest
    frames = asyncio.run(_ask_all(live_asgi, questions))
    assert [f["type"] for f in frames] == ["delta", "answer"] * len(questions)
    answers = [f["text"] for f in frames if f["type"] == "answer"]
    assert [a.rsplit(" answers ", 1)[1] for a in answers] == questions
    assert all(a.startswith("worker ") and f"worker {os.getpid()} " not in a for a in answers)


@pytest.mark.django_db(transaction=True)
def test_the_http_api_is_answered_by_the_workers(workers: None) -> None:
    from django.test import Client

    answer_pool.start()
    reply = Client().post("/api/chat/", {"message": "question 0"}, content_type="application/json").json()
    assert reply["text"].endswith("answers question 0") and f"worker {os.getpid()} " not in reply["text"]
    assert list(Message.objects.values_list("text", flat=True).order_by("pk")) == [
        "question 0",
        reply["text"],
    ]
