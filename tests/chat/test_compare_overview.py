"""Comparisons naming no attribute get an overview of the line's key facts; every comparison cell
holds the attribute's own value, of its kind, from the passage the answer model finds for it; a
comparison holds only plans of one line."""

from __future__ import annotations

import pytest

from chat.answering import Answer, answer_question, stream_answer
from chat.comparing import _to_clause_end, _value_in, asks_overview, overview_attributes
from knowledge.keyfacts.records import keyfacts_for
from knowledge.keyfacts.spec import vocabulary
from portal.models import Product


def _attribute(line: str, key: str):  # type: ignore[no-untyped-def]
    attribute = vocabulary().attribute(line, key)
    assert attribute is not None
    return attribute


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Compare Harbourview and Lantau Senior", True),
        ("Harbourview vs Lantau Senior?", True),
        ("What is the difference between Harbourview and Lantau Senior?", True),
        ("比較Harbourview同大嶼山長者住院計劃", True),
        ("比较一下Harbourview和大屿山长者", True),
        ("Compare the medical plans", True),
        # An attribute, or any other subject, is asked as usual.
        ("Compare Harbourview and Lantau Senior on room and board", False),
        ("Compare Harbourview and Lantau Senior on outpatient cover", False),
        ("比較Harbourview同大嶼山長者嘅等候期", False),
    ],
)
def test_a_comparison_naming_nothing_but_the_plans_asks_an_overview(
    composer_documents: list[str], question: str, expected: bool
) -> None:
    products = [Product.objects.get(slug=s) for s in ("harbourview-care", "lantau-senior")]
    assert asks_overview(question, products) is expected


def test_the_overview_attributes_are_the_data_files() -> None:
    keys = [a.key for a in overview_attributes("gba_medical")]
    assert keys[:2] == ["annual_limit", "lifetime_limit"] and "entry_age" in keys
    assert [a.key for a in overview_attributes("export_credit")][:2] == ["indemnity", "indemnity_country"]
    assert overview_attributes("no_such_line") == []


@pytest.mark.parametrize(
    ("question", "stated"),
    [
        ("Compare Harbourview and Lantau Senior", "Annual limit"),
        ("比較Harbourview同大嶼山長者住院計劃", "每年賠償上限"),
        ("比较一下Harbourview和大屿山长者", "年度赔偿限额"),
    ],
)
def test_compare_a_and_b_is_a_cited_table_of_the_lines_key_facts(
    composer_documents: list[str], question: str, stated: str
) -> None:
    answer = answer_question(question)
    assert answer.kind == "answer", answer.text
    [table] = answer.tables
    # The records answer it whole: the table alone, a row per key fact some plan states.
    assert answer.text == table.as_text()
    rows = {r.header.text: r for r in table.rows}
    assert stated in rows and len(rows) >= 3
    for row in table.rows:
        assert any(c.cite for c in row.cells)
        for cell in row.cells:
            if cell.cite:
                assert answer.citations[cell.cite - 1]["doc_id"] in {"harbourview-care", "lantau-senior"}
    annual = [c.text for c in rows[stated].cells]
    assert any("800,000" in t for t in annual) and any("600,000" in t for t in annual)


def test_compare_the_medical_plans_holds_only_medical_plans(composer_documents: list[str]) -> None:
    answer = answer_question("Compare the medical plans")
    assert answer.kind == "answer", answer.text
    lines = {Product.objects.get(documents__doc_id=c["doc_id"]).product_line for c in answer.citations}
    assert lines == {"gba_medical"}
    assert len({c["doc_id"] for c in answer.citations}) >= 2


