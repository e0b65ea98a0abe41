"""A value the document's table does not hold, whose figures it keeps elsewhere ("rates for other entry
ages are in the illustration given at application"), is declined with that passage: the table's
figures are for its own value (entry age 40), and quoting them would give them as the asked age's."""

from __future__ import annotations

import pytest

from chat import elsewhere
from chat.answering import answer_question
from knowledge.ingest import DocumentMeta, ingest_document, register_document
from tests.chat.conftest import FIXTURES

DOC_ID = "test-taihang-annuity"


@pytest.fixture
def annuity(knowledge_index: None, transactional_db: None) -> None:
    meta = DocumentMeta(
        doc_id=DOC_ID,
        insurer="Tai Hang Test Life Limited",
        product=DOC_ID,
        product_line="pension",
        language="en",
        title="Tai Hang Deferred Annuity",
        effective_date="2026-01-01",
    )
    assert ingest_document(register_document(FIXTURES / "tai-hang-annuity.md", meta)) > 0


@pytest.mark.parametrize(
    ("text", "others"),
    [
        ("The annuity rates for other entry ages are in the illustration given at application.", True),
        ("其他投保年齡的年金額載於建議書。", True),
        # Deferring, but of the detail itself: not of other values of it.
        ("The list of network hospitals is on our website.", False),
        # Other values, but stated here.
        ("Other entry ages pay 5% less.", False),
    ],
)
def test_a_deferring_passage_speaking_of_other_values_is_told_apart(text: str, others: bool) -> None:
    assert elsewhere.defers_others(text) is others


@pytest.mark.usefixtures("annuity")
@pytest.mark.parametrize(
    "question",
    [
        "Tai Hang Deferred Annuity: what is the guaranteed monthly annuity per HK$100,000 if I join at 48, "
        "5-year pay, starting at 65 for 20 years?",
        "Tai Hang Deferred Annuity 如果我52歲投保，10年供，60歲開始收10年，每十萬每月有幾多？",
    ],
)
def test_an_entry_age_the_table_does_not_hold_is_declined_with_where_it_is(question: str) -> None:
    answer = answer_question(question)
    assert answer.kind == "no_answer", answer.text
    [citation] = answer.citations
    assert "other entry ages" in citation["quote"]
    assert "742" not in answer.text and "701" not in answer.text


@pytest.mark.usefixtures("annuity")
def test_the_tables_own_entry_age_is_answered() -> None:
    answer = answer_question(
        "Tai Hang Deferred Annuity at entry age 40: the monthly annuity for a 5 years premium term, "
        "annuity start age 65, 20-year period?"
    )
    assert answer.kind == "answer", answer.text
    assert "742" in answer.text
