"""What a which-word governs decides "which plans…?" (chat.which_asks): a question asking which
sales, countries or hospitals of a plan (devc-q066 「哪些销售不用申报？」) is one plan's question, though
the form model, reading its frame with the subject masked, took 「哪些 ___」 for "which plans"."""

from __future__ import annotations

import pytest

from chat import intents
from chat.which_asks import INSIDE, PLANS, which_asks


@pytest.mark.parametrize(
    "text",
    [
        "Which overseas IP insurance plans cover defence costs?",
        "Which IP insurance products would cover us if we are sued abroad?",
        "Which of your medical or dental plans cover root canals?",
        "哪些出口信用保險的商業風險賠償比例是80%？",
        "邊幾個年金計劃嘅冷靜期係21日？",  # 年金 as jieba may cut it: 年/金
        "哪些养老或年金产品的犹豫期是15天？",  # two nouns joined by 或
        "有邊幾份單保 TikTok Shop？",  # 單 for a policy, glued by the cut to 保
        "哪份医疗险最平？",
    ],
)
def test_a_which_word_governing_plans_asks_which_plans(text: str) -> None:
    assert which_asks(text) == PLANS


@pytest.mark.parametrize(
    "text",
    [
        "Which sales need not be declared under SteadyPay?",
        "Which territories can PatentPursuit cover?",
        "启德 Runway 整体营业额保单里，哪些销售不用申报？",
        "哪些國家屬於穩收的甲級市場？",
        "穩收嘅甲級市場有邊啲國家？",  # written Cantonese: 邊啲 is 哪些
        "哪些产品类别的跨境安心费率最高？",  # a category of goods: the phrase ends in 类别
        "哪个保单年度开始可以退保？",  # a policy year
        "哪些风险不保？",  # 风险 ends in 险 but is an everyday word
    ],
)
def test_a_which_word_governing_something_inside_a_plan_does_not(text: str) -> None:
    assert which_asks(text) == INSIDE


@pytest.mark.parametrize(
    "text",
    [
        "Which one is cheaper?",
        "哪个比较便宜？",
        "What's the premium for a 40-year-old?",
        "What product liability limits can I choose under SellerPass?",  # "product" modifies
        "這個計劃由哪間保險公司承保？",  # an insurer: of this plan, or which plans? the model says
    ],
)
def test_a_which_word_governing_no_noun_of_its_own_leaves_the_form_to_the_model(text: str) -> None:
    assert which_asks(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "启德 Runway 整体营业额保单里，哪些销售不用申报？",
        "哪些國家屬於穩收的甲級市場？",
        "哪些平台可以免费列为卖家通的附加被保险人？",
    ],
)
def test_the_form_model_reading_which_plans_is_overruled_by_what_the_word_governs(text: str) -> None:
    assert intents.classify(text).form == "single"
