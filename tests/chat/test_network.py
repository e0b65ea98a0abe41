"""Which plans settle bills directly at a hospital or in a city: the compare page's lookup,
answered in the chat in the reader's language, one cited row per plan and hospital."""

from __future__ import annotations

import pytest

from chat import messages
from chat.answering import Answer, answer_question
from chat.network import Asked, asked, hospital_named
from knowledge.ingest import DocumentMeta, ingest_document, register_document
from portal.models import Product
from tests.chat.conftest import FIXTURES

# A second plan whose Traditional Chinese network table prints each hospital's English name beside
# its own, and marks one hospital as reimbursement only.
TUEN_MUN = (
    FIXTURES / "tuenmun-bay-medical.md",
    DocumentMeta(
        doc_id="tuenmun-bay",
        insurer="Tuen Mun Test Assurance Limited",
        product="tuenmun-bay",
        product_line="gba_medical",
        language="zh-Hant",
        title="屯門灣區醫療計劃",
        effective_date="2026-01-01",
    ),
)


@pytest.fixture
def network_documents(composer_documents: list[str]) -> list[str]:
    path, meta = TUEN_MUN
    assert ingest_document(register_document(path, meta)) > 0
    return [*composer_documents, meta.doc_id]


def _rows(answer: Answer) -> list[tuple[str, str, str]]:
    [table] = answer.tables
    return [(r.header.text, r.cells[0].text, r.cells[1].text) for r in table.rows]


def test_a_hospital_two_plans_list_gets_a_cited_row_for_each(network_documents: list[str]) -> None:
    answer = answer_question(
        "Can I get direct billing at Nanshan Lychee Garden Hospital with any of your plans?"
    )
    assert answer.kind == "answer"
    rows = _rows(answer)
    # One row per plan: the Chinese list is matched by the English name it prints beside its own.
    assert len(rows) == 2 and len({plan for plan, _, _ in rows}) == 2
    assert ("Sham Shui Po GBA Hospital Plan", "Nanshan Lychee Garden Hospital", "Shenzhen") in rows
    # The Chinese list prints the English name beside its own: the English reader is shown it.
    assert [(hospital, city) for _, hospital, city in rows] == [
        ("Nanshan Lychee Garden Hospital", "Shenzhen")
    ] * 2
    [table] = answer.tables
    assert table.caption == "Direct settlement at a hospital"
    # Nothing Chinese is shown, so no note says a Chinese list is quoted as written.
    assert not any("Traditional Chinese" in note for note in table.notes)
    for row in table.rows:
        citation = answer.citations[row.cells[0].cite - 1]
        # Each row cites the line of its plan's network list the hospital is printed on.
        assert row.cells[0].text in citation["quote"]
        assert citation["doc_id"] in {"shamshuipo-gba", "tuenmun-bay"}
    assert answer.text.startswith(table.as_text())


def test_a_city_in_simplified_chinese_lists_each_plans_hospitals_there(network_documents: list[str]) -> None:
    answer = answer_question("在深圳有哪些计划可以直接结算？")
    assert answer.kind == "answer"
    [table] = answer.tables
    assert table.caption == "在医院直接结算"
    rows = _rows(answer)
    hospitals = {hospital for _, hospital, _ in rows}
    # The Traditional list is shown in the reader's script; Zhuhai's hospital is not in Shenzhen.
    assert {"南山荔枝园医院", "福田红树林医院", "Nanshan Lychee Garden Hospital"} <= hospitals
    assert all(city == "深圳" for _, _, city in rows)
    assert "Xiangzhou Harbour Hospital" not in answer.text


def test_a_hospital_in_cantonese_gets_traditional_chinese_rows(network_documents: list[str]) -> None:
    answer = answer_question("邊啲計劃可以喺福田紅樹林醫院直接埋單？")
    assert answer.kind == "answer"
    assert answer.tables[0].caption == "在醫院直接結算"
    [(_, hospital, city)] = _rows(answer)
    assert (hospital, city) == ("福田紅樹林醫院", "深圳")


@pytest.mark.parametrize(
    ("question", "says"),
    [
        (
            "Which plans settle bills directly at Tsuen Wan Orchid Hospital?",
            "No plan's document lists a direct-settlement hospital matching “Tsuen Wan Orchid Hospital”.",
        ),
        ("哪些计划在东莞可以直接结算？", "没有计划文件列出与“东莞”相符的直接结算医院。"),
    ],
)
def test_a_hospital_or_city_no_plan_lists_is_said_plainly(
    network_documents: list[str], question: str, says: str
) -> None:
    answer = answer_question(question)
    assert answer.kind == "no_answer"
    assert answer.text.startswith(says)
    assert not answer.tables and not answer.citations
    # Like every decline, it offers the insurer or a person.
    assert messages.fixed_reply("no_answer", answer.language) in answer.text


