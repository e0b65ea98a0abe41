"""A starting web process answers one question unstored, offline only, and starts even if that fails."""

from __future__ import annotations

from typing import Any

import pytest

from chat import answering, warmup
from knowledge import warmup as knowledge_warmup


@pytest.mark.parametrize("llm, asked", [("", 1), ("http://llm.invalid/v1", 0)])
def test_warm_up_asks_offline_only_and_survives_a_failure(
    monkeypatch: pytest.MonkeyPatch, settings: Any, llm: str, asked: int
) -> None:
    settings.OPENAI_BASE_URL = llm
    questions: list[str] = []

    def failing(question: str, **_: Any) -> None:
        questions.append(question)
        raise RuntimeError("no index yet")

    monkeypatch.setattr(knowledge_warmup, "warm_up", lambda: None)
    monkeypatch.setattr(answering, "answer_question", failing)
    warmup.warm_up()  # does not raise
    assert len(questions) == asked
