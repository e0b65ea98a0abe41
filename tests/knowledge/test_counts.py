"""A count of an attribute's noun is the number tied to that noun (report of a fresh tester: "nine"
of "the nine mainland GBA cities" and the "3" of a numbered line were shown as the number of
network hospitals)."""

from __future__ import annotations

import pytest

from knowledge.keyfacts.counts import counts, is_numbering
from knowledge.keyfacts.spec import vocabulary


def _network_hospitals():  # type: ignore[no-untyped-def]
    attribute = vocabulary().attribute("gba_medical", "network_hospitals")
    assert attribute is not None
    return attribute


@pytest.mark.parametrize(
    ("text", "number", "counted"),
    [
        ("BridgeCare has 36 network hospitals in the mainland GBA cities.", "36", True),
        ("The list of 36 hospitals is on our website.", "36", True),
        ("本計劃在大灣區內地九市設有28間網絡醫院。", "28", True),
        ("本计划设有15家直接结算医院。", "15", True),
        # A count of another noun.
        ("It covers Hong Kong, Macao and the nine mainland GBA cities.", "nine", False),
        ("网络医院遍布9个城市。", "9", False),
        # A list item's number counts nothing.
        ("3. 香港指定醫院及網絡醫院：直接結算", "3", False),
        ("- 2) Network hospitals: see the list", "2", False),
        # No noun after it: what it counts is named before it.
        ("網絡醫院（現有22間，名單載於本公司網站）", "22", None),
        ("marked for direct settlement in Section 6, we settle the bill", "6", None),
        ("12 of them settle directly", "12", None),
    ],
)
def test_a_number_counts_the_noun_after_it(text: str, number: str, counted: bool | None) -> None:
    at = text.index(number)
    assert counts(text, at, at + len(number), _network_hospitals()) is counted


def test_a_number_ending_a_sentence_is_no_list_number() -> None:
    text = "The network has 36. We add more each year."
    assert not is_numbering(text, text.index("36"), text.index("36") + 2)
