"""The language a visitor writes in, whatever script the plan names in it use."""

from __future__ import annotations

import pytest

from knowledge.language import canonical_language, detect_language, reader_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("What is the deductible of 港澳安康?", "en"),
        ("Does the 「雙灣安心」 plan bill hospitals directly?", "en"),
        ("What is the overall annual limit of the BridgeCare Plus plan?", "en"),
        ("Silver Harbour Deferred Annuity 每月派幾多？", "zh-Hant"),
        ("BridgeCare 喺內地非網絡醫院睇病，合資格費用賠幾多？", "zh-Hant"),
        ("我想問下 deductible 係幾多", "zh-Hant"),
        ("港澳安康的免赔额是多少？", "zh-Hans"),
        ("TradeGuard 的赔偿比例是多少？", "zh-Hans"),
        ("雙灣安心計劃的等候期是多久？", "zh-Hant"),
        # English nouns in a Chinese sentence: the grammar's function words decide, not the count.
        ("BridgeCare 嘅 dialysis cover 係幾多？Standard 同 Plus", "zh-Hant"),
        ("FamilyCare 的 outpatient limit 是多少？", "zh-Hans"),
        ("Does FamilyCare cover 中醫?", "en"),
    ],
)
def test_detected_language(text: str, language: str) -> None:
    assert detect_language(text) == language


@pytest.mark.parametrize(
    ("text", "page", "language"),
    [
        # What the reader typed decides, whatever page they typed it on.
        ("BridgeCare 喺深圳有幾多間網絡醫院？", "en", "zh-Hant"),
        ("港澳安康的免赔额是多少？", "en", "zh-Hans"),
        ("港澳安康的免赔额是多少？", "zh-Hant", "zh-Hans"),
        ("What is the deductible of 港澳安康?", "zh-Hans", "en"),
        # A message that doesn't show its language or script keeps the page's.
        ("BridgeCare?", "zh-Hant", "zh-Hant"),
        ("35", "zh-Hans", "zh-Hans"),
        ("TradeGuard", "en", "en"),
        ("多少？", "zh-Hant", "zh-Hant"),  # the same characters in either script
        ("多少？", "en", "zh-Hans"),  # Chinese, on the English page: the default script
    ],
)
def test_the_reader_is_answered_in_the_language_they_wrote(text: str, page: str, language: str) -> None:
    assert reader_language(text, page) == language


@pytest.mark.parametrize(
    ("tag", "canonical"),
    [
        ("zh-Hant", "zh-Hant"),
        ("zh-hant", "zh-Hant"),  # Django's URL prefixes and the brief write tags in lower case
        ("ZH_HANS", "zh-Hans"),
        ("zh-HK", "zh-Hant"),
        ("zh-Hant-HK", "zh-Hant"),
        ("zh-CN", "zh-Hans"),
        ("en-GB", "en"),
        ("EN", "en"),
        ("zh", None),  # no script and no region: which one is not said
        ("fr", None),
        ("", None),
    ],
)
def test_language_tags_compare_without_regard_to_case(tag: str, canonical: str | None) -> None:
    assert canonical_language(tag) == canonical


def test_with_no_page_language_the_conversation_says_the_script() -> None:
    """An API client sends no page language: a follow-up that shows no script of its own ("Silver
    Harbour呢？") is answered in the script the conversation was written in."""
    traditional = ["「頤年」嘅冷靜期有幾多日？", "一次性提取要等幾耐？"]
    assert reader_language("Silver Harbour呢？", None, traditional) == "zh-Hant"
    assert reader_language("Silver Harbour呢？", None, ["颐年的冷静期是多少天？"]) == "zh-Hans"
    assert reader_language("What about the waiting period of Silver Harbour?", None, traditional) == "en"
    assert reader_language("Silver Harbour呢？", "zh-Hans", traditional) == "zh-Hans", (
        "the page's language first"
    )
