"""A question of several parts is cut into them (chat/data/question_parts.yaml), and a list
question gets the whole list its answer introduces."""

from __future__ import annotations

from dataclasses import replace

from chat import selection
from chat.extractive import Pick
from tests.chat.unit_blocks import TEST_CHUNK, chunk_units

NAMES = ("MarketMate", "Kuajing Anxin", "Test Plan")


def test_conjunctions_cut_parts_in_english_and_either_chinese_script() -> None:
    assert selection.clauses(
        "What are the limits of indemnity and the deductible under the Test Plan?", NAMES
    ) == [
        "What are the limits of indemnity",
        "the deductible under the Test Plan",
    ]
    assert selection.clauses("每年保障限額和終身保障限額分別是多少？") == [
        "每年保障限額",
        "終身保障限額分別是多少",
    ]
    assert selection.clauses("赔偿比例和最长信用期分别是多少？") == ["赔偿比例", "最长信用期分别是多少"]
    assert selection.clauses("Does it cover FBA, and at what rate?") == ["Does it cover FBA", "at what rate"]
    assert selection.clauses("入院要等幾耐？意外受傷使唔使等？") == ["入院要等幾耐", "意外受傷使唔使等"]


def test_a_part_that_only_names_documents_stays_with_its_neighbour() -> None:
    assert (
        selection.clauses("Compare the product liability deductibles of MarketMate and Kuajing Anxin.", NAMES)
        == []
    )
    assert selection.clauses("What is the limit?") == []
    # Sentences only (the table lookup, the answer model's part coverage): one ask here.
    assert selection.clauses("Room and board per day? ", joined=False) == []
    assert selection.clauses("入院要等幾耐？意外受傷使唔使等？", joined=False) == [
        "入院要等幾耐",
        "意外受傷使唔使等",
    ]


def test_a_conjunction_inside_a_chinese_word_does_not_cut() -> None:
    # 同 of 合同 and 和 of 和解 are parts of words, not "and".
    assert selection.clauses("合同要求甚麼和解程序？") == []


def test_a_list_question_gets_the_whole_list_its_best_unit_belongs_to() -> None:
    chunk = replace(
        TEST_CHUNK,
        text="We do not pay for:\n- cosmetic surgery;\n- dental treatment;\n- war.\nClaims are paid within 30 days.",
    )
    units = chunk_units([replace(chunk)])
    lead, surgery, dental, war, claims = units
    # The best unit is one item; no item says "exclusion".
    ranked = [Pick(dental, 0.9), Pick(claims, 0.5), Pick(surgery, 0.2), Pick(lead, 0.1), Pick(war, 0.05)]
    ranking = selection.Ranking(
        ranked, figure=False, enumeration=selection.enumerated("What are the exclusions?")
    )
    chosen = {p.unit.text for p in selection.choose([ranking], ["plan"], 0.0, units)}
    assert {lead.text, surgery.text, dental.text, war.text} <= chosen
    assert claims.text not in chosen


def test_a_figure_asked_of_one_line_of_a_schedule_gets_the_whole_schedule() -> None:
    chunk = replace(
        TEST_CHUNK,
        text=(
            "Unknown pre-existing conditions are paid as follows:\n- years 1 and 2: nil\n- year 3: 50%\n"
            "- year 4 on: 100%\nClaims are paid within 30 days."
        ),
    )
    lead, nil, half, full, claims = chunk_units([chunk])
    # The best unit is the first line; the line that answers ("100%") ranks below it.
    ranked = [Pick(nil, 0.06), Pick(claims, 0.05), Pick(full, 0.039), Pick(half, 0.033), Pick(lead, 0.01)]
    chosen = {
        p.unit.text
        for p in selection.choose(
            [selection.Ranking(ranked, figure=True)], ["plan"], 0.0, [lead, nil, half, full, claims]
        )
    }
    assert {lead.text, nil.text, half.text, full.text} <= chosen
    # Not asked for a figure, a list item brings its lead-in only.
    chosen = {
        p.unit.text
        for p in selection.choose(
            [selection.Ranking(ranked, figure=False)], ["plan"], 0.0, [lead, nil, half, full, claims]
        )
    }
    assert full.text not in chosen and lead.text in chosen


