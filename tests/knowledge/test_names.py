"""Naming a plan across scripts: romanised Cantonese and pinyin against Chinese characters."""

from __future__ import annotations

import pytest

from knowledge.names import NameIndex, Profile

PROFILES = NameIndex(
    {
        "taimoshan": Profile.of(["Tai Mo Shan GBA Hospital Plan", "Tai Mo Shan Assurance Limited"]),
        "futian": Profile.of(["福田大灣區安心醫療計劃", "福田康健保險有限公司"]),
        "baoan": Profile.of(["Bao'an SME Export Credit Policy", "Bao'an Trade Credit Insurance"]),
        "longhua": Profile.of(["龍華海外知識產權保險計劃", "龍華知識產權保險有限公司"]),
        "yuenlong": Profile.of(["Yuen Long Marketplace Seller Liability Policy"]),
        "baycare": Profile.of(["BayCare Cross-Border Medical Plan", "Wutong Peak Health Insurance"]),
    }
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("大帽山大湾区住院计划的外科医生费每次手术最高赔多少？", "taimoshan"),  # Cantonese romanisation
        ("What is the waiting period for illness under the Futian GBA Care Plan?", "futian"),  # pinyin
        ("宝安中小企业出口信用保险最长可以承保多少天的信用期？", "baoan"),
        ("Under the Longhua overseas IP insurance, what share does the insured bear?", "longhua"),
        ("元朗嗰份網店賣家責任保險，可唔可以將Amazon加做附加被保險人？", "yuenlong"),
        ("BayCare Essential 住院嘅房租同膳食每日最多賠幾多？", "baycare"),  # Latin name in Chinese
    ],
)
def test_a_named_plan_is_found_in_the_other_script(question: str, expected: str) -> None:
    scores = PROFILES.score(question)
    assert max(scores, key=lambda d: scores[d]) == expected
    assert scores[expected] == 1.0


@pytest.mark.parametrize(
    "question",
    [
        "What is the overall annual limit and how long is the waiting period?",
        "住院計劃的等候期有幾耐？",
        "Which plans cover outpatient treatment in the Greater Bay Area?",
    ],
)
def test_common_words_name_no_plan(question: str) -> None:
    assert PROFILES.score(question) == {}


def test_both_plans_of_a_comparison_are_named() -> None:
    scores = PROFILES.score("Compare the Tai Mo Shan plan and the Futian plan")
    assert scores.get("taimoshan", 0) >= 0.5 and scores.get("futian", 0) >= 0.5


def test_past_its_time_budget_name_matching_steps_aside() -> None:
    assert PROFILES.score("大帽山大湾区住院计划的外科医生费", budget_seconds=-1) == {}
