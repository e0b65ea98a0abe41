"""A question asking for a kind of thing a document lists gets every entry, and nothing beside it.

A fresh tester asked "What does Junk Sail not cover?" in Cantonese of an English document and got
one exclusion of seven beside unrelated rows; "what about waiting periods?" got the first of three;
"We do not pay for:" came alone; "Until what age can I renew?" came with premium rows. A question
about what a section's heading names ("exclusions", 不保, "waiting periods") is answered by the
section's list whole, in any language or script; one naming an entry ("the waiting period for
cancer") by that entry; and a lead-in is never quoted without what it introduces.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from chat import extractive, glossary
from chat.answering import _readable, answer_question
from chat.extractive import Pick
from chat.selection import Ranking, _best_and_parts
from knowledge.ingest import DocumentMeta, ingest_document, register_document
from tests.chat.unit_blocks import TEST_CHUNK, chunk_units

FIXTURE = Path(__file__).parent / "fixtures" / "shatin-anle-lists.md"
META = DocumentMeta(
    doc_id="shatin-anle",
    insurer="Sha Tin Test Assurance Limited (fictional)",
    product="shatin-anle",
    product_line="gba_medical",
    language="zh-Hant",
    title="「沙田安樂」住院計劃 產品說明書",
    effective_date="2026-06-01",
)
EXCLUSIONS = ("未有申報的已知病症", "整容", "懷孕及分娩", "牙科治療", "戰爭及暴動")
WAITS = ("不設等候期", "45日", "150日")


@pytest.fixture
def anle(knowledge_index: None, transactional_db: None) -> None:
    assert ingest_document(register_document(FIXTURE, META)) > 0


def _has_all(text: str, wanted: tuple[str, ...], simplified: bool = False) -> bool:
    from knowledge.language import to_simplified

    return all((to_simplified(w) if simplified else w) in text for w in wanted)


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("What does Sha Tin Anle not cover?", "en"),
        ("沙田安樂嘅不保事項有咩？", "zh-hant"),
        # Written Cantonese 唔保 is 不保, as a heading 不保事項 writes it (not 不保障).
        ("沙田安樂有咩唔保？", "zh-hant"),
        ("沙田安乐不保什么？", "zh-hans"),
    ],
)
def test_every_exclusion_and_nothing_beside(anle: None, question: str, language: str) -> None:
    answer = answer_question(question, language=language)
    assert answer.kind == "answer", answer.text
    assert _has_all(answer.text, EXCLUSIONS, simplified=language == "zh-hans"), answer.text
    # The benefits table and the waiting periods are other sections.
    assert "900,000" not in answer.text and "45日" not in answer.text, answer.text


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("What are the waiting periods of Sha Tin Anle?", "en"),
        ("沙田安樂嘅等候期有邊幾個？", "zh-hant"),
        ("沙田安乐有哪些等候期？", "zh-hans"),
    ],
)
def test_every_waiting_period(anle: None, question: str, language: str) -> None:
    answer = answer_question(question, language=language)
    assert answer.kind == "answer", answer.text
    assert _has_all(answer.text, WAITS, simplified=language == "zh-hans"), answer.text


def test_a_question_naming_one_entry_gets_that_entry(anle: None) -> None:
    answer = answer_question("What is the waiting period for cancer treatment under Sha Tin Anle?")
    assert answer.kind == "answer", answer.text
    assert "150日" in answer.text
    assert "45日" not in answer.text, answer.text


def test_one_part_of_a_compound_heading_is_its_entry(anle: None) -> None:
    # "等候期及冷靜期": the cooling-off period is one entry of the section, not the waiting periods.
    answer = answer_question("How long is the cooling-off period of Sha Tin Anle?")
    assert answer.kind == "answer", answer.text
    assert "21日" in answer.text
    assert "45日" not in answer.text, answer.text


def test_the_renewal_age_without_premium_rows() -> None:
    # "Until what age can I renew?": the passage stating the age answers; premium rows "81–95
    # (renewal only)" carry no word of the question it does not.
    chunk = replace(
        TEST_CHUNK,
        text="Renewal is guaranteed up to age 95.\nAge | Premium\n61–80 (renewal only) | 15,400\n81–95 (renewal only) | 28,800",
    )
    units = chunk_units([chunk])
    passage = next(u for u in units if u.text.startswith("Renewal"))
    rows = [u for u in units if u.kind == "row"]
    weights = (("renew", 1.0), ("age", 1.0))
    picks = [Pick(passage, 0.3, frozenset({"renew", "age"}), weights)]
    picks += [Pick(r, 0.25, frozenset({"renew", "age"}), weights) for r in rows]
    ranking = Ranking(picks, figure=True)
    assert [p.unit for p in _best_and_parts(picks, 0.0, ranking)] == [passage]


def test_a_lead_in_is_never_quoted_alone() -> None:
    chunk = replace(TEST_CHUNK, text="We do not pay for:\n- Cosmetic treatment.\n- Dental treatment.")
    units = chunk_units([chunk])
    lead = next(u for u in units if u.text.endswith(":"))
    item = next(u for u in units if "Dental" in u.text)
    assert _readable([Pick(lead, 0.9)]) == []
    assert [p.unit for p in _readable([Pick(lead, 0.9), Pick(item, 0.8)])] == [lead, item]
    # A line ending in a colon that the loader did not mark as a lead-in reads as one too.
    bare = replace(item, text="This policy does not cover:", is_lead=False, lead=None)
    assert _readable([Pick(bare, 0.9)]) == []


def test_glossary_synonyms_and_longest_english_phrase() -> None:
    assert set(glossary.synonyms("等待期").split("|")) == {"等待期", "等候期"}
    assert "责任免除" in glossary.synonyms("不保").split("|")
    terms = [c.term for c in glossary.concepts("What does the plan not cover?")]
    assert terms == ["not cover"]  # not "cover" too: the longer phrase is what is asked
    assert [c.term for c in glossary.concepts("What is the death benefit?")] == ["death benefit"]


@pytest.mark.parametrize(
    ("question", "figure"),
    [("康橋通嘅等候期有邊幾個？", False), ("哪几个等候期？", False), ("等候期有幾日？", True)],
)
def test_which_ones_asks_no_figure(question: str, figure: bool) -> None:
    assert extractive.wants_figure(question) is figure


def test_frame_words_and_words_across_a_name_are_no_subject() -> None:
    names = ["「康橋通」大灣區醫療計劃 產品說明書"]
    assert "哪些" not in extractive.salient_terms("康桥通有哪些等候期？", names)
    assert "通不保" not in extractive.salient_terms("康桥通不保什么？", names)
    chinese_slots = extractive.asked_terms("康桥通不保什么？", names)[True]
    assert any("不保" in slot.split("|") and "责任免除" in slot.split("|") for slot in chinese_slots)
