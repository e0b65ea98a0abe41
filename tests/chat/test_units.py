"""Pure pieces of the offline composer: units, glossary renderings, question parts, decline checks."""

from __future__ import annotations

from dataclasses import replace

from chat import extractive, glossary, grounding, scoring, selection
from chat.units import heading_of, list_of, units_of
from knowledge.retrieval import RetrievedChunk

CHUNK = RetrievedChunk(
    chunk_id="plan:abc:3",
    text="",
    doc_id="plan",
    title="Test Plan",
    insurer="Test Insurer",
    product="test-plan",
    product_line="gba_medical",
    language="en",
    section="Test Plan > 4. Exclusions",
    page=None,
    effective_date="2026-01-01",
    is_current=True,
    score=1.0,
)


def test_wrapped_pdf_lines_are_joined_and_items_kept_whole() -> None:
    text = (
        "Section A covers claims for bodily injury or property\n"
        "damage caused by products you sell.\n"
        "• Section C: 15 days. Only orders delivered after the 15th day qualify."
    )
    units = units_of([replace(CHUNK, text=text)])
    assert [u.text for u in units] == [
        "Section A covers claims for bodily injury or property damage caused by products you sell.",
        "• Section C: 15 days. Only orders delivered after the 15th day qualify.",
    ]
    assert units[0].heading == "Exclusions"


def test_lead_in_owns_its_items_and_a_plain_line_ends_a_marked_list() -> None:
    text = "The plan does not pay for:\n- cosmetic surgery;\n- dental treatment.\nClaims are paid in HK$."
    units = units_of([replace(CHUNK, text=text)])
    lead, first, second, after = units
    assert lead.is_lead and first.lead == lead.order and second.lead == lead.order
    assert [u.text for u in list_of(first, units)] == ["- cosmetic surgery;", "- dental treatment."]
    assert after not in list_of(first, units)


def test_lead_in_ending_a_chunk_introduces_the_next_chunk() -> None:
    lead = replace(CHUNK, chunk_id="plan:abc:1", text="Monthly income per HK$100,000, entry age 45:")
    table = replace(
        CHUNK, chunk_id="plan:abc:2", text="Start age: 65; 10 years: 1,314\nStart age: 60; 10 years: 1,020"
    )
    units = units_of([table, lead])
    assert units[0].is_lead
    assert [u.lead for u in units[1:]] == [0, 0]


def test_heading_drops_numbering_and_the_title() -> None:
    assert heading_of(replace(CHUNK, section="Test Plan > 五、等候期")) == "等候期"
    assert heading_of(replace(CHUNK, section="Test Plan")) == ""
    assert heading_of(replace(CHUNK, section="Test Plan > 45% 0.65% 0.88%")) == ""


def test_glossary_term_with_several_renderings_is_one_slot() -> None:
    english, _ = glossary.slots("外科醫生費每次手術最高賠多少？")
    assert ["operation", "surgery", "surgical"] in english
    assert ["surgeon"] in english
    assert glossary.slots("What deductible applies?")[1] == [("deductible", "自负额|免赔额|垫底费")]
    # A phrase matches whole: "and" or "rate" alone bring nothing in.
    assert glossary.translations("rate and terms") == ""


def test_question_parts_figures_and_enumerations() -> None:
    assert selection.clauses("Does it cover FBA, and what is the limit per shipment?") == [
        "Does it cover FBA",
        "and what is the limit per shipment",
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
    units = units_of([rows, steps])

    def ranked(question: str) -> list[extractive.Pick]:
        asked = scoring.Question(
            question, ("Test Plan",), "en", scoring.answer_type(question), (rows.doc_id,)
        )
        return scoring.rank(asked, units, [rows, steps], scoring.default_model())

    assert ranked("How do I claim under the Test Plan?")[0].unit.text.startswith("Notify us")
    # Without "how do I", the word decides.
    assert ranked("What is the limit per claim?")[0].unit.text.startswith("Limit per claim")
