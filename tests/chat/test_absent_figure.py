"""A question whose subject a document covers but whose figure it does not state (issue 9).

"What is the waiting period for dental treatment?" over a plan that covers dental treatment and
states other figures (a share of the fee, a claims deadline in days) but no waiting period is
declined, saying the figure is not stated and what the plan says on the subject; the same
question over a plan that states the waiting period is answered with it.
"""

from __future__ import annotations

import pytest

from chat.answering import answer_question
from knowledge.ingest import DocumentMeta, ingest_document, register_document
from tests.chat.conftest import FIXTURES


def _meta(place: str) -> DocumentMeta:
    slug = place.lower().replace(" ", "-")
    return DocumentMeta(
        doc_id=f"{slug}-family",
        insurer=f"{place} Test Assurance Limited",
        product=f"{slug}-family",
        product_line="gba_medical",
        language="en",
        title=f"{place} Family Care Plan",
        effective_date="2026-01-01",
    )


@pytest.fixture
def family_plans(knowledge_index: None, transactional_db: None) -> None:
    for place in ("Kwai Chung", "Tai Po"):
        meta = _meta(place)
        path = FIXTURES / f"{meta.doc_id}.md"
        assert ingest_document(register_document(path, meta)) > 0


QUESTION = "What is the waiting period for dental treatment under the {} Family Care Plan?"


@pytest.mark.usefixtures("family_plans")
def test_figure_a_document_on_the_subject_does_not_state_is_declined_saying_so() -> None:
    answer = answer_question(QUESTION.format("Kwai Chung"))
    assert answer.kind == "no_answer"
    assert "does not state this figure" in answer.text
    # What the plan says on the subject is shown, cited; no other figure is passed off as the answer.
    assert answer.citations and all(c["doc_id"] == "kwai-chung-family" for c in answer.citations)
    assert "180 days" not in answer.text


@pytest.mark.usefixtures("family_plans")
def test_the_same_question_is_answered_where_the_figure_is_stated() -> None:
    answer = answer_question(QUESTION.format("Tai Po"))
    assert answer.kind == "answer"
    assert "180 days" in answer.text
    assert {c["doc_id"] for c in answer.citations} == {"tai-po-family"}