def test_a_record_not_naming_its_attribute_gives_way_to_the_passage_that_does(
    composer_documents: list[str],
) -> None:
    """A record holding a neighbouring passage's figure (the claims deadline read as the illness
    waiting period) is not shown: the cell holds the period of the passage naming the waiting
    period, cited to it."""
    harbourview = Product.objects.get(slug="harbourview-care")
    keyfacts_for(harbourview)
    harbourview.key_facts.filter(attribute="waiting_illness").update(
        value="90 days",
        quote="Submit the claim form with original receipts within 90 days of discharge.",
        section="6. Claims procedure",
        confidence=1.0,
        corrected_value="",
    )
    answer = answer_question("Compare Harbourview and Lantau Senior on the illness waiting period")
    [table, *_] = answer.tables
    [row] = [r for r in table.rows if r.header.text == "Waiting period: illness"]
    cell = row.cells[[c.text for c in table.columns].index("Harbourview Cross-Border Care Plan") - 1]
    assert cell.text == "45 days", answer.text
    assert cell.cite is not None
    assert "waiting period of 45 days" in answer.citations[cell.cite - 1]["quote"]


@pytest.mark.parametrize(
    ("line", "key", "text", "value"),
    [
        # The value after the attribute's own words, not the one before them.
        (
            "pension",
            "maximum_premium",
            "Minimum total premium: HK$160,000. Maximum annual premium: HK$800,000.",
            "HK$800,000",
        ),
        (
            "pension",
            "minimum_premium",
            "Item: Minimum total premium; Plan (2026 edition): HK$120,000",
            "HK$120,000",
        ),
        # The nearest value when none follows closely.
        (
            "overseas_ip",
            "waiting_period",
            "首次投保的，被诉侵权抗辩保障自保险期间开始之日起90天为等待期；无效宣告应对保障的等待期为45天。",
            "90天",
        ),
        (
            "gba_medical",
            "deductible_options",
            "Deductible options: HK$0 or HK$20,000 a policy year.",
            "HK$0 or HK$20,000",
        ),
        ("export_credit", "indemnity_country", "項目: 政治風險賠償比例; 內容: 90%", "90%"),
        # A count is the number counting the attribute's noun: not a count of another noun, a list
        # item's number or a section's.
        ("gba_medical", "network_hospitals", "本計劃在大灣區內地九市設有28間網絡醫院。", "28"),
        (
            "gba_medical",
            "network_hospitals",
            "- 網絡醫院：位於大灣區內地九市的醫院（現有28間，名單載於本公司網站）。",
            "28",
        ),
        ("gba_medical", "network_hospitals", "3. 本公司一般於收齊資料後向網絡醫院發出擔保書。", ""),
        (
            "gba_medical",
            "network_hospitals",
            "It pays in Hong Kong, Macao and the nine mainland GBA cities, at network hospitals too.",
            "",
        ),
        (
            "gba_medical",
            "network_hospitals",
            "At the network hospitals marked for direct settlement in Section 6, we settle the bill.",
            "",
        ),
    ],
)
def test_a_cell_holds_the_value_of_the_attributes_kind(line: str, key: str, text: str, value: str) -> None:
    assert _value_in(text, _attribute(line, key)) == value


def test_an_overview_attribute_no_record_keeps_is_read_to_the_end_of_its_clause() -> None:
    assert "death_benefit" in [a.key for a in overview_attributes("pension")]
    text = (
        "Item: Death benefit; Plan: 105% of total premiums paid less annuity paid, or the guaranteed "
        "cash value plus bonus, whichever is higher"
    )
    assert _to_clause_end(text, "105%") == text[text.index("105%") :]
    assert _to_clause_end("身故賠償：已繳保費的103%；年金開始後不設身故賠償。", "103%") == "103%"


def test_a_comparison_with_a_name_the_portal_holds_nothing_for_answers_the_held_plan(
    composer_documents: list[str],
) -> None:
    """One held plan and one unheld name: the reply says it holds no documents for the name and
    gives the held plan's key facts, no other held plan in the unheld one's place."""
    answer = answer_question("Compare Harbourview and SunnyCare Plus")
    assert answer.kind == "answer", answer.text
    assert answer.text.startswith("The portal has no documents for SunnyCare Plus."), answer.text
    assert {c["doc_id"] for c in answer.citations} == {
        d.doc_id for d in Product.objects.get(slug="harbourview-care").documents.all()
    }
    # The chat streams it so too.
    *_, streamed = stream_answer("比較Harbourview同康健寶")
    assert isinstance(streamed, Answer) and streamed.kind == "answer", streamed
    assert streamed.text.startswith("本平台沒有關於康健寶的文件。"), streamed.text
