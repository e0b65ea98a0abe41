"""Offline answers kept for reuse while nothing they depend on has changed.

The offline composer is deterministic: an answer is a function of the question's text, the language
asked for, the earlier questions of the conversation that understanding reads (a follow-up's), the
rows the answer reads (knowledge.stamps.everything: documents, products, insurers, key facts, the
active collection), the day (an edition becomes current on its effective date) and the answer model.
An answer is reused only when all of these are equal, so a reused answer is byte for byte the one
composing again would give; with an LLM composing (not deterministic) nothing is kept.

The earlier questions are part of the key: a follow-up is never served the answer the same words got
as a first turn, nor one made for another conversation's earlier questions. Nothing of a
conversation but those texts is read (answering reads nothing else of it), and the retrieved
chunks are not kept (the web process shows and stores none of them).

Kept per process, at most CHAT_ANSWER_MEMO answers (least recently used dropped first; 0 switches
the memo off). A new process (a deploy: new code, data files or answer model) starts empty; a
change to any row the answers read empties it at the next question.
"""

from __future__ import annotations

import datetime as dt
import pickle
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.utils import timezone

from chat import answer_pool, scoring
from chat.answering import Answer
from knowledge import stamps

Key = tuple[str, str | None, tuple[str, ...]]

_lock = threading.Lock()
# Answers by (question, language, earlier questions): the model they were composed with, and their
# items pickled (each hit gets its own copy: no two conversations share a mutable Answer).
_answers: OrderedDict[Key, tuple[scoring.Model, bytes]] = OrderedDict()
# What every kept answer was composed from: the stamp of the rows and the day.
_state: tuple[tuple[Any, ...], dt.date] | None = None


def enabled() -> bool:
    return settings.CHAT_ANSWER_MEMO > 0 and not settings.OPENAI_BASE_URL


def answer_stream(question: str, *, language: str | None, history: Sequence[str]) -> Iterator[str | Answer]:
    """`chat.answer_pool.answer_stream`'s items (composed in a worker or here), or the items it gave
    for the same inputs."""
    if not enabled():
        yield from answer_pool.answer_stream(question, language=language, history=history)
        return
    key: Key = (question, language, tuple(history))
    state = _current_state()
    model = scoring.default_model()
    kept = _get(key, state, model)
    if kept is not None:
        yield from kept
        return
    items: list[str | Answer] = []
    for item in answer_pool.answer_stream(question, language=language, history=history):
        items.append(replace(item, chunks=[]) if isinstance(item, Answer) else item)
        yield item
    # Kept under the state read before composing. Should a change commit meanwhile, every question
    # that reads the stamp after it finds the new state and empties the memo: only questions as
    # much in flight as this one could be served this answer.
    _put(key, state, model, pickle.dumps(items, protocol=pickle.HIGHEST_PROTOCOL))


def clear() -> None:
    global _state
    with _lock:
        _answers.clear()
        _state = None


def _current_state() -> tuple[tuple[Any, ...], dt.date]:
    return stamps.everything(), timezone.localdate()


def _get(key: Key, state: tuple[tuple[Any, ...], dt.date], model: scoring.Model) -> list[str | Answer] | None:
    global _state
    with _lock:
        if state != _state:
            # Composed from rows (or on a day) that are no longer: none can be reused.
            _answers.clear()
            _state = state
            return None
        found = _answers.get(key)
        if found is None or found[0] is not model:
            return None
        _answers.move_to_end(key)
    items: list[str | Answer] = pickle.loads(found[1])  # noqa: S301 (pickled by this process)
    return items


def _put(key: Key, state: tuple[tuple[Any, ...], dt.date], model: scoring.Model, items: bytes) -> None:
    with _lock:
        if state != _state:
            return
        _answers[key] = (model, items)
        _answers.move_to_end(key)
        while len(_answers) > settings.CHAT_ANSWER_MEMO:
            _answers.popitem(last=False)
