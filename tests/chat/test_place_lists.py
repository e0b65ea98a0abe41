"""A place asked about, read against a document's explicit list of places (chat.place_lists)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from chat import messages
from chat.answering import answer_question
from chat.place_lists import among_listed, asked_places, listed_places, not_listed, place_lists
from chat.units import Unit
from knowledge.ingest import DocumentMeta, ingest_document, register_document
from tests.chat.conftest import FIXTURES
from tests.chat.unit_blocks import TEST_CHUNK


def _unit(text: str, order: int, heading: str = "", doc: str = "a", **more: object) -> Unit:
    chunk = replace(TEST_CHUNK, doc_id=doc, chunk_id=f"{doc}:v1:{order}")
    return Unit(chunk, text, order, heading, **more)  # type: ignore[arg-type]


def test_a_labelled_list_of_places_is_a_closed_list() -> None:
    # Its own label, or its section heading, says what it lists; the rest is place names.
    own = _unit("Territories: United States, European Union, United Kingdom, Japan and Australia.", 0)
    under = _unit("美國、歐盟成員國同英國。", 1, heading="四、保障地區")
    grouped = _unit("美国、欧盟成员国及英国、东盟十国、海湾合作委员会六国。", 2, heading="承保地域")
    assert listed_places(own, [own]) == {"US", "EU", "GB", "JP", "AU"}
    assert listed_places(under, [under]) == {"US", "EU", "GB"}
    assert listed_places(grouped, [grouped]) == {"US", "EU", "GB", "ASEAN", "GCC"}


def test_examples_a_sentence_or_an_unlabelled_list_are_no_closed_list() -> None:
    # A grade's examples leave other places to be asked about ("未有列出的市場，請向本公司查詢").
    examples = _unit("甲級：美國、加拿大、英國、德國", 0, heading="市場等級（舉例）")
    row = _unit("Market grade: A; Examples: United States, Canada, Japan", 1, heading="Territories")
    sentence = _unit("We pay legal costs in the United States and Canada within 30 days of a claim.", 2)
    unlabelled = _unit("美國、加拿大及英國。", 3, heading="三、索償")
    units = [examples, row, sentence, unlabelled]
    assert not any(listed_places(u, units) for u in units)


def test_a_place_named_nowhere_is_missing_and_one_in_a_listed_region_is_not() -> None:
    listed = _unit("美國、歐盟成員國同英國。", 0, heading="保障地區")
    after = _unit("其他地區一律唔保。", 1, heading="保障地區")
    units = [listed, after]
    [found] = place_lists(frozenset({"JP"}), "a", units)
    assert (found.unit, found.after, found.missing) == (listed, after, ("JP",))
    # Germany is in the EU the list names: the list speaks to it, as naming it.
    [found] = place_lists(frozenset({"DE"}), "a", units)
    assert (found.missing, found.listed) == ((), ("DE",))
    # A document naming no list says nothing here.
    assert place_lists(frozenset({"JP"}), "a", [_unit("Claims are paid in Hong Kong dollars.", 0)]) == []


def test_a_list_labelled_by_its_own_words() -> None:
    own = _unit("销售地区为美国、加拿大、英国、欧盟及澳大利亚；", 0, heading="二、投保条件")
    assert listed_places(own, [own]) == {"US", "CA", "GB", "EU", "AU"}


def test_places_in_the_plans_names_are_not_asked() -> None:
    asked = asked_places(
        "Does the Hong Kong Exporter Plan cover buyers in Japan?", ["Hong Kong Exporter Plan"]
    )
    assert asked == {"JP"}


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Not among the places IP Plan lists: Japan, Brazil. What it says:"),
        ("zh-Hant", "日本、巴西不在《IP Plan》列明的地區之內。文件原文："),
        ("zh-Hans", "日本、巴西不在《IP Plan》列明的地区之内。文件原文："),
    ],
)
def test_the_reader_is_told_in_their_language(language: str, said: str) -> None:
    assert not_listed(language, ["JP", "BR"], "IP Plan") == said


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Among the places IP Plan lists: France (EU), Japan. What it says:"),
        ("zh-Hant", "法國（歐盟）、日本在《IP Plan》列明的地區之內。文件原文："),
        ("zh-Hans", "法国（欧盟）、日本在《IP Plan》列明的地区之内。文件原文："),
    ],
)
def test_a_place_in_the_list_is_shown_with_the_region_naming_it(language: str, said: str) -> None:
    assert among_listed(language, ["FR", "JP"], frozenset({"EU", "JP", "US"}), "IP Plan") == said


ABERDEEN = (
    FIXTURES / "aberdeen-ip-territories.md",
    DocumentMeta(
        doc_id="aberdeen-ip",
        insurer="Aberdeen Test Insurance Limited",
        product="aberdeen-ip",
        product_line="overseas_ip",
        language="zh-Hant",
        title="「出海守護」海外知識產權保險",
        effective_date="2026-01-01",
    ),
)


@pytest.fixture
def territory_document(knowledge_index: None, transactional_db: None) -> str:
    path, meta = ABERDEEN
    assert ingest_document(register_document(path, meta)) > 0
    return meta.doc_id


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("Does 出海守護 cover IP disputes in Japan?", "Not among the places"),
        ("出海守護保唔保日本嘅侵權糾紛？", "日本不在《「出海守護」海外知識產權保險》列明的地區之內"),
        ("出海守护在日本被诉侵权有保障吗？", "日本不在《「出海守护」海外知识产权保险》列明的地区之内"),
    ],
)
def test_a_place_missing_from_the_list_is_answered_with_the_list(
    territory_document: str, question: str, said: str
) -> None:
    answer = answer_question(question)
    assert answer.kind == "answer"
    assert said in answer.text.splitlines()[0]
    quotes = [c["quote"] for c in answer.citations]
    # The list and the sentence after it, each cited; nothing else.
    assert quotes == ["美國、加拿大、歐盟成員國同英國。", "其他地區一律唔保。"]
    assert all(c["doc_id"] == territory_document for c in answer.citations)


def test_a_place_in_a_listed_region_is_answered_not_declined(territory_document: str) -> None:
    answer = answer_question("出海守護喺德國畀人告侵權保唔保？")
    assert answer.kind == "answer"
    assert "不在" not in answer.text
    assert "美國、加拿大、歐盟成員國同英國。" in [c["quote"] for c in answer.citations]


@pytest.mark.parametrize(
    "question",
    ["What is 出海守護's deductible for a case in Japan?", "出海守護喺日本每宗案件嘅自負額係幾多？"],
)
def test_a_figure_asked_of_a_place_the_list_omits_is_declined_with_the_list(
    territory_document: str, question: str
) -> None:
    """Asked what the document gives a place it omits (its rate, its deductible there), the answer
    is a decline whatever found the list: the document states nothing for that place."""
    answer = answer_question(question)
    assert answer.kind == "no_answer", answer.text
    assert messages.declines(answer.text, answer.language)
    assert "美國、加拿大、歐盟成員國同英國。" in [c["quote"] for c in answer.citations]
