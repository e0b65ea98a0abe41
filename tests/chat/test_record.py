"""A question of the insurer's record (its ratings, solvency, claims statistics, past bonuses and
results) is answered only from a passage dating what it states; a plan document's terms beside
the subject (a projected return, a guaranteed minimum) are not its record (chat/record.py)."""

from __future__ import annotations

import pytest

from chat import intents, record
from chat.answering import answer_question
from knowledge.ingest import DocumentMeta, ingest_document, register_document
from tests.chat.conftest import FIXTURES

DOC_ID = "test-shek-o-pension"
TITLE = "Shek O Pension Account — Product summary (2026 edition)"


@pytest.fixture
def pension(knowledge_index: None, transactional_db: None) -> None:
    meta = DocumentMeta(
        doc_id=DOC_ID,
        insurer="Shek O Test Life Limited",
        product=DOC_ID,
        product_line="pension",
        language="en",
        title=TITLE,
        effective_date="2026-01-01",
    )
    assert ingest_document(register_document(FIXTURES / "shek-o-pension.md", meta)) > 0


@pytest.mark.parametrize(
    ("text", "question", "is_dated"),
    [
        ("The crediting rate declared for 2025 was 2.85%.", "What rate was declared last year?", True),
        ("The crediting rate declared for 2025 was 2.85%.", "What rate was declared in 2023?", False),
        ("The crediting rate declared for 2025 was 2.85%.", "2025年的結算利率是多少？", True),
        # The edition's own year (its title's) dates nothing; nor does an amount.
        ("Projected IRR; Shek O (2026 edition): 3.10%", "What return was paid last year?", False),
        ("The minimum premium is HK$12,000 a year.", "What was paid last year?", False),
    ],
)
def test_a_passage_is_dated_by_a_year_its_title_does_not_carry(
    text: str, question: str, is_dated: bool
) -> None:
    assert record.dated([(text, TITLE)], question) is is_dated


@pytest.mark.parametrize(
    "question",
    [
        "What is Shek O Test Life's solvency ratio?",
        "How many claims did the insurer turn down last year?",
        "石澳人壽的財務實力評級是甚麼？",
        "石澳人壽舊年派咗幾多紅利？實現率幾多？",
        "石澳人寿去年的理赔获批率是多少？",
    ],
)
def test_questions_of_the_insurers_record_are_read_as_such(question: str) -> None:
    assert intents.classify(question).topic == "record"


@pytest.mark.parametrize(
    "question",
    [
        "What is the guaranteed minimum crediting rate of Shek O Pension Account?",
        "What did the 2025 edition pay on death?",
        "石澳退休戶口每年最少要供幾多？",
        "石澳养老账户的预期回报率是多少？",
    ],
)
def test_questions_of_the_plans_terms_are_not(question: str) -> None:
    assert intents.classify(question).topic == "plan"


@pytest.mark.usefixtures("pension")
@pytest.mark.parametrize(
    "question",
    ["What is Shek O Test Life's solvency ratio?", "Shek O Pension Account 過去幾年實際派發的利息是多少？"],
)
def test_a_record_the_document_does_not_date_is_declined_with_where_it_is_published(question: str) -> None:
    answer = answer_question(question)
    assert answer.kind == "no_answer", answer.text
    assert "3.10%" not in answer.text and "1.50%" not in answer.text
    if answer.language == "en":
        assert "annual reports" in answer.text
    else:
        assert "年報" in answer.text


@pytest.mark.usefixtures("pension")
def test_a_record_the_document_dates_is_answered() -> None:
    answer = answer_question("What crediting rate did Shek O Pension Account declare for 2025?")
    assert answer.kind == "answer", answer.text
    assert "2.85%" in answer.text


@pytest.mark.usefixtures("pension")
def test_a_plan_term_beside_the_record_is_still_answered() -> None:
    answer = answer_question("What is the guaranteed minimum crediting rate of Shek O Pension Account?")
    assert answer.kind == "answer", answer.text
    assert "1.50%" in answer.text
