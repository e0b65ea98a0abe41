"""What a question costs the database: its conversation, then the question and answer in one INSERT."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from chat import answering
from chat.answering import Answer
from chat.conversation import Caller, Exchange, ask_streaming

pytestmark = pytest.mark.django_db


def fake_stream(seen: list[list[str]]) -> Any:
    def stream(question: str, *, language: str | None = None, history: Sequence[str] = ()) -> Iterator[Any]:
        seen.append(list(history))
        yield "Yes, "
        yield Answer(text="Yes, it is covered.", language="en", kind="answer", citations=[{"doc_id": "d"}])

    return stream


def test_a_question_costs_two_writes_and_a_follow_up_reads_its_history(
    monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    seen: list[list[str]] = []
    monkeypatch.setattr(answering, "stream_answer", fake_stream(seen))
    caller = Caller("owner-key")
    # A new conversation has no history to read: its row, the stamp of the rows answers read (the
    # answer memo's key, chat.answer_memo), then the question and answer together.
    with django_assert_num_queries(3):
        first = list(ask_streaming(text="Is it covered?", conversation_id=None, language=None, caller=caller))
    exchange = first[-1]
    assert isinstance(exchange, Exchange) and exchange.token
    stored = list(exchange.conversation.messages.values_list("pk", "role", "text", "kind"))
    assert [row[1:] for row in stored] == [
        ("user", "Is it covered?", ""),
        ("assistant", "Yes, it is covered.", "answer"),
    ]
    assert exchange.message.pk == stored[1][0]  # the final frame names the stored answer

    conversation_id = str(exchange.conversation.id)
    list(ask_streaming(text="And abroad?", conversation_id=conversation_id, language=None, caller=caller))
    assert seen == [[], ["Is it covered?"]]


def test_replay_numbers_frames_and_extends_the_counter_only_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.core.cache import cache

    from chat import replay

    touched: list[str] = []
    real_touch = cache.touch
    monkeypatch.setattr(cache, "touch", lambda key, timeout: touched.append(key) or real_touch(key, timeout))
    conversation = "3f1b7a4e-0000-4000-8000-000000000001"
    replay.forget(conversation)
    seqs = [
        replay.keep(conversation, {"type": "delta", "text": "a"})["seq"],
        replay.keep(conversation, {"type": "delta", "text": "b"}, refresh=False)["seq"],
        replay.keep(conversation, {"type": "answer", "text": "ab"})["seq"],
    ]
    assert seqs == [1, 2, 3] and len(touched) == 2
    assert [f["text"] for f in replay.since(conversation, 1)] == ["b", "ab"]
    replay.forget(conversation)


def test_a_down_vote_is_kept_on_click_and_its_reason_added_to_it_later(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Journey test E6: the widget stores "Not helpful" at once and sends the optional reason after,
    as the same vote again; a repeat without a reason keeps it, a changed vote drops it."""
    from chat.conversation import leave_feedback
    from chat.models import Feedback

    monkeypatch.setattr(answering, "stream_answer", fake_stream([]))
    caller = Caller("owner-key")
    exchange = list(ask_streaming(text="Is it covered?", conversation_id=None, language=None, caller=caller))[
        -1
    ]
    message = exchange.message.pk
    assert leave_feedback(message, caller, "down")
    assert Feedback.objects.values_list("vote", "reason").get() == ("down", "")
    assert leave_feedback(message, caller, "down", "wrong plan")
    assert leave_feedback(message, caller, "down")  # a second click on the same vote
    assert Feedback.objects.values_list("vote", "reason").get() == ("down", "wrong plan")
    assert leave_feedback(message, caller, "up")
    assert Feedback.objects.values_list("vote", "reason").get() == ("up", "")