def test_a_part_gets_the_unit_close_to_its_best_too() -> None:
    chunk = replace(
        TEST_CHUNK,
        text="Specified conditions have a 12-month waiting period.\nIllness has a 60-day waiting period.\nClaims are paid within 30 days.",
    )
    units = chunk_units([chunk])
    special, illness, claims = units
    whole = selection.Ranking([Pick(special, 0.3), Pick(claims, 0.1), Pick(illness, 0.1)], figure=True)
    waiting = frozenset({"waiting", "period"})
    part = selection.Ranking(
        [Pick(special, 0.31, waiting), Pick(illness, 0.29, waiting), Pick(claims, 0.01)], figure=True
    )
    chosen = {p.unit.text for p in selection.choose([whole, part], ["plan"], 0.0, units)}
    assert chosen == {special.text, illness.text}


def test_other_rows_of_a_lookup_come_after_a_unit_that_says_something_else() -> None:
    chunk = replace(
        TEST_CHUNK,
        text=(
            "Premium term | Start age | Monthly annuity\n5 years | 55 | 1,022\n5 years | 60 | 1,146\n"
            "5 years | 65 | 1,288\n5 years | 70 | 1,431\nThe minimum premium is HK$48,000 a year for the 5-year term."
        ),
    )
    units = chunk_units([chunk])
    first, second, third, fourth, minimum = units
    terms = frozenset({"5", "year"})
    ranked = [
        Pick(first, 0.105, terms),
        Pick(fourth, 0.102, terms),
        Pick(third, 0.101, terms),
        Pick(second, 0.101, terms),
        Pick(minimum, 0.086, frozenset({"5", "year", "minimum"})),
    ]
    weights = (("5", 1.0), ("year", 1.0), ("minimum", 0.1))
    ranked = [replace(p, weights=weights) for p in ranked]
    picked = selection.choose([selection.Ranking(ranked, figure=True)], ["plan"], 0.0, units)
    assert minimum in [p.unit for p in picked]


def test_a_quoted_row_brings_the_rule_under_its_table_that_the_question_names() -> None:
    chunk = replace(
        TEST_CHUNK,
        text=(
            "Category | Rate\nToys | 0.70%\nGeneral | 0.30%\nCosmetics | 0.55%\n"
            "For a US$2,000,000 limit multiply the rate by 1.35.\nCall us on weekdays."
        ),
    )
    units = chunk_units([chunk])
    toys, general, cosmetics, rule, call = units
    ranked = [
        Pick(toys, 0.36, frozenset({"toy", "rate"})),
        Pick(general, 0.28, frozenset({"rate"})),
        Pick(cosmetics, 0.26, frozenset({"rate"})),
        Pick(rule, 0.2, frozenset({"2000000"})),
        Pick(call, 0.01),
    ]
    weights = (("toy", 1.0), ("rate", 1.0), ("2000000", 0.3))
    ranked = [replace(p, weights=weights) for p in ranked]
    chosen = [
        p.unit for p in selection.choose([selection.Ranking(ranked, figure=True)], ["plan"], 0.0, units)
    ]
    assert toys in chosen and rule in chosen and call not in chosen
    # Not asked for a figure, the table's notes stay out.
    chosen = [
        p.unit for p in selection.choose([selection.Ranking(ranked, figure=False)], ["plan"], 0.0, units)
    ]
    assert rule not in chosen


