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
