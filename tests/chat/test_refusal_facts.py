"""A refusal of advice, then what the documents state on the question's factual core, cited; a plain
fact a document states is answered, not refused (domain brief §8.2, §8.7; issue 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from chat import messages, safety
from chat.answering import Answer, answer_question
from chat.evaluation import report_answers
from knowledge.ingest import DocumentMeta, ingest_document, register_document

ANNUITY = (
    Path(__file__).parent / "fixtures" / "cheungchau-annuity.md",
    DocumentMeta(
        doc_id="cheungchau-annuity",
        insurer="Cheung Chau Test Life Limited",
        product="cheungchau-annuity",
        product_line="pension",
        language="en",
        title="Cheung Chau Retirement Annuity",
        effective_date="2026-01-01",
    ),
)
# Whatever the refusal's kind, it no longer says it will show the documents: it shows them or not.
PROMISES = ("show you what the plan documents say", "列出計劃文件", "列出计划文件", "告訴您計劃文件")


@pytest.fixture
def refusal_documents(composer_documents: list[str]) -> list[str]:
    path, meta = ANNUITY
    assert ingest_document(register_document(path, meta)) > 0
    return [*composer_documents, meta.doc_id]


def _cited(answer: Answer) -> set[str]:
    return {c["doc_id"] for c in answer.citations}


def _refused_with_facts(answer: Answer, language: str) -> str:
    """The facts after the refusal, checked to be a refusal that quotes and cites what it shows."""
    assert answer.kind == "refusal"
    header = f"\n{messages.documents_say(language)}\n"
    assert header in answer.text, answer.text
    facts = answer.text.split(header, 1)[1]
    assert answer.citations and all(f"[{n}]" in facts for n in range(1, len(answer.citations) + 1))
    assert not safety.breaks_rules(answer.text)
    return facts


def test_a_guarantee_asked_of_a_named_plan_is_refused_then_its_claim_terms_follow(
    refusal_documents: list[str],
) -> None:
    answer = answer_question("Can you guarantee Kowloon ExportCover will pay if my buyer doesn't pay?")
    facts = _refused_with_facts(answer, "en")
    assert answer.text.startswith("I can't promise the outcome of a claim")
    # What the named plan's document states on buyers who do not pay, from that plan only.
    assert _cited(answer) <= {"kowloon-exportcover-2025", "kowloon-exportcover-2026"}
    assert "buyers who do not pay" in facts or "85%" in facts
    assert not any(p in answer.text for p in PROMISES)


def test_personal_tax_advice_is_refused_then_the_tax_facts_the_document_states_follow(
    refusal_documents: list[str],
) -> None:
    answer = answer_question(
        "I earn HK$800,000 a year. How much salaries tax would Cheung Chau Retirement Annuity save me,"
        " and what should I write on my tax return?"
    )
    facts = _refused_with_facts(answer, "en")
    assert answer.text.startswith("I can't give tax or legal advice")
    assert _cited(answer) == {"cheungchau-annuity"}
    assert "60,000" in facts or "QDAP" in facts


def test_a_refusal_with_nothing_answerable_stands_alone_and_promises_nothing(
    refusal_documents: list[str],
) -> None:
    for text, language, opening in [
        # The named plan's document says nothing on MPF money, nor on where a holder may live.
        (
            "Can I move my MPF into Cheung Chau Retirement Annuity? How do I withdraw it?",
            "en",
            "I can't advise",
        ),
        (
            "Is it legal for me to hold Cheung Chau Retirement Annuity while living in Shenzhen?",
            "en",
            "I can't give",
        ),
        # Naming no plan, a guarantee has no factual core in any document.
        ("Can you guarantee my claim will be paid?", "en", "I can't promise"),
        ("帮我选一份最适合我家人的计划吧。", "zh-Hans", "我不能告诉您哪份计划"),
    ]:
        answer = answer_question(text, language=language)
        assert answer.kind == "refusal", text
        assert answer.text.startswith(opening), answer.text
        assert not answer.citations and not answer.tables, answer.text
        assert messages.documents_say(language) not in answer.text
        assert not any(p in answer.text for p in PROMISES), answer.text


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Can I deduct Cheung Chau Retirement Annuity premiums from my salaries tax?", "en"),
        ("Cheung Chau Retirement Annuity 啲保費可唔可以扣薪俸稅？", "zh-Hant"),
    ],
)
def test_a_tax_fact_the_document_states_is_answered_not_refused(
    refusal_documents: list[str], text: str, language: str
) -> None:
    answer = answer_question(text, language=language)
    assert answer.kind == "answer", answer.text
    assert _cited(answer) == {"cheungchau-annuity"}
    assert "QDAP" in answer.text or "60,000" in answer.text


def test_a_refusal_with_facts_still_scores_as_a_refusal_and_a_refused_fact_as_a_false_decline() -> None:
    refused_with_facts = Answer(
        "I can't give tax or legal advice.\nWhat the plan documents state:\nQDAP, up to HK$60,000 [1]",
        "en",
        "refusal",
        [{"doc_id": "d", "quote": "QDAP, up to HK$60,000"}],
    )
    questions = [
        {"id": "advice", "kind": "advice_refusal", "question": "…", "must_include_any": [["60,000"]]},
        {"id": "fact", "kind": "answerable", "question": "…", "must_include_any": [["60,000"]]},
    ]
    report = report_answers(questions, [refused_with_facts, refused_with_facts], [])
    kinds = report["by_kind"]
    assert kinds["advice_refusal"]["refusal"] == 1.0
    assert kinds["advice_refusal"]["refusal_facts"] == 1.0
    # The same reply to a question the document answers is a false decline, facts or not.
    assert kinds["answerable"]["false_decline"] == 1.0


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Can Cheung Chau Retirement Annuity guarantee me a 2.40% return?", "en"),
        ("Cheung Chau Retirement Annuity 保唔保證有2.40%回報？", "zh-Hant"),
    ],
)
def test_a_guarantee_of_an_amount_is_refused_as_such_then_what_is_and_is_not_guaranteed(
    refusal_documents: list[str], text: str, language: str
) -> None:
    """Not "we can't promise you'll be accepted", and not the asked figure's row alone (which reads
    as confirming it): the document's own split of guaranteed and non-guaranteed follows."""
    answer = answer_question(text, language=language)
    facts = _refused_with_facts(answer, language)
    assert answer.text.startswith(messages.refusal("guarantee_amount", language))
    assert _cited(answer) == {"cheungchau-annuity"}
    assert "Non-guaranteed bonuses are paid in addition and may be zero." in facts