def test_who_may_buy_gets_the_whole_eligibility_list_and_a_deadline_its_list_of_deadlines() -> None:
    chunk = replace(
        TEST_CHUNK,
        text=(
            "1. A company registered in Shenzhen;\n2. Export turnover under US$5 million;\n"
            "3. Genuine export contracts.\nCall us on weekdays."
        ),
    )
    units = chunk_units([chunk])
    shenzhen, turnover, contracts, call = units
    ranked = [Pick(call, 0.2), Pick(contracts, 0.18), Pick(turnover, 0.17), Pick(shenzhen, 0.1)]
    chosen = {
        p.unit
        for p in selection.choose(
            [selection.Ranking(ranked, figure=False, whole_list=True)], ["plan"], 0.0, units
        )
    }
    assert {shenzhen, turnover, contracts} <= chosen
    # Asked for a figure one entry of a list states, the list's other figures come too.
    chunk = replace(
        TEST_CHUNK,
        text="1. Lawsuits: tell us within 5 working days;\n2. Lost goods: within 7 days;\n3. We pay within 14 days.",
    )
    units = chunk_units([chunk])
    lawsuits, goods, pay = units
    ranked = [Pick(goods, 0.09), Pick(pay, 0.06), Pick(lawsuits, 0.01)]
    chosen = {
        p.unit for p in selection.choose([selection.Ranking(ranked, figure=True)], ["plan"], 0.0, units)
    }
    assert lawsuits in chosen


def test_a_contact_line_that_adds_no_question_term_is_not_quoted_beside_the_answer() -> None:
    chunk = replace(
        TEST_CHUNK,
        text=(
            "E-scooters and e-bikes are not covered.\n"
            "Test Plan hotline: +852 2123 4567, www.test-plan.example"
        ),
    )
    answer, contact = chunk_units([chunk])
    terms = frozenset({"scooter", "cover"})
    weights = (("scooter", 1.0), ("cover", 0.5))
    ranked = [Pick(answer, 0.4, terms, weights), Pick(contact, 0.39, frozenset({"cover"}), weights)]
    picked = selection.choose([selection.Ranking(ranked, figure=False)], ["plan"], 0.0, [answer, contact])
    assert [p.unit for p in picked] == [answer]
    # Asked for the hotline, the contact line is what answers.
    asked = frozenset({"hotline"})
    ranked = [Pick(answer, 0.4, terms, weights), Pick(contact, 0.39, asked, (*weights, ("hotline", 0.1)))]
    picked = selection.choose([selection.Ranking(ranked, figure=False)], ["plan"], 0.0, [answer, contact])
    assert contact in [p.unit for p in picked]


def test_a_part_the_document_does_not_speak_of_gets_no_contact_line() -> None:
    # "Is dental treatment covered, and pets?": no unit speaks of pets; the part's best unit is
    # the hotline, which carries none of its words.
    chunk = replace(
        TEST_CHUNK,
        text="Dental treatment is not covered.\nTest Plan hotline: +852 2123 4567, www.test-plan.example",
    )
    answer, contact = chunk_units([chunk])
    whole = selection.Ranking(
        [Pick(answer, 0.4, frozenset({"dental"}), (("dental", 1.0),)), Pick(contact, 0.1)], figure=False
    )
    pets = selection.Ranking([Pick(contact, 0.2), Pick(answer, 0.1)], figure=False)
    picked = selection.choose([whole, pets], ["plan"], 0.0, [answer, contact])
    assert [p.unit for p in picked] == [answer]


def test_a_lookup_keeps_the_rows_that_match_every_value_it_pins() -> None:
    chunk = replace(
        TEST_CHUNK,
        text=(
            "Premium term | Start age | Period | Monthly annuity\n10 years | 60 | 20 years | 612\n"
            "10 years | 65 | 10 years | 655\n5 years | 65 | 20 years | 640\n10 years | 65 | 20 years | 699"
        ),
    )
    units = chunk_units([chunk])
    first, second, third, fourth = units
    weights = (("10", 1.0), ("65", 1.0), ("20", 1.0), ("year", 0.5))
    ranked = [
        Pick(first, 0.105, frozenset({"10", "20", "year"}), weights),
        Pick(second, 0.104, frozenset({"10", "65", "year"}), weights),
        Pick(third, 0.103, frozenset({"65", "20", "year"}), weights),
        Pick(fourth, 0.102, frozenset({"10", "65", "20", "year"}), weights),
    ]
    picked = selection.choose([selection.Ranking(ranked, figure=True)], ["plan"], 0.0, units)
    # The best-scored row stays (the bar is set by it); the rows the pinning row outmatches go.
    assert [p.unit for p in picked] == [first, fourth]
