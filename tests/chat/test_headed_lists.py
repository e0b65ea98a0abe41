"""A list under a heading naming what is asked comes whole; a plan's other-script name is a name.

A fresh-eyed tester uploaded an English brochure whose catalogue product has a Chinese name
(「夕陽港」 for "Sunset Harbour"): Chinese questions naming it were answered with the one line that
writes the English name, because the Chinese name was read as subject words the lexicon renders
("sunset", "harbour"). And "What are the exclusions?" of a numbered list under "Exclusions" (no
lead-in sentence) quoted only the items sharing the question's words, reading as the whole list.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from chat.answering import answer_question
from chat.selection import enumerated
from knowledge.ingest import DocumentMeta, ingest_document, register_document
from portal.models import Product

FIXTURE = Path(__file__).parent / "fixtures" / "sai-wan-headed-list.md"
META = DocumentMeta(
    doc_id="sai-wan-dusk",
    insurer="Sai Wan Test Assurance Limited (fictional)",
    product="sai-wan-dusk",
    product_line="gba_medical",
    language="en",
    title="Sai Wan Dusk Senior GBA Hospital Plan — Plan Brochure",
    effective_date="2026-11-01",
)
ITEMS = ("Pre-existing conditions", "Long-term nursing care", "Treatment outside Hong Kong")


@pytest.fixture
def dusk(knowledge_index: None, transactional_db: None) -> None:
    assert ingest_document(register_document(FIXTURE, META)) > 0
    # 西灣 "west bay", 黃昏 "dusk": words the lexicon renders into the plan's English name.
    Product.objects.filter(slug="sai-wan-dusk").update(
        name_zh_hant="「西灣黃昏」", name_zh_hans="「西湾黄昏」"
    )


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("What are the exclusions of Sai Wan Dusk?", "en"),
        ("西灣黃昏有哪些除外責任？", "zh-hant"),
        ("西湾黄昏有哪些不保事项？", "zh-hans"),
    ],
)
def test_the_whole_list_under_the_heading_asked_for(dusk: None, question: str, language: str) -> None:
    answer = answer_question(question, language=language)
    assert answer.kind == "answer", answer.text
    assert all(item in answer.text for item in ITEMS), answer.text


@pytest.mark.parametrize(
    ("question", "language"),
    [("「西灣黃昏」嘅入保年齡係幾多？", "zh-hant"), ("西湾黄昏的投保年龄是多少？", "zh-hans")],
)
def test_a_chinese_product_name_is_no_subject_word(dusk: None, question: str, language: str) -> None:
    answer = answer_question(question, language=language)
    assert answer.kind == "answer", answer.text
    assert "Entry age: 55 to 80 years" in answer.text
    assert "9 network hospitals" not in answer.text


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("桥安有哪些除外责任？", "除外"),  # the noun after 哪些, not the plan before it
        ("網絡醫院有哪些？", "医院"),
        ("Which hospitals are in the network?", "hospital"),
        ("有哪些是不保的？", ""),
    ],
)
def test_what_a_question_asks_to_have_listed(question: str, noun: str) -> None:
    assert enumerated(question) == noun


@pytest.mark.parametrize(
    ("question", "language"), [("西湾黄昏不保什么？", "zh-hans"), ("西灣黃昏嘅除外責任係咩？", "zh-hant")]
)
def test_a_question_on_what_the_heading_names_gets_its_list(dusk: None, question: str, language: str) -> None:
    answer = answer_question(question, language=language)
    assert answer.kind == "answer", answer.text
    assert all(item in answer.text for item in ITEMS), answer.text


def test_a_question_on_one_entry_gets_that_entry(dusk: None) -> None:
    answer = answer_question("Is long-term nursing care excluded under Sai Wan Dusk?")
    assert answer.kind == "answer", answer.text
    assert "Long-term nursing care" in answer.text
    assert "Pre-existing conditions" not in answer.text


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("What does Sai Wan Dusk not cover?", False),
        ("Does it also cover day surgery?", False),
        ("Does Sai Wan Dusk offer pet insurance?", True),
    ],
)
def test_words_before_cover_are_no_kind_of_insurance(question: str, unknown: bool) -> None:
    # "does X not cover" was grounded as naming a kind of cover, "not", that no document mentions,
    # and declined.
    from dataclasses import replace

    from chat import grounding
    from tests.chat.unit_blocks import TEST_CHUNK

    chunks = [replace(TEST_CHUNK, text="Exclusions: long-term nursing care. Day surgery is covered.")]
    assert grounding._unknown_kind_of_cover(question, chunks) is unknown
