"""Pure pieces of the offline composer: units, glossary renderings, question parts, decline checks."""

from __future__ import annotations

from dataclasses import replace

from chat import extractive, glossary, grounding, scoring, selection
from chat.units import list_of, step_form, steps_of
from knowledge.units import build_units, heading_name, row_text
from tests.chat.unit_blocks import TEST_CHUNK, blocks_of, chunk_units

CHUNK = TEST_CHUNK


def test_items_are_kept_whole_and_paragraphs_split_into_sentences() -> None:
    text = (
        "Section A covers bodily injury. It also covers property damage.\n"
        "• Section C: 15 days. Only orders delivered after the 15th day qualify."
    )
    units = chunk_units([replace(CHUNK, text=text)])
    assert [(u.text, u.kind) for u in units] == [
        ("Section A covers bodily injury.", "sentence"),
        ("It also covers property damage.", "sentence"),
        ("- Section C: 15 days. Only orders delivered after the 15th day qualify.", "item"),
    ]
    assert units[0].heading == "Exclusions"
    # Each unit opens the viewer at the block that holds it.
    assert units[0].anchor == units[1].anchor != units[2].anchor


def test_lead_in_owns_its_items_and_a_plain_line_ends_a_list() -> None:
    text = "The plan does not pay for:\n- cosmetic surgery;\n- dental treatment.\nClaims are paid in HK$ within 30 days of the claim form, as the schedule sets out in full."
    units = chunk_units([replace(CHUNK, text=text)])
    lead, first, second, after = units
    assert lead.is_lead and first.lead == lead.order and second.lead == lead.order
    assert [u.text for u in list_of(first, units)] == ["- cosmetic surgery;", "- dental treatment."]
    assert after not in list_of(first, units) and after.lead is None


def test_table_rows_carry_their_headers_and_cells_their_row_and_column() -> None:
    text = (
        "Monthly premium by age:\nAge | Basic | Premier\n31–40 | HK$800 | HK$1,200\n41–50 | HK$950 | HK$1,500"
    )
    blocks = blocks_of(text, "Test Plan > Premiums")
    records = build_units(blocks, title="Test Plan")
    rows = [r for r in records if r.kind == "row"]
    assert [r.text for r in rows] == [
        "Age: 31–40; Basic: HK$800; Premier: HK$1,200",
        "Age: 41–50; Basic: HK$950; Premier: HK$1,500",
    ]
    # The lead-in introduces the table's rows; the rows are one list.
    assert all(r.lead == 0 and r.listed for r in rows) and len({r.group for r in rows}) == 1
    cells = [r.text for r in records if r.kind == "cell"]
    assert "Age: 41–50; Premier: HK$1,500" in cells and len(cells) == 4
    table = next(b for b in blocks if b.kind == "table")
    assert rows[1].anchor == f"{table.anchor}-r1" and rows[0].heading == "Premiums"
    # Cells are stored for lookups; the chat scores sentences, items and rows.
    assert {u.kind for u in chunk_units([replace(CHUNK, text=text)])} == {"sentence", "row"}


def test_a_merged_cell_is_quoted_once_under_the_headers_it_spans() -> None:
    text = (
        "Benefit | Standard | Plus | Prestige\n"
        "Anaesthetist's fee | 30% of the surgeon's fee | 30% of the surgeon's fee | 30% of the surgeon's fee\n"
        "Lifetime limit | 2,400,000 | No limit | No limit\n"
        "Part B: outpatient | Part B: outpatient | Part B: outpatient | Part B: outpatient"
    )
    records = build_units(blocks_of(text, "Test Plan > Benefits"), title="Test Plan")
    assert [r.text for r in records if r.kind == "row"] == [
        "Benefit: Anaesthetist's fee; Standard, Plus, Prestige: 30% of the surgeon's fee",
        "Benefit: Lifetime limit; Standard: 2,400,000; Plus, Prestige: No limit",
        "Part B: outpatient",
    ]
    # A line across the table has no cells of its own.
    assert not [r for r in records if r.kind == "cell" and "Part B" in r.text]
    assert row_text(["保障項目", "標準計劃", "尊尚計劃"], ["麻醉科醫生費", "35%", "35%"]) == (
        "保障項目: 麻醉科醫生費; 標準計劃、尊尚計劃: 35%"
    )


