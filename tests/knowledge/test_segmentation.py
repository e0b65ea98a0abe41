"""Chinese segmentation keeps plan terms whole next to Cantonese particles."""

from __future__ import annotations

import pytest

from knowledge.lexical import tokenize


@pytest.mark.parametrize(
    ("text", "whole", "glued"),
    [
        ("雙灣安心嘅等候期係幾耐？", "等候期", "期系"),
        ("保單年度嘅免賠額係幾多？", "免赔额", "额系"),
        ("係咪有直接結算？", "直接结算", "系咪有"),
    ],
)
def test_plan_terms_stay_whole_beside_cantonese_particles(text: str, whole: str, glued: str) -> None:
    tokens = tokenize(text)
    assert whole in tokens
    assert glued not in tokens
