"""The LLM composer against a local OpenAI-compatible server (chat completions, SSE streaming).

The server speaks the real wire protocol; nothing in the client is patched.
"""

from __future__ import annotations

from typing import Any

import pytest

from chat.answering import Answer, answer_question, stream_answer
from tests.chat.conftest import FakeOpenAI

QUESTION = "What is the overall annual limit of the Harbourview Plus plan?"


def test_llm_answer_is_streamed_and_its_citations_checked(
    plan_documents: list[str], fake_llm: FakeOpenAI
) -> None:
    # Every source the prompt numbers is a Harbourview or Lantau chunk; [1] is the best-ranked one.
    fake_llm.reply = (
        "The Plus plan's overall annual limit is HK$2,400,000 a year. [1] "
        "It is the most the plan pays in one policy year. [1] It applies to every benefit. [1]"
    )
    items = list(stream_answer(QUESTION))
    final = items[-1]
    assert isinstance(final, Answer)
    deltas = [i for i in items if isinstance(i, str)]
    # Streamed a whole sentence at a time, each once complete.
    assert len(deltas) == 3 and "".join(deltas) == fake_llm.reply
    assert deltas[0] == "The Plus plan's overall annual limit is HK$2,400,000 a year. [1] "
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
    assert "2,400,000" in answer.text and "Plus: HK$2,400,000 [1]" in answer.text


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


def test_a_rule_breaking_sentence_is_never_streamed(plan_documents: list[str], fake_llm: FakeOpenAI) -> None:
    fake_llm.reply = (
        "The Plus plan's overall annual limit is HK$2,400,000 a year. [1] "
        "Harbourview guarantees every claim will be paid in full. [1] You should buy it. [1]"
    )
    items = list(stream_answer(QUESTION))
    deltas = "".join(i for i in items if isinstance(i, str))
    assert "2,400,000" in deltas
    assert "guarantee" not in deltas.lower() and "should buy" not in deltas.lower()
    final = items[-1]
    assert isinstance(final, Answer) and "guarantee" not in final.text.lower()
    assert final.citations and "Plus: HK$2,400,000 [1]" in final.text  # the extractive answer
