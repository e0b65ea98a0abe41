"""Chinese segmentation keeps plan terms whole next to Cantonese particles."""

from __future__ import annotations

import pytest

from knowledge.text import fold_cantonese, latin_words, tokenize


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


@pytest.mark.parametrize(
    ("colloquial", "standard"),
    [
        ("喺深圳睇醫生有冇直接結算？", ["在", "看医生", "有没有"]),
        ("等候期係幾耐？", ["是", "多久"]),
        ("自負額係幾多？", ["多少"]),
        ("邊間醫院可以直接埋單？", ["哪间", "直接结算"]),
        ("幾時開始保障？", ["什么时候"]),
        ("佢唔係永久居民", ["他", "不是"]),
        # Everyday Cantonese for the events a medical plan words formally.
        ("有冇生仔保障？", ["有没有", "生育"]),
        ("入院前要唔要驗身？", ["住院", "体检"]),
        ("保唔保睇中醫？", ["是否保障", "看中医"]),
    ],
)
def test_written_cantonese_is_folded_to_standard_written_chinese(
    colloquial: str, standard: list[str]
) -> None:
    folded = fold_cantonese(colloquial)
    assert all(word in folded for word in standard), folded


def test_folding_applies_to_whole_words_only() -> None:
    # 係 alone is 是, but 關係 (relationship) keeps its character.
    assert "关系" in tokenize("受保人同你嘅關係")
    assert "关是" not in fold_cantonese("受保人同你嘅關係")


def test_text_is_normalised_before_it_is_cut() -> None:
    assert tokenize("ＨＫ＄３，０００") == ["hk", "3000"]  # full width (NFKC)
    assert tokenize("dedu\u200bctible") == ["deductible"]  # a zero-width space
    assert tokenize("BridgeCare's waiting periods") == ["bridgecare", "waiting", "period"]
    assert latin_words("BridgeCare’s plan") == ["bridgecare", "plan"]


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        # A comma groups thousands; one before other digits (the Chinese comma, folded by NFKC) ends it.
        ("HK$20,000，40歲", ["hk", "20000", "40", "岁"]),
        ("HK$1,000,000", ["hk", "1000000"]),
        ("1,2,3", ["1", "2", "3"]),
        ("3.30%", ["3.30%"]),
    ],
)
def test_a_number_ends_where_its_thousands_groups_do(text: str, tokens: list[str]) -> None:
    assert tokenize(text) == tokens
