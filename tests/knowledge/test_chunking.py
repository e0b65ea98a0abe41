"""Chunking: the unit count the chunker keeps as it goes equals measuring the joined text."""

from __future__ import annotations

import pytest

from knowledge.chunking import MAX_UNITS, chunk_blocks, text_units
from knowledge.loaders import Block

PIECES = [
    "Illness is covered after 30 days.",
    "等候期為30日，意外由第一日起保障。",
    "Age band: 31–40; Premier: HK$11,280",
    "",
    "美國LLC 與 O/A 付款",
    "  spaced   words  ",
]


@pytest.mark.parametrize("a", PIECES)
@pytest.mark.parametrize("b", PIECES)
def test_units_add_up_across_a_line_break(a: str, b: str) -> None:
    assert text_units(f"{a}\n{b}") == text_units(a) + text_units(b)


def test_no_chunk_passes_the_limit_and_no_text_is_lost() -> None:
    paragraphs = [" ".join(["cover"] * n) + "." for n in range(5, 120, 7)] + ["保" * 400]
    blocks = [Block("heading", "Benefits", level=1), *(Block("paragraph", p) for p in paragraphs)]
    chunks = chunk_blocks(blocks)
    assert all(text_units(c.text) <= MAX_UNITS for c in chunks)
    assert sum(text_units(c.text) for c in chunks) == sum(text_units(p) for p in paragraphs)
    assert [c.index for c in chunks] == list(range(len(chunks)))


def test_table_rows_carry_their_headers_and_headerless_pairs_read_as_pairs() -> None:
    from knowledge.chunking import render_row

    assert render_row(["Age", "Plus"], ["31–40", "HK$9,870"]) == "Age: 31–40; Plus: HK$9,870"
    assert render_row([], ["Policy fee", "Nil"]) == "Policy fee: Nil"
    assert render_row([], ["A", "B", "C"]) == "A | B | C"


def test_list_items_keep_their_label_and_follow_their_lead_in() -> None:
    blocks = [
        Block("heading", "Exclusions", level=1),
        Block("paragraph", "We do not pay for:"),
        Block("item", "cosmetic treatment;", marker="1."),
        Block("item", "dental treatment."),
    ]
    (chunk,) = chunk_blocks(blocks)
    assert chunk.text == "We do not pay for:\n1. cosmetic treatment;\n- dental treatment."
    assert chunk.section == "Exclusions"
