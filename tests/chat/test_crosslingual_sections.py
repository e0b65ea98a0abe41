"""A section asked about by its subject in another language than its heading comes whole.

"有咩唔保？" / "不保什么？" / "有哪些除外責任？" of an English document whose exclusions are under
"What is not covered" got a waiting-period line that happens to say "not covered": the glossary
renders 不保 as "not covered", but a heading was matched word by word, never by a phrase, and a
list none of whose units came close to the best one was never looked at. English questions worded
"isn't covered" or "won't pay" did not find the glossary's "not covered" at all, and "What are the
exclusions?" found no section headed "What is not covered".
"""

from __future__ import annotations

import pytest

from chat import glossary
from chat.answering import answer_question
from chat.extractive import _UnitText
from knowledge.ingest import DocumentMeta, ingest_document, register_document
from portal.models import Product
from tests.chat.conftest import FIXTURES

ITEMS = ("Pre-existing conditions known", "Cosmetic and elective", "Pregnancy, childbirth", "War, riot")


@pytest.fixture
def chai_wan(knowledge_index: None, transactional_db: None) -> None:
    meta = DocumentMeta(
        doc_id="chai-wan-family",
        insurer="Chai Wan Test Assurance Limited (fictional)",
        product="chai-wan-family",
        product_line="gba_medical",
        language="en",
        title="Chai Wan Family Hospital Plan",
        effective_date="2026-11-01",
    )
    assert ingest_document(register_document(FIXTURES / "chai-wan-not-covered.md", meta)) > 0
    Product.objects.filter(slug="chai-wan-family").update(
        name_zh_hant="「柴灣家庭」", name_zh_hans="「柴湾家庭」"
    )


def test_a_phrase_of_the_slot_is_found_in_a_heading() -> None:
    text = _UnitText("Pregnancy, childbirth and infertility treatment.", "What is not covered")
    assert text.in_heading("exclusion|not covered")
    assert not text.in_heading("waiting period|cooling-off")
    # A term found only in the heading counts for half, whether a word or a phrase.
    assert text.weight_of("not covered") == 0.5


@pytest.mark.parametrize(
    ("word", "heading", "found"),
    [
        ("exclusion", "What is not covered", True),
        ("exclude", "Exclusions", True),
        ("excess", "Deductible", True),
        ("exclusion", "Waiting periods", False),
        ("hospital", "Exclusions", False),
    ],
)
def test_an_english_word_finds_a_heading_worded_otherwise(word: str, heading: str, found: bool) -> None:
    # Through the glossary's English forms of one term, in headings only: the unit's own text still
    # has to carry the word itself.
    text = _UnitText("Pregnancy and childbirth.", heading)
    assert text.in_heading(word) is found
    assert text.weight_of(word) == (0.5 if found else 0.0)


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("What isn't covered under SellerPass?", "not covered"),
        ("What won’t Twin-Bay pay for?", "not pay"),
        ("What doesn't it cover?", "not cover"),
    ],
)
def test_a_negation_written_short_is_the_glossary_phrase(question: str, phrase: str) -> None:
    assert phrase in [c.term for c in glossary.concepts(question)]


@pytest.mark.parametrize("question", ["橋安有哪些情況不賠？", "有咩情况唔赔？"])
def test_asking_what_is_not_paid_is_asking_for_the_exclusions(question: str) -> None:
    assert any("exclusion" in c.other for c in glossary.concepts(question))


@pytest.mark.usefixtures("chai_wan")
@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("柴灣家庭有咩唔保？", "zh-hant"),
        ("柴湾家庭不保什么？", "zh-hans"),
        ("Chai Wan Family Hospital Plan 有哪些除外責任？", "zh-hant"),
        ("What isn't covered under the Chai Wan Family Hospital Plan?", "en"),
        ("What are the exclusions of the Chai Wan Family Hospital Plan?", "en"),
    ],
)
def test_the_section_whose_heading_names_what_is_asked_comes_whole(question: str, language: str) -> None:
    answer = answer_question(question, language=language)
    assert answer.kind == "answer", answer.text
    assert all(item in answer.text for item in ITEMS), answer.text
    # The line of another section that happens to say "not covered" is no part of the answer.
    assert "policy year 1" not in answer.text


@pytest.mark.usefixtures("chai_wan")
def test_a_question_on_one_entry_is_not_given_the_whole_section() -> None:
    answer = answer_question("Is pregnancy covered under the Chai Wan Family Hospital Plan?")
    assert answer.kind == "answer", answer.text
    assert "Pregnancy, childbirth" in answer.text
    assert "War, riot" not in answer.text
