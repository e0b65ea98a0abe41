"""The product line a question's own words name (chat.understanding.worded_line): the enquiry's line
vocabulary, else the phrases each line's key facts are stated in, weighed by how few lines use them."""

from __future__ import annotations

import pytest

from chat.understanding import worded_line


@pytest.mark.parametrize(
    ("question", "line"),
    [
        ("Which plans cover goods seized by customs?", "overseas_ip"),
        ("邊啲計劃保海關扣貨？", "overseas_ip"),
        ("Which plans cover a buyer's insolvency?", "export_credit"),
        ("哪些计划的信用期最长？", "export_credit"),
        ("Which plans pay for return shipping?", "ecommerce"),
        ("哪些計劃有退貨運費保障？", "ecommerce"),
        ("Which plans cover pre-existing conditions?", "gba_medical"),
        ("Which annuities pay monthly?", "pension"),
    ],
)
def test_a_line_is_named_by_the_questions_words(question: str, line: str) -> None:
    assert worded_line(question) == line


def test_words_every_line_uses_name_none() -> None:
    assert worded_line("Which plans have the lowest premium?") == ""