def test_heading_drops_numbering_and_the_title() -> None:
    assert heading_name(("Test Plan", "五、等候期"), "Test Plan") == "等候期"
    assert heading_name(("Test Plan",), "Test Plan") == ""
    assert heading_name(("Test Plan", "45% 0.65% 0.88%"), "Test Plan") == ""


def test_glossary_term_with_several_renderings_is_one_slot() -> None:
    english, _ = glossary.slots("外科醫生費每次手術最高賠多少？")
    assert ["operation", "surgery", "surgical"] in english
    assert ["surgeon"] in english
    assert glossary.slots("What deductible applies?")[1] == [
        ("deductible", "自负额|免赔额|垫底费|自付费|自付额")
    ]
    # A phrase matches whole: "and" or "rate" alone bring nothing in.
    assert glossary.translations("rate and terms") == ""


def test_question_parts_figures_and_enumerations() -> None:
    assert selection.clauses("Does it cover FBA, and what is the limit per shipment?") == [
        "Does it cover FBA",
        "what is the limit per shipment",
    ]
    assert selection.clauses("What is the limit?") == []
    assert extractive.wants_figure("What is the subsidy rate and cap?")
    assert not extractive.wants_figure("Does it cover dental treatment?")
    assert selection.enumerated("Which hospitals offer direct billing?") == "hospital"
    assert selection.enumerated("網絡醫院有哪些？") == "医院"
    assert not extractive.has_figure("1. Call +852 0000 1234 or write to care@plan.example")
    assert extractive.has_figure("Premium: 5,870")
    # "The maximum credit limit" asks for money: a definition's "90 days" is not that figure.
    assert extractive.figure_kind("What is the maximum credit limit per buyer?") == "money"
    assert not extractive.has_figure(
        "Credit limit: the maximum we cover; it revolves every 90 days.", "money"
    )
    assert extractive.has_figure("Credit limit per buyer: HK$80,000 to HK$600,000", "money")
    assert extractive.figure_kind("等候期有幾耐？") == "duration"


def test_places_and_hospitals_the_documents_never_name() -> None:
    chunks = [
        replace(CHUNK, text="Buyers in Brazil and the United States. Network hospital: Nanshan Hospital.")
    ]
    assert grounding._unnamed_place("Are buyers in Russia covered?", chunks)
    assert not grounding._unnamed_place("巴西买家的费率是多少？", chunks)
    assert grounding._unknown_hospital("Can I use Queen Mary Hospital?", chunks, ["Test Plan"])
    assert not grounding._unknown_hospital("Can I use Nanshan Hospital?", chunks, ["Test Plan"])
    assert grounding._unknown_hospital("喺港大深圳醫院可唔可以直接結帳？", chunks, ["Test Plan"])
    assert not grounding._unknown_hospital("網絡醫院有哪些？", chunks, ["Test Plan"])


def test_subject_terms_keep_lone_digits_and_whole_domain_words() -> None:
    assert "2" in extractive.salient_terms("第2個保單年度退保，現金價值是多少？", [])
    # "信用期" is one domain word, though the plan's name also has "信用" and jieba cuts it.
    chinese = extractive.asked_terms("两款出口信用保险的最长信用期有什么不同？", ["出口信用保险"])[True]
    assert "信用期" in chinese
    assert "不同" not in chinese and "两款" not in chinese


def test_amounts_in_words_match_amounts_in_digits() -> None:
    assert extractive.in_digits("每一百萬保費") == "每1000000保費"
    assert extractive.in_digits("年销售额大约300万美元") == "年销售额大约3000000美元"
    assert extractive.in_digits("HK$1.8 million") == "HK$1800000"
    assert "1000000" in extractive.terms_of("HK$1,000,000 of premium")


