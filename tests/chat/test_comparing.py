"""Comparisons and premium estimates in the chat come from the compare page's records, cited."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from django.test import Client

from chat.answering import Answer, _compose, _retrieve, _understand, answer_question
from knowledge.ingest import DocumentMeta, ingest_document, register_document
from knowledge.keyfacts.records import keyfacts_for
from portal.comparison import comparison_build
from portal.models import Product

FIXTURES = Path(__file__).parent / "fixtures"
COMPARE = "Compare Harbourview and Lantau Senior on room and board and waiting periods"


def _clean(answer: Answer) -> None:
    """No bullet glyphs, control characters, empty lead-ins or repeated lines."""
    lines = answer.text.splitlines()
    assert all(line.strip() for line in lines)
    assert not any(re.match(r"\s*[•·▪●◦■►]", line) for line in lines)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\ue000-\uf8ff]", answer.text)
    # (A plan that states neither of two facts says so under each, in the same words.)
    stated = [line for line in lines if not line.endswith(": Not stated")]
    assert len(stated) == len(set(stated))


def test_comparison_is_the_compare_pages_records_side_by_side(composer_documents: list[str]) -> None:
    answer = answer_question(COMPARE)
    assert answer.kind == "answer"
    table = answer.tables[0]
    products = [Product.objects.get(slug=s) for s in ("harbourview-care", "lantau-senior")]
    assert [c.text for c in table.columns] == ["Key fact", *(p.name_en for p in products)]
    # One implementation: the rows are the compare page's, for the attributes asked.
    # The page shows a value with the table column it was read from ("HK$900 (Standard)").
    page = {
        r.label: [
            f"{c.value} ({c.record.column})" if c.record and c.record.column else c.value for c in r.cells
        ]
        for r in comparison_build(products=products, language="en").rows
    }
    shown = {r.header.text: [c.text for c in r.cells] for r in table.rows}
    # "waiting periods" asks for every waiting period a record holds, in the data file's order.
    assert list(shown) == [
        "Room and board (per day)",
        "Waiting period: illness",
        "Waiting period: cancer",
        "Waiting period: maternity",
    ]
    for label, values in shown.items():
        assert [v for v in values if v != "Not stated"] == [v for v in page[label] if v]
    assert shown["Room and board (per day)"][0].startswith("HK$900")
    # Every stated cell cites its record's document and passage; a fact the document does not
    # state cites nothing (its link would open the document at no passage).
    for row in table.rows:
        for cell, product in zip(row.cells, products, strict=True):
            if cell.text == "Not stated":
                assert cell.cite is None
                continue
            citation = answer.citations[cell.cite - 1] if cell.cite else None
            assert citation is not None and citation["doc_id"] == product.documents.get().doc_id
            record = next(
                f.record for f in keyfacts_for(product) if f.attribute.label("en") == row.header.text
            )
            assert record is not None and citation.get("quote", "") == record.quote
    # The reader of an English page is told the Chinese document is quoted as written.
    assert "(The document is in Traditional Chinese: quoted as it is written.)" in table.notes
    assert answer.text.startswith(table.as_text())
    # "Waiting periods" names each waiting period only in part: the passages the answer model
    # chose follow the records, numbered after them; a passage a record already cites keeps
    # the record's number.
    support = answer.text[len(table.as_text()) :]
    assert "Illness is covered after a waiting period of 45 days" in support
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", support)]
    cells = [c.cite for r in table.rows for c in r.cells if c.cite]
    assert any(n > max(cells) for n in numbers) and max(numbers) <= len(answer.citations)
    assert all(n in cells for n in numbers if n <= max(cells))
    quotes = [(c["doc_id"], c["quote"]) for c in answer.citations]
    assert len(quotes) == len(set(quotes))
    _clean(answer)


def test_a_comparison_the_records_answer_whole_is_the_table_alone(composer_documents: list[str]) -> None:
    answer = answer_question("Compare Harbourview and Lantau Senior on room and board")
    [table] = answer.tables
    assert answer.text == table.as_text()
    assert [r.header.text for r in table.rows] == ["Room and board (per day)"]


def test_a_named_plan_whose_record_states_nothing_is_answered_by_its_passage(
    composer_documents: list[str],
) -> None:
    """A record that does not state the asked fact for a plan the question names never stands as
    its answer ("see the document" though the document states it): the cell holds the value of
    the passage the answer model finds for the attribute, cited."""
    harbourview = Product.objects.get(slug="harbourview-care")
    keyfacts_for(harbourview)
    # The extracted value is kept but no longer trusted (as an extraction below the confidence
    # shown): the compare page then shows nothing for it.
    harbourview.key_facts.filter(attribute="room_and_board").update(confidence=0.0, corrected_value="")
    answer = answer_question("Compare Harbourview and Lantau Senior on room and board")
    [table, *_] = answer.tables
    cell = table.rows[0].cells[0]
    assert "900" in cell.text and cell.cite is not None, answer.text
    citation = answer.citations[cell.cite - 1]
    assert citation["doc_id"] == "harbourview-care" and "900" in citation["quote"]


def test_which_plans_gets_a_block_for_every_plan_of_the_line(composer_documents: list[str]) -> None:
    # The question's form as chat.understanding labels a "which plans…" question (its classifier
    # is tested on its own): every plan of the line is read, not the first few retrieved.
    question = "Which plans have a waiting period for illness?"
    state = _understand({"question": question, "language": "en", "history": []})
    state["understanding"] = replace(state["understanding"], which_plans=True, comparison=False)
    answer = _compose(_retrieve(state))
    assert answer.tables, answer.text
    [table] = answer.tables
    # A block for every plan of the line whose record states it, and for no other.
    stating = [
        p.name_en
        for p in Product.objects.filter(product_line="gba_medical")
        if any(f.value for f in keyfacts_for(p) if f.attribute.key == "waiting_illness")
    ]
    assert len(stating) >= 2
    # One row per plan (testers read a row of plan columns as one answer), the attribute its column.
    assert sorted(r.header.text for r in table.rows) == sorted(stating)
    assert [c.text for c in table.columns] == ["Plan", "Waiting period: illness"]
    assert "45 days" in answer.text and "120日" in answer.text
    _clean(answer)


TSUEN_WAN = DocumentMeta(
    doc_id="tsuen-wan-medical",
    insurer="Tsuen Wan Test Assurance Limited",
    product="tsuen-wan-medical",
    product_line="gba_medical",
    language="en",
    title="Tsuen Wan GBA Hospital Plan",
    effective_date="2026-01-01",
)


@pytest.fixture
def excluding_plan(composer_documents: list[str]) -> str:
    """A plan whose document states no maternity waiting period: it does not pay for pregnancy."""
    assert ingest_document(register_document(FIXTURES / "tsuen-wan-medical.md", TSUEN_WAN)) > 0
    return TSUEN_WAN.doc_id


def test_a_plan_that_excludes_what_is_compared_quotes_its_exclusion(excluding_plan: str) -> None:
    answer = answer_question("Compare Harbourview and Tsuen Wan on the maternity waiting period")
    table = answer.tables[0]
    plans = [c.text for c in table.columns][1:]
    assert sorted(plans) == ["Harbourview Cross-Border Care Plan", "Tsuen Wan GBA Hospital Plan"]
    [row] = [r for r in table.rows if r.header.text == "Waiting period: maternity"]
    cell = row.cells[plans.index("Tsuen Wan GBA Hospital Plan")]
    # Not "see the document": the document's own words, with the lead-in that says they are excluded.
    assert cell.text == "We do not pay for: pregnancy, childbirth and their complications;"
    citation = answer.citations[cell.cite - 1] if cell.cite else None
    assert citation is not None and citation["doc_id"] == excluding_plan
    assert citation["quote"] == "pregnancy, childbirth and their complications;"


def test_which_plans_lists_a_plan_that_says_it_does_not_cover_it(excluding_plan: str) -> None:
    question = "Which plans have a maternity waiting period?"
    state = _understand({"question": question, "language": "en", "history": []})
    state["understanding"] = replace(state["understanding"], which_plans=True, comparison=False)
    answer = _compose(_retrieve(state))
    [table] = answer.tables
    blocks = {r.header.text: r.cells[0].text for r in table.rows}
    assert blocks["Tsuen Wan GBA Hospital Plan"].startswith("We do not pay for: pregnancy")
    # Every plan whose record states it keeps its block too.
    stating = [
        p.name_en
        for p in Product.objects.filter(product_line="gba_medical")
        if any(f.value for f in keyfacts_for(p) if f.attribute.key == "waiting_maternity")
    ]
    assert set(stating) < set(blocks)
    _clean(answer)


@pytest.mark.parametrize(
    ("question", "expected", "absent"),
    [
        (
            "What is the annual premium of the Sham Shui Po GBA Hospital Plan for a 36-year-old?",
            "5,870",
            "3,150",
        ),
        (
            "What is the annual premium of the Sham Shui Po GBA Hospital Plan for a 35-year-old?",
            "3,150",
            "5,870",
        ),
    ],
)
def test_premium_estimate_is_the_cell_of_the_age_band_cited_and_indicative(
    composer_documents: list[str], question: str, expected: str, absent: str
) -> None:
    answer = answer_question(question)
    [table] = answer.tables
    assert [c.text for r in table.rows for c in r.cells] == [f"HK${expected}"]  # as pages print money
    assert absent not in answer.text
    assert any("Indicative" in note for note in table.notes)
    assert answer.citations[0]["doc_id"] == "shamshuipo-gba" and expected in answer.citations[0]["quote"]
    _clean(answer)


def test_premium_for_an_age_outside_the_table_says_so(composer_documents: list[str]) -> None:
    answer = answer_question(
        "What is the annual premium of the Sham Shui Po GBA Hospital Plan for a 70-year-old?"
    )
    [table] = answer.tables
    [cell] = table.rows[0].cells
    assert cell.text == "no row for this age (the table covers 18–65)"
    assert not re.search(r"3,150|5,870|9,420", answer.text), "never the nearest row"


def test_http_answer_carries_the_table_as_data(composer_documents: list[str]) -> None:
    response = Client().post("/api/chat/", {"message": COMPARE}, "application/json")
    assert response.status_code == 200
    frame = response.json()
    table = frame["tables"][0]
    assert set(table) == {"caption", "columns", "rows", "notes", "language", "text"}
    # The caption names the plans: a "which plans…" answer may hold one, and must say which.
    assert table["caption"] == (
        "Key facts of 2 GBA medical plans: Harbourview Cross-Border Care Plan, 大嶼山長者住院計劃"
    )
    assert table["columns"][0]["text"] == "Key fact"
    for row in table["rows"]:
        assert row["header"]["text"]
        for cell in row["cells"]:
            if cell["cite"]:
                assert frame["citations"][cell["cite"] - 1]["doc_id"] in {"harbourview-care", "lantau-senior"}
    # The plain-text rendering is the answer's text, for clients that show text only.
    assert table["text"] in frame["text"]


def test_an_english_reader_of_a_chinese_document_gets_english_labels_and_the_quote(
    composer_documents: list[str],
) -> None:
    Product.objects.filter(slug="lantau-senior").update(name_en="Lantau Senior Hospital Plan")
    answer = answer_question("What is the daily room and board limit of the Lantau Senior Hospital Plan?")
    lines = answer.text.splitlines()
    # The frame in English: the catalogue's English name, the document's language noted…
    assert lines[0] == "From Lantau Senior Hospital Plan (Lantau Test Assurance Limited):"
    assert lines[1] == "(The document is in Traditional Chinese: quoted as it is written.)"
    # …and the quote as written, cited, in a table whose caption names the plan in English.
    assert "港幣700元" in answer.text and "港幣1,600元" in answer.text
    [table] = answer.tables
    assert table.caption.startswith("Lantau Senior Hospital Plan · ")
    assert all(c.lang == "zh-Hant" and c.cite for r in table.rows for c in r.cells)
    _clean(answer)


def test_a_premium_answer_names_its_table_and_shows_its_row_once(composer_documents: list[str]) -> None:
    # A question of two parts is answered from the records and the passages; the passages'
    # copy of the premium row is not shown a second time, and the caption says which table
    # (its heading: the deductible the figures are for) the figure is read from.
    answer = answer_question(
        "Sham Shui Po GBA Hospital Plan 36歲保費幾多？自付費又如何？", language="zh-hant"
    )
    [table] = answer.tables  # the passages quoted the same 36–50 row: it is not shown again
    assert table.caption.startswith("參考保費：Sham Shui Po GBA Hospital Plan · ")
    assert answer.text.count("5,870") == 1
    # Nor cited a second time: each quote has one number, and every number is shown.
    quotes = [(c["doc_id"], c["quote"]) for c in answer.citations]
    assert len(quotes) == len(set(quotes))
    assert {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)} == set(range(1, len(quotes) + 1))


def test_a_part_no_document_states_is_named(excluding_plan: str) -> None:
    answer = answer_question(
        "Compare Harbourview and Tsuen Wan on room and board; do they pay for acupuncture?"
    )
    assert answer.kind == "answer"
    assert [r.header.text for r in answer.tables[0].rows] == ["Room and board (per day)"]
    # The records answer one part; no passage answers the other, and the reply says which.
    assert answer.text.splitlines()[-1] == "The documents do not state: “do they pay for acupuncture”"


def test_a_part_a_passage_answers_is_not_named(excluding_plan: str) -> None:
    answer = answer_question(
        "Compare Harbourview and Tsuen Wan on room and board; do they pay for cosmetic surgery?"
    )
    assert "The documents do not state" not in answer.text


def _which_plans(question: str, language: str = "en") -> Answer:
    """The answer to `question` read as "which plans…" (its classifier is tested on its own)."""
    state = _understand({"question": question, "language": language, "history": []})
    state["understanding"] = replace(state["understanding"], which_plans=True, comparison=False)
    return _compose(_retrieve(state))


def test_which_plans_says_which_plan_excludes_it_and_quotes_the_exclusion(excluding_plan: str) -> None:
    # "Pregnancy" names the maternity waiting period only in part: the plans' own passages answer,
    # a row per plan, led by which plans do and do not cover it; nothing follows the table.
    answer = _which_plans("Which plans pay for pregnancy?")
    [table] = answer.tables
    assert answer.text == table.as_text()
    rows = {r.header.text: [c.text for c in r.cells] for r in table.rows}
    assert rows["Tsuen Wan GBA Hospital Plan"] == [
        "Not covered",
        "We do not pay for: pregnancy, childbirth and their complications;",
    ]
    # The summary first: the plan that excludes it, and the plans whose documents say nothing of it.
    summary = answer.text.splitlines()[0]
    assert "Not covered: Tsuen Wan GBA Hospital Plan" in summary
    assert (
        "Not stated: " in summary and "Harbourview Cross-Border Care Plan" in summary.split("Not stated: ")[1]
    )
    cell = table.rows[0].cells[1]
    citation = answer.citations[cell.cite - 1] if cell.cite else None
    assert citation is not None and citation["doc_id"] == excluding_plan
    _clean(answer)


def test_which_plans_labels_each_plan_in_the_readers_language(excluding_plan: str) -> None:
    answer = _which_plans("哪些計劃賠償懷孕及分娩？", "zh-Hant")
    assert len(answer.tables) == 1, answer.text
    [table] = answer.tables
    assert [c.text for c in table.columns] == ["計劃", "答案", "文件的說法"]
    assert answer.text.splitlines()[0].startswith("不保：")
    assert {r.cells[0].text for r in table.rows} <= {"有保障", "不保", "未有列明"}


@pytest.mark.parametrize("age_basis", ["last", "next"])
def test_an_age_band_the_question_names_is_read_as_that_row(age_basis: str) -> None:
    # devc-q003: "41-50岁" read as age 50 fell in the 51-60 row of a table by age next birthday.
    from dataclasses import replace as with_basis

    from chat.comparing import _estimated
    from knowledge.keyfacts.premiums import Estimate, rate_tables
    from knowledge.loaders import Block

    header = ["Age band", "Deductible 0"]
    rows = [["31-40", "9,120"], ["41-50", "13,860"], ["51-60", "22,740"]]
    blocks = [
        Block(kind="heading", text="Annual premiums", level=2),
        Block(kind="table", header=header, rows=rows),
    ]
    table = with_basis(rate_tables(blocks)[0], age_basis=age_basis)
    for question in ("Plus 计划，41-50岁，一年保费多少？", "premium aged 41 to 50"):
        found = _estimated(table, "Deductible 0", 50, question)
        assert isinstance(found, Estimate) and found.value == "13,860", question
    # No band named: the age as the table counts it.
    found = _estimated(table, "Deductible 0", 50, "premium at 50")
    assert isinstance(found, Estimate) and found.value == ("22,740" if age_basis == "next" else "13,860")
