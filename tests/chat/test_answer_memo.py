"""Offline answers reused only while every input is equal (chat.answer_memo), and the HTTP API
answered on the same path as the WebSocket."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from django.test import Client

from chat import answering
from chat.answering import Answer
from chat.conversation import Caller, Exchange, ask
from knowledge.models import PlanDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def composed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    """Every question the composer answers, with its earlier questions; its answer names both."""
    asked: list[tuple[str, list[str]]] = []

    def stream(question: str, *, language: str | None = None, history: Sequence[str] = ()) -> Iterator[Any]:
        asked.append((question, list(history)))
        text = f"{question} after {list(history)} #{len(asked)}"
        yield text
        yield Answer(text, language or "en", "answer", citations=[{"doc_id": "d", "quote": "q"}])

    monkeypatch.setattr(answering, "stream_answer", stream)
    return asked


def _answer(text: str, conversation: str | None = None, caller: Caller | None = None) -> Exchange:
    return ask(text=text, conversation_id=conversation, language=None, caller=caller or Caller("me"))


def test_the_same_first_question_is_composed_once(composed: list[tuple[str, list[str]]]) -> None:
    first = _answer("Is dental covered?", caller=Caller("one"))
    again = _answer("Is dental covered?", caller=Caller("two"))
    assert composed == [("Is dental covered?", [])]
    assert again.answer == first.answer and again.answer is not first.answer
    assert again.conversation != first.conversation
    # Each visitor's conversation stores its own exchange.
    assert again.conversation.messages.count() == 2


def test_a_follow_up_is_not_served_a_first_turns_answer(composed: list[tuple[str, list[str]]]) -> None:
    alone = _answer("And abroad?", caller=Caller("one"))
    earlier = _answer("Is dental covered?", caller=Caller("two"))
    follow_up = _answer("And abroad?", str(earlier.conversation.id), Caller("two"))
    assert composed == [
        ("And abroad?", []),
        ("Is dental covered?", []),
        ("And abroad?", ["Is dental covered?"]),
    ]
    assert follow_up.answer.text != alone.answer.text


def test_a_changed_document_empties_the_memo(composed: list[tuple[str, list[str]]]) -> None:
    _answer("Is dental covered?")
    PlanDocument.objects.create(doc_id="new-edition", status=PlanDocument.Status.READY, checksum="abc")
    _answer("Is dental covered?")
    document = PlanDocument.objects.get(doc_id="new-edition")
    document.title = "renamed"
    document.save()
    _answer("Is dental covered?")
    _answer("Is dental covered?")
    assert len(composed) == 3


def test_the_language_asked_for_is_part_of_the_key(composed: list[tuple[str, list[str]]]) -> None:
    ask(text="Is dental covered?", conversation_id=None, language=None, caller=Caller("me"))
    ask(text="Is dental covered?", conversation_id=None, language="zh-Hant", caller=Caller("me"))
    assert len(composed) == 2


def test_switched_off_or_with_an_llm_nothing_is_kept(
    composed: list[tuple[str, list[str]]], settings: Any
) -> None:
    settings.CHAT_ANSWER_MEMO = 0
    _answer("Is dental covered?")
    _answer("Is dental covered?")
    settings.CHAT_ANSWER_MEMO = 8
    settings.OPENAI_BASE_URL = "http://127.0.0.1:9/v1"  # an LLM's answers differ from one time to the next
    _answer("Is dental covered?")
    _answer("Is dental covered?")
    assert len(composed) == 4


def test_the_memo_keeps_at_most_its_size(composed: list[tuple[str, list[str]]], settings: Any) -> None:
    settings.CHAT_ANSWER_MEMO = 2
    for question in ("one?", "two?", "three?", "three?", "two?", "one?"):
        _answer(question)
    # "one?" was the least recently used when "three?" came.
    assert [q for q, _ in composed] == ["one?", "two?", "three?", "one?"]


def test_http_api_answers_through_the_same_path(
    composed: list[tuple[str, list[str]]], client: Client
) -> None:
    first = client.post("/api/chat/", {"message": "Is dental covered?"}, content_type="application/json")
    assert first.status_code == 200
    body = first.json()
    follow_up = client.post(
        "/api/chat/",
        {"message": "And abroad?", "conversation": body["conversation"], "token": body["token"]},
        content_type="application/json",
    ).json()
    assert follow_up["text"].startswith("And abroad? after ['Is dental covered?']")
    # Answered by the memo the WebSocket uses: the same question again is not composed again.
    again = client.post("/api/chat/", {"message": "Is dental covered?"}, content_type="application/json")
    assert again.json()["text"] == body["text"]
    assert [q for q, _ in composed] == ["Is dental covered?", "And abroad?"]
