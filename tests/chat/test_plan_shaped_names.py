"""A fresh tester's questions (report tester-D): a plan named by a name the portal could not resolve
("松鹤延期年金计划", "the Yuet Fung hospital plan") was answered with another plan of its line's
figures. A name in a plan's place resolves to a held plan when it is one of its names in another
script, a romanisation, a homophone or a calque of its English brand; else it is a plan the portal
does not hold, and the question is declined naming it."""

from __future__ import annotations

import pytest

from chat import entities
from chat.plan_shaped import calques
from knowledge.models import DocumentVersion, PlanDocument
from knowledge.names import homophones
from portal.models import Insurer, Product

# The index's words: what the documents speak of.
WORDS = frozenset({"premium", "annuity", "deferred", "hospital", "plan", "policy", "credit", "保费", "年金"})

# insurer (English), slug, English name, Chinese name (Traditional; "" for an English-only plan), line
PRODUCTS = (
    ("Lantau Peak Health", "silverharbour", "Silver Harbour Deferred Annuity", "", "pension"),
    ("Repulse Bay Life", "goldenyears", "GoldenYears Deferred Annuity", "", "pension"),
    ("Fanling Health", "kangkiu", "「康橋通」大灣區醫療計劃", "「康橋通」大灣區醫療計劃", "gba_medical"),
    (
        "Tung Chung Bridge Life",
        "twinbay",
        "「雙灣安心」住院醫療計劃",
        "「雙灣安心」住院醫療計劃",
        "gba_medical",
    ),
    ("Tsuen Wan Credit", "steadypay", "「穩收」出口信用保險", "「穩收」出口信用保險", "export_credit"),
)


@pytest.fixture
def held(db) -> None:  # type: ignore[no-untyped-def]
    for number, (insurer_name, slug, name, chinese, line) in enumerate(PRODUCTS):
        insurer = Insurer.objects.create(slug=f"insurer-{number}", name_en=f"{insurer_name} Limited")
        product = Product.objects.create(
            insurer=insurer,
            slug=slug,
            name_en=name,
            name_zh_hant=chinese,
            product_line=line,
            jurisdiction="HK",
        )
        doc = PlanDocument.objects.create(
            doc_id=slug,
            product=product,
            title=name,
            file="x.pdf",
            status=PlanDocument.Status.READY,
            checksum=slug,
        )
        DocumentVersion.objects.create(
            document=doc, version=slug, blocks=[{"kind": "paragraph", "text": "Minimum premium: HK$1."}]
        )


def ground(question: str) -> entities.Entities:
    return entities.ground(question, vocabulary=WORDS)


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("恒福延期年金計劃最低保費要幾多？", "恒福"),
        ("福滿樓住院計劃嘅續保年齡上限係幾多？", "福滿樓"),
        ("宁康住院计划最高续保年龄是多少？", "宁康"),
        ("华信出口信用保险的赔偿比例是多少？", "华信"),
        # A name jieba leaves in single characters (信/达, 新/达): the run of them is the name.
        ("信達出口信用保險嘅商業風險賠償比例係幾多？", "信達"),
        ("新达住院计划的最高续保年龄是多少？", "新达"),
        ("What is the maximum renewal age of the Yuet Fung hospital plan?", "Yuet Fung"),
        ("What share of a buyer's loss does the Hengtai export credit insurance pay?", "Hengtai"),
        ("What is the minimum premium of the Evergreen Deferred Annuity?", "Evergreen Deferred Annuity"),
        ("What is the entry age of the Golden Crane deferred annuity plan?", "Golden Crane"),
    ],
)
def test_a_name_in_a_plans_place_that_no_held_plan_carries_is_unknown(
    held: None, question: str, unknown: str
) -> None:
    assert ground(question).unknown == [unknown]


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        # Set beside a held plan by a comparison's joining word: a plan's place, no head noun needed.
        ("比較雙灣安心同康健寶嘅等候期", "康健寶"),
        ("比较稳收和信安宝", "信安宝"),
        ("GoldenYears 和 安康保 哪个最低保费低？", "安康保"),
    ],
)
def test_a_name_compared_with_a_held_plan_that_no_held_plan_carries_is_unknown(
    held: None, question: str, unknown: str
) -> None:
    assert ground(question).unknown == [unknown]


@pytest.mark.parametrize(
    "question",
    [
        "比較康橋通同雙灣安心",
        "康橋通同埋雙灣安心邊個好？",
        "雙灣安心同其他計劃有咩分別？",
        "比較雙灣安心同康橋通嘅等候期",
    ],
)
def test_held_plans_compared_are_no_unknown_names(held: None, question: str) -> None:
    assert ground(question).unknown == []


@pytest.mark.parametrize(
    ("question", "doc_id"),
    [
        # Calques of an English brand, character by character or word by word.
        ("銀港年金最低保費係幾多？", "silverharbour"),
        ("银港延期年金计划的最低保费是多少？", "silverharbour"),
        ("金年延期年金的最低保费是多少？", "goldenyears"),
        # Romanisations (Cantonese, pinyin): the insurer Tung Chung shares a syllable, not the name.
        ("What is the non-network rate of the Hong Kiu Tung medical plan?", "kangkiu"),
        ("Seung Wan On Sam inpatient plan: what is the waiting period?", "twinbay"),
        ("What is the overdue reporting deadline under the Wenshou export credit insurance?", "steadypay"),
    ],
)
def test_a_name_that_resolves_to_a_held_plan_names_that_plan_only(
    held: None, question: str, doc_id: str
) -> None:
    found = ground(question)
    assert found.unknown == []
    assert found.documents == [doc_id]


@pytest.mark.parametrize(
    "question",
    [
        "康乔通医疗计划的年度限额是多少？",  # typed by its sound (pinyin input) for 康橋通
        "想買出口信用保險，幫我報價。",
        "我想买出口信用保险",  # single characters too, but verbs: 想, 买
        "稳收出口信用保险的政治风险赔偿比例是多少？",  # a held name the cut leaves as 稳/收
        "未收年金前身故賠償有咩分別？",
        "由第幾個保單年度起可獲全數賠償？",
        "我想提前取出强积金去买年金，可以吗？",
        "長期住院計劃有邊啲？",
        "有冇計劃喺番禺可以直接結算？",
        "銀港延期年金（Silver Harbour）每月年金有幾多？",
        "Is HPV vaccination covered by the hospital plan?",
    ],
)
def test_words_that_are_no_plans_name_are_not_unknown(held: None, question: str) -> None:
    assert ground(question).unknown == []


def test_a_calque_renders_every_word_of_the_brand_in_order() -> None:
    assert calques(("银港",), ("silver", "harbour"))
    assert calques(("贸易", "卫士"), ("trade", "guard"))
    assert not calques(("港银",), ("silver", "harbour"))
    assert not calques(("松鹤",), ("silver", "harbour"))
    assert not calques(("银",), ("silver", "harbour"))


def test_homophones_are_read_in_one_language_at_a_time() -> None:
    assert homophones("康乔通", "康桥通")
    # 松 and 综 share a Cantonese reading, 鹤 and 合 a Mandarin one: no language reads them alike.
    assert not homophones("松鹤", "综合")
    assert not homophones("康乔", "康桥通")
