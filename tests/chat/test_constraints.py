"""A value a question fixes that its document never states (issue 9: "unmatched constraint").

"With a US$10 million limit" of a plan whose limits are 1, 2 and 3 million, "a buyer in Germany"
of a plan listing Japan, Australia and Canada, "in 2023" of a document of 2025: the plan is on the
subject, and its neighbouring figure is not the answer. Such a question is declined, saying the
figure is not stated, with what the plan says on the subject; the same question with a value the
plan states is answered.
"""

from __future__ import annotations

import pytest

from chat import constraints
from chat.answering import answer_question
from knowledge.ingest import DocumentMeta, ingest_document, register_document
from tests.chat.conftest import FIXTURES

SELLER = DocumentMeta(
    doc_id="yau-tong-seller",
    insurer="Yau Tong Test Assurance Limited",
    product="yau-tong-seller",
    product_line="ecommerce",
    language="en",
    title="Yau Tong Seller Liability Plan",
    effective_date="2025-07-01",
)


def _written(question: str, names: tuple[str, ...] = ()) -> list[str]:
    return [c.written for c in constraints.asked(question, names)]


def test_years_amounts_and_places_a_question_fixes() -> None:
    assert _written("What crediting rate did it pay in 2023?") == ["2023"]
    assert _written("How much with a US$10 million limit?") == ["us$10 million"]
    assert _written("揀1,000萬港元限額，保費幾多？") == ["1,000万港元"]
    assert [c.kind for c in constraints.asked("穩收對哈薩克嘅買家係咩等級？")] == ["place"]
    assert [c.kind for c in constraints.asked("Which network hospitals are in Dongguan?")] == ["place"]


def test_bounds_names_and_bare_numbers_fix_nothing() -> None:
    # A bound the question sets is no value of the document's.
    assert _written("Which plans let me choose a deductible higher than HK$20,000?") == []
    assert _written("年销售额5000万港元以上的企业可以投保吗？") == []
    # "cover" is not "over".
    assert _written("Does it cover a US$2 million claim?") == ["us$2 million"]
    # An age, a count of days: no currency, no scale.
    assert _written("I'm 45 with 90 days of credit: what rate?") == []
    # A place or year in a held name names the plan.
    assert (
        _written("Tai Mo Shan GBA Hospital Plan 2026: limit?", ("Tai Mo Shan GBA Hospital Plan 2026",)) == []
    )


def test_a_document_states_a_value_in_any_form_or_within_a_band() -> None:
    text = constraints.document_text(
        ["Limits: US$1,000,000 or 2 million.", "Overseas sales HK$20m-100m: HK$198,000.", "香港及深圳"]
    )

    def missing(question: str) -> list[str]:
        return [
            c.written
            for c in constraints.unstated_documents(constraints.asked(question), {"d": text}).get("d", [])
        ]

    assert missing("With a US$1 million limit?") == []
    assert missing("With a US$2,000,000 limit?") == []
    assert missing("Overseas sales of HK$50 million?") == []
    assert missing("With a US$10 million limit?") == ["us$10 million"]
    assert missing("Hospitals in Shenzhen? And in Hong Kong?") == []
    assert missing("Hospitals in Dongguan?") == ["dongguan"]
    assert missing("Buyers in Russia?") == ["Russia"]


def test_a_year_is_judged_over_every_edition_asked_about() -> None:
    asked = constraints.asked("How did the premium change between the 2025 and 2026 editions?")
    texts = {
        "old": constraints.document_text(["2025 edition"]),
        "new": constraints.document_text(["2026 edition"]),
    }
    assert constraints.unstated_documents(asked, texts) == {}
    assert set(constraints.unstated_documents(constraints.asked("And in 2023?"), texts)) == {"old", "new"}


@pytest.fixture
def seller_plan(knowledge_index: None, transactional_db: None) -> None:
    assert ingest_document(register_document(FIXTURES / "yau-tong-seller.md", SELLER)) > 0


@pytest.mark.usefixtures("seller_plan")
@pytest.mark.parametrize(
    "question",
    [
        "How much is the Yau Tong Seller Liability Plan premium with a US$10 million limit?",
        # A city: entity grounding checks countries only, so this is the constraint's decline.
        "Yau Tong Seller Liability Plan 東莞網店賣家嘅產品責任索償點計？",
    ],
)
def test_a_value_the_plan_never_states_is_declined_saying_so(question: str) -> None:
    answer = answer_question(question)
    assert answer.kind == "no_answer"
    assert "does not state this figure" in answer.text or "沒有列明" in answer.text
    # What the plan says on the subject is shown, cited to it; no other limit passes for the answer.
    assert answer.citations and all(c["doc_id"] == "yau-tong-seller" for c in answer.citations)


@pytest.mark.usefixtures("seller_plan")
def test_a_value_the_plan_states_is_answered() -> None:
    answer = answer_question(
        "How much is the Yau Tong Seller Liability Plan premium with a US$2 million limit?"
    )
    assert answer.kind == "answer"
    assert "2,900" in answer.text