def test_a_hospital_listed_for_reimbursement_only_is_said_so_and_cited(network_documents: list[str]) -> None:
    answer = answer_question("有冇計劃喺番禺河畔醫療中心可以直接結算？")
    assert answer.kind == "answer", "the documents answer: not directly, by reimbursement"
    assert answer.text.startswith("沒有計劃文件列出與「番禺河畔醫療中心」相符的直接結算醫院。")
    assert "只限報銷" in answer.text or "報銷" in answer.text
    [citation] = answer.citations
    assert citation["doc_id"] == "tuenmun-bay" and "番禺河畔醫療中心" in citation["quote"]


def test_co_insurance_at_non_network_hospitals_is_not_a_lookup(db: None) -> None:
    assert asked("喺內地非網絡醫院睇病，賠幾多成？") is None
    assert asked("What share do I pay at a non-network hospital in Shenzhen?") is None
    assert asked("Is there cashless treatment at Futian Mangrove Hospital?") == Asked(
        "Futian Mangrove Hospital", ""
    )


def test_a_named_plan_that_prints_no_list_is_answered_from_its_document(network_documents: list[str]) -> None:
    # Harbourview's document prints no network list: the lookup has nothing to say about it.
    answer = answer_question("Does Harbourview settle bills directly at Futian Mangrove Hospital?")
    assert "No plan's document lists" not in answer.text
    assert all(t.caption != "Direct settlement at a hospital" for t in answer.tables)


def test_a_plans_own_name_is_not_a_hospital(network_documents: list[str]) -> None:
    question = "Does the Sham Shui Po GBA Hospital Plan settle bills directly in Zhuhai?"
    assert hospital_named(question) == ""
    assert hospital_named("Is Futian Mangrove Hospital a network hospital?") == "Futian Mangrove Hospital"
    assert hospital_named("喺福田紅樹林醫院睇醫生可唔可以直接結算？") == "福田紅樹林醫院"
    answer = answer_question(question)
    assert _rows(answer) == [("Sham Shui Po GBA Hospital Plan", "Xiangzhou Harbour Hospital", "Zhuhai")]


DEMO = FIXTURES.parent.parent.parent / "knowledge" / "demo_corpus" / "docs"


@pytest.fixture
def baylink(knowledge_index: None, transactional_db: None) -> None:
    meta = DocumentMeta(
        doc_id="taipo-baylink",
        insurer="Tai Po Mutual Assurance Limited (fictional)",
        product="taipo-baylink",
        product_line="gba_medical",
        language="en",
        title="BayLink Network Hospital Plan",
        effective_date="2026-03-01",
    )
    assert ingest_document(register_document(DEMO / "taipo-baylink-medical.md", meta)) > 0
    Product.objects.filter(slug="taipo-baylink").update(
        name_zh_hant="「灣聯」網絡醫院計劃", name_zh_hans="「湾联」网络医院计划"
    )


@pytest.mark.parametrize(
    ("question", "city"),
    [
        ("灣聯計劃喺深圳有邊幾間醫院可以直接結算？", "深圳"),  # Cantonese
        ("灣聯計劃在深圳有哪些醫院可以直接結算？", "深圳"),  # zh-Hant
        ("湾联计划在深圳有什么医院可以直接结算？", "深圳"),  # zh-Hans
        ("Under BayLink, are there any Shenzhen Hospitals with direct settlement?", "Shenzhen"),
    ],
)
def test_question_words_before_hospital_are_no_hospital_name_and_the_city_filters(
    baylink: None, question: str, city: str
) -> None:
    wanted = asked(question)
    assert wanted is not None and wanted.hospital == "" and wanted.city == "shenzhen"
    answer = answer_question(question)
    assert answer.kind == "answer", answer.text
    rows = _rows(answer)
    # The three Shenzhen hospitals that settle directly; not the one for reimbursement only.
    assert len(rows) == 3 and all(c == city for _, _, c in rows)
    assert not any("Silver Pine" in h or "銀松" in h or "银松" in h for _, h, _ in rows)


def test_a_plan_that_prints_no_list_but_names_the_city_is_quoted_for_it(network_documents: list[str]) -> None:
    """A plan whose document says it has network hospitals in the city asked, without listing
    them, is named with that sentence, cited; a city its sentence does not name is not answered so."""
    meta = DocumentMeta(
        doc_id="shatin-count",
        insurer="Sha Tin Test Assurance Limited",
        product="shatin-count",
        product_line="gba_medical",
        language="en",
        title="Sha Tin Cross-Border Hospital Plan",
        effective_date="2026-01-01",
    )
    assert ingest_document(register_document(FIXTURES / "shatin-network-count.md", meta)) > 0
    answer = answer_question("哪些计划在东莞可以直接结算？")
    assert answer.kind == "answer"
    [citation] = [c for c in answer.citations if c["doc_id"] == "shatin-count"]
    assert "12 network hospitals in Dongguan and Huizhou" in citation["quote"]
    line = next(line for line in answer.text.splitlines() if "Sha Tin" in line)
    assert "东莞" in line and line.endswith(f"[{answer.citations.index(citation) + 1}]")
    shenzhen = answer_question("Which plans settle bills directly in Shenzhen?")
    assert "shatin-count" not in {c["doc_id"] for c in shenzhen.citations}