def test_how_to_question_ranks_the_procedure_above_rows_that_share_its_word() -> None:
    rows = replace(
        CHUNK,
        chunk_id="plan:abc:1",
        section="Test Plan > Benefits",
        text="Limit per claim: US$500,000; deductible of US$40,000 per claim.",
    )
    steps = replace(
        CHUNK,
        chunk_id="plan:abc:2",
        section="Test Plan > Claims procedure",
        text="Notify us in writing within 10 business days after you discover an infringement or receive a claim.",
    )
    units = chunk_units([rows, steps])

    def ranked(question: str) -> list[extractive.Pick]:
        asked = scoring.Question(
            question, ("Test Plan",), "en", scoring.answer_type(question), (rows.doc_id,)
        )
        return scoring.rank(asked, units, [rows, steps], scoring.default_model())

    assert ranked("How do I claim under the Test Plan?")[0].unit.text.startswith("Notify us")
    # Without "how do I", the word decides.
    assert ranked("What is the limit per claim?")[0].unit.text.startswith("Limit per claim")


def test_cosines_of_stored_unit_vectors_need_no_embedding_of_the_units() -> None:
    import numpy as np

    texts = ["Illness waiting period: 90 days", "Dental care is excluded"]
    vectors = {t: v for t, v in zip(texts, np.eye(2, 512, dtype=np.float32), strict=True)}
    extractive.remember_vectors(vectors)  # as chat.answering does with the units' stored vectors
    extractive.embed_all(["waiting period"])
    first = extractive.cosines("waiting period", texts)
    query = extractive.vectors_of(["waiting period"])["waiting period"]
    assert first == [float(query[0]), float(query[1])]
    # The units' matrix is kept for the next question about the same units.
    assert extractive.cosines("waiting period", texts) == first


def test_a_chinese_label_reads_in_english_from_the_glossary_or_not_at_all() -> None:
    assert glossary.label("四、 不保事項") == "Exclusions"
    assert glossary.label("保障限額、自負額及等候期") == "Benefit limit, deductible and waiting period"
    # A part the glossary does not know leaves the label as written (None: quote it).
    assert glossary.label("麻醉科醫生費") is None


def test_a_figure_written_in_chinese_numerals_is_a_figure() -> None:
    # A staff upload wrote its terms in words: "does not state this figure" then quoted the figure.
    assert extractive.has_figure("最長信用期為一百五十天。", "duration")
    assert extractive.has_figure("最低保費為港幣六千八百元。", "money")
    assert extractive.has_figure("賠償比例為百分之九十五。", "percentage")
    assert not extractive.has_figure("一般商品及九龍倉")
    # A question in digits matches the document's words.
    assert "150" in extractive.terms_of("最長信用期為一百五十天")


def test_numbered_paragraphs_are_the_steps_of_one_list() -> None:
    text = (
        "Outside the network the member pays first.\n\n"
        "Step 1: Phone the claims desk for approval. It is open every day.\n\n"
        "Step 2: Send the claim form within 60 days.\n\n"
        "Step 3: We pay within 12 working days.\n\n"
        "1. A numbered note of another list.\n\n"
        "第一步：致電申請預先批核。\n\n"
        "第二步：遞交表格。"
    )
    units = chunk_units([replace(CHUNK, text=text)])
    by_text = {u.text: u for u in units}
    second = by_text["Step 2: Send the claim form within 60 days."]
    assert [u.text for u in steps_of(second, units)] == [
        "Step 1: Phone the claims desk for approval.",
        "It is open every day.",
        "Step 2: Send the claim form within 60 days.",
        "Step 3: We pay within 12 working days.",
    ]
    assert [u.text for u in steps_of(by_text["第二步：遞交表格。"], units)] == [
        "第一步：致電申請預先批核。",
        "第二步：遞交表格。",
    ]
    assert steps_of(by_text["Outside the network the member pays first."], units) == []
    assert step_form(by_text["1. A numbered note of another list."]) != step_form(second)
