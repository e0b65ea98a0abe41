"""A procedure is answered with its steps in order, not with the one step closest to the question.

Documents often number a procedure's steps as plain paragraphs ("Step 2: …", 「第二步：…」): a
PDF's lines or a Markdown file keep no list structure, so the steps are not list items to the
loader. A question on how to proceed gets the numbered run the best-matching step belongs to.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chat.answering import answer_question
from knowledge.ingest import DocumentMeta, ingest_document, register_document

FIXTURE = Path(__file__).parent / "fixtures" / "tai-wai-steps.md"
TAI_WAI = DocumentMeta(
    doc_id="tai-wai-steps",
    insurer="Tai Wai Test Assurance Limited",
    product="tai-wai-hospital",
    product_line="gba_medical",
    language="en",
    title="Tai Wai Hospital Plan",
    effective_date="2026-01-01",
)


@pytest.fixture
def stepped(knowledge_index: None, transactional_db: None) -> str:
    assert ingest_document(register_document(FIXTURE, TAI_WAI)) > 0
    return TAI_WAI.doc_id


def _positions(text: str, markers: list[str]) -> list[int]:
    return [text.find(m) for m in markers]


def test_a_procedure_question_gets_every_step_in_order(stepped: str) -> None:
    answer = answer_question("How do I claim for a planned operation under the Tai Wai Hospital Plan?")
    assert answer.kind == "answer", answer.text
    at = _positions(answer.text, ["Step 1:", "Step 2:", "Step 3:", "Step 4:"])
    assert all(p >= 0 for p in at), answer.text
    assert at == sorted(at)
    # The Chinese steps of the same document are another list: not quoted for an English one.
    assert "第一步" not in answer.text


def test_chinese_numbered_steps_are_one_list(stepped: str) -> None:
    answer = answer_question("Tai Wai Hospital Plan 點樣索償？要做啲咩？", language="zh-hant")
    assert answer.kind == "answer", answer.text
    at = _positions(answer.text, ["第一步", "第二步", "第三步"])
    if at[0] < 0:  # answered from the English steps: they come whole, in order
        at = _positions(answer.text, ["Step 1:", "Step 2:", "Step 3:", "Step 4:"])
    assert all(p >= 0 for p in at), answer.text
    assert at == sorted(at)
