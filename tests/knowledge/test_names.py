"""Naming a plan across scripts: romanised Cantonese and pinyin against Chinese characters."""

from __future__ import annotations

import pytest

from knowledge.names import MAX_CANDIDATES, NameIndex, Profile, _Query

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


def test_name_matching_is_bounded_by_work_not_by_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """No wall-clock budget: under any CPU load the same question names the same plans. The work is
    bounded by aligning only the documents sharing the rarest keys with the question."""
    import time

    question = "大帽山大湾区住院计划的外科医生费每次手术最高赔多少？"
    expected = PROFILES.score(question)
    clock = iter(range(0, 10**9, 10**6))  # every reading of the clock a thousand seconds later
    monkeypatch.setattr(time, "perf_counter", lambda: float(next(clock)))
    assert PROFILES.score(question) == expected and expected["taimoshan"] == 1.0


def test_a_long_message_naming_many_plans_is_aligned_with_a_bounded_number_of_them() -> None:
    brands = [f"Zo{a}{b}care" for a in "bdfgklmnpr" for b in "bdfgklmnprstvwxz"][:150]
    profiles = {brand: Profile.of([f"{brand} Hospital Plan"]) for brand in brands}
    profiles["taimoshan"] = Profile.of(["Tai Mo Shan GBA Hospital Plan"])
    index = NameIndex(profiles)
    message = "Compare " + ", ".join(brands) + " and Tai Mo Shan"
    candidates = index._candidates(_Query.of(message))
    assert len(candidates) == MAX_CANDIDATES
    # The rarest keys first; ties in the order of the ids: the same candidates on every run.
    assert candidates == index._candidates(_Query.of(message))
    assert "taimoshan" in candidates


def test_a_quoted_chinese_name_is_found_inside_a_chinese_sentence() -> None:
    index = NameIndex(
        {
            "hanghu": Profile.of(
                ["「出海护航」海外知识产权保险 产品说明书", "Longgang Technology Insurance"]
            ),
            "xinbao": Profile.of(["「盐田出海信保」短期出口信用保险 产品说明书", "Yantian Port Insurance"]),
            "weiquan": Profile.of(
                ["「海外維權」知識產權法律費用保險 產品資料概要", "Tai Po Mutual Assurance"]
            ),
        }
    )
    scores = index.score("出海护航的主动维权保障，被保险人每次损失要自担多少比例？")
    assert max(scores, key=lambda d: scores[d]) == "hanghu"
    assert all(score < 0.5 for doc, score in scores.items() if doc != "hanghu")


def test_a_title_that_quotes_no_name_is_named_by_its_opening_words() -> None:
    # The annuity's title quotes no brand: a question writes its start (湾区安享), which must not
    # read as the medical plan's quoted 「灣區安心」 three characters of which it shares.
    index = NameIndex(
        {
            "anxin": Profile.of(
                ["粵港灣康健保險 —「灣區安心」醫療計劃（2026年版）", "粵港灣康健保險有限公司"]
            ),
            "anxiang": Profile.of(
                ["前海长青养老保险 — 湾区安享递延年金计划（2026年版）", "前海长青养老保险有限公司"]
            ),
        }
    )
    assert index.match("湾区安享第二个保单年度退保能拿回多少？").distinct() == {"anxiang": 1.0}
    # Its insurer's opening words name it too; the words every pension plan uses do not.
    assert "anxiang" in index.score("前海长青的年金几岁开始领取？")
    assert "anxiang" not in index.score("养老保险可以扣税吗？")


def test_the_unquoted_words_of_a_chinese_title_name_nothing() -> None:
    # "大湾区…计划" is how every such plan describes itself; the name is 大帽山 (Tai Mo Shan).
    scores = PROFILES.score("大帽山大湾区住院计划的外科医生费每次手术最高赔多少？")
    assert scores.get("futian", 0.0) < 0.5


