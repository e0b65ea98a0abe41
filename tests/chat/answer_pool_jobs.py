"""Stand-ins for chat.answer_pool's worker functions, importable by a spawned worker."""

from __future__ import annotations

import os
import time

import django


def start() -> None:
    django.setup()


def die(question: str, language: str | None, history: list[str]) -> list[object]:
    os._exit(1)  # as a worker killed mid-answer


def echo(question: str, language: str | None, history: list[str]) -> list[object]:
    """An answer naming its question, later for an earlier question (if answers could overtake each
    other, they would)."""
    from chat.answering import Answer

    time.sleep(0.3 / (1 + len(history) + int(question.rsplit(" ", 1)[-1])))
    text = f"worker {os.getpid()} answers {question}"
    return [text, Answer(text, "en", "answer")]