def test_a_name_matched_several_ways_counts_once() -> None:
    index = NameIndex(
        {
            "anxin": Profile.of(["「跨境安心」卖家综合保险", "Kuajing Anxin Cross-Border Seller Insurance"]),
            "marketmate": Profile.of(["MarketMate Seller Liability and Cargo Policy"]),
            "other": Profile.of(["TradeGuard Export Credit Policy"]),
        }
    )
    scores = index.score("Compare the product liability deductibles of MarketMate and Kuajing Anxin.")
    assert scores["marketmate"] >= 0.5 and scores["anxin"] >= 0.5


def test_a_name_shared_by_many_documents_names_none_of_them() -> None:
    # Among thousands of plans, a place name on a hundred of them picks out no plan.
    profiles = {f"sha-tin-{n}": Profile.of([f"Sha Tin Care Plan {n}"]) for n in range(100)}
    profiles.update({f"other-{n}": Profile.of([f"Plan number {n}"]) for n in range(300)})
    profiles["taimoshan"] = Profile.of(["Tai Mo Shan GBA Hospital Plan"])
    scores = NameIndex(profiles).score("Does the Sha Tin Care plan or Tai Mo Shan cover day surgery?")
    assert scores == {"taimoshan": 1.0}


@pytest.mark.parametrize(
    "question",
    [
        "What is BayCare's annual limit?",
        "What is BayCare’s annual limit?",
        "Does BayCare\u200b cover dental?",
    ],
)
def test_possessives_curly_apostrophes_and_invisible_characters_do_not_hide_a_name(question: str) -> None:
    scores = PROFILES.score(question)
    assert max(scores, key=lambda d: scores[d]) == "baycare"


def test_a_place_in_a_name_names_no_plan_on_its_own() -> None:
    index = NameIndex(
        {
            "shield": Profile.of(["Harbour Shield for Hong Kong Exporters"]),
            "taimoshan": Profile.of(["Tai Mo Shan GBA Hospital Plan"]),
            "other": Profile.of(["MarketMate Seller Liability and Cargo Policy"]),
        }
    )
    assert index.score("香港出口商有冇信用保險？") == {}
    assert index.score("Does the plan cover treatment in Hong Kong?") == {}
    assert index.score("深圳同香港嘅醫院有冇直接結算？") == {}
    assert index.score("Harbour Shield 保唔保香港出口商？") == {"shield": 1.0}


def test_a_name_found_only_inside_a_better_named_ones_name_names_no_other_plan() -> None:
    """「雙灣安心」 names Twin-Bay: 「跨境安心」, found by the 安心 inside it, is not named too; a
    question naming both names both."""
    index = NameIndex(
        {
            "twinbay": Profile.of(["「雙灣安心」住院醫療計劃 產品說明書", "Twin-Bay Hospital Plan"]),
            "anxin": Profile.of(["「跨境安心」跨境电商综合保险 产品说明书", "Kuajing Anxin"]),
        }
    )
    assert list(index.match("雙灣安心嘅癌症等候期係幾耐？").distinct()) == ["twinbay"]
    assert set(index.match("比較雙灣安心同跨境安心").distinct()) == {"twinbay", "anxin"}


def test_an_everyday_chinese_word_is_not_a_name_spelt_by_its_syllables() -> None:
    index = NameIndex(
        {
            "anxin": Profile.of(
                ["Kuajing Anxin Seller Insurance", "Shekou Harbour Property & Casualty Insurance"]
            ),
            "pursuit": Profile.of(["PatentPursuit Overseas IP Enforcement Policy"]),
        }
    )
    # 折扣 (discount) reads "shekou", as the district 蛇口 does.
    assert index.score("PatentPursuit 最低保費多少？無索償續保有沒有折扣？") == {"pursuit": 1.0}
    assert index.score("蛇口港灣嘅跨境保險保唔保退貨？").get("anxin") == 1.0
