"""A tester's questions (report testerA, classes 2 and 5): a tier no document has was answered with
the base plan's figures ("ExportEase 嘅 Gold 版"), a plan named by two characters (星帆) was not
grounded, and a misspelt catalogue product (美沙颐养) was declined in an unrelated document's name."""

from __future__ import annotations

import pytest

from chat import entities
from knowledge.models import DocumentVersion, PlanDocument
from portal.models import Insurer, Product

# The index's words (chat.entities reads a tier a Chinese document writes, 优越, through the lexicon).
WORDS = frozenset({"credit", "limit", "buyer", "plan", "premium", "gold", "优越", "基本"})

# slug, English name, Chinese name (Traditional), line, the document's text (None: no document)
PRODUCTS = (
    (
        "t-exportease",
        "ExportEase Micro-Exporter Policy",
        "「出口易」微型出口商保單",
        "export_credit",
        "Credit limit per buyer: HK$80,000 to HK$600,000, revolving every 90 days.",
    ),
    (
        "t-kangkiu",
        "KangKiu Link GBA Medical Plan",
        "「康橋通」大灣區醫療計劃",
        "gba_medical",
        "保障項目 | 基本計劃 | 優越計劃\n每年最高賠償額 | 1,000,000 | 3,500,000",
    ),
    (
        "t-starsail",
        "StarSail Cross-border E-commerce Package",
        "星帆跨境電商綜合保",
        "ecommerce",
        "退运费用：每单最高 50 美元。",
    ),
    (
        "t-zhidun",
        "ZhiDun Overseas IP Insurance",
        "「智盾出海」海外知識產權綜合保險",
        "overseas_ip",
        "承保地域：美國、歐洲、日本及韓國。",
    ),
    (
        "t-wangdian",
        "Web Shop Guardian Returns and Warehouse Insurance",
        "「網店守護」退貨及海外倉保險",
        "ecommerce",
        "退貨運費：每張訂單 0.28 美元。",
    ),
    ("t-yiyang", "Meisha Yiyang Commercial Pension Insurance", "「梅沙頤養」商業養老保險", "pension", None),
)


@pytest.fixture
def held(db) -> None:  # type: ignore[no-untyped-def]
    insurer = Insurer.objects.create(slug="t-insurer", name_en="Test Mutual Limited")
    for slug, name, chinese, line, text in PRODUCTS:
        product = Product.objects.create(
            insurer=insurer,
            slug=slug,
            name_en=name,
            name_zh_hant=chinese,
            product_line=line,
            jurisdiction="HK",
        )
        if text is None:
            continue  # in the catalogue, without a document
        doc = PlanDocument.objects.create(
            doc_id=slug,
            product=product,
            title=chinese,
            file="x.pdf",
            status=PlanDocument.Status.READY,
            checksum=slug,
        )
        DocumentVersion.objects.create(
            document=doc, version=slug, blocks=[{"kind": "paragraph", "text": text}]
        )


def ground(question: str) -> entities.Entities:
    return entities.ground(question, vocabulary=WORDS)


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("ExportEase 嘅 Gold 版每個買家信用限額係幾多？", "ExportEase 嘅 Gold 版"),
        ("ExportEase 的 Gold 版每个买家的信用限额是多少？", "ExportEase 的 Gold 版"),
        ("What is the credit limit per buyer of the ExportEase Gold edition?", "ExportEase Gold edition"),
        ("康橋通嘅白金計劃每年最高賠償額係幾多？", "白金計劃"),
        ("康桥通钻石版的年度限额是多少？", "钻石版"),
        # Within one language a tier's name is the plan's own: 優越 is not 卓越, nor "Plus" an
        # "Enhanced" tier, though each pair is one entry of the vocabulary across languages.
        ("康橋通卓越計劃每年最高賠償額係幾多？", "卓越計劃"),
        ("康橋通加強版的年度限額是多少？", "加強版"),
    ],
)
def test_a_tier_the_named_plans_documents_never_write_is_unknown_in_any_script(
    held: None, question: str, unknown: str
) -> None:
    found = ground(question)
    assert found.documents, "the plan itself is named"
    assert len(found.unknown) == 1 and unknown in found.unknown[0], found.unknown


@pytest.mark.parametrize(
    "question",
    [
        "康橋通優越計劃每年最高賠償額係幾多？",
        # The English name of a tier its Chinese document writes (優越).
        "What is the yearly maximum of the KangKiu Superior plan?",
        "康桥通基本计划的年度限额是多少？",
        # A tier's word that is no tier here, and a tier with no plan named.
        "Does ExportEase cover gold jewellery sold on credit?",
        "Which plans have a Gold tier?",
    ],
)
def test_a_tier_the_document_writes_or_no_tier_at_all_is_not_unknown(held: None, question: str) -> None:
    assert ground(question).unknown == []


@pytest.mark.parametrize(
    ("question", "doc_id"),
    [
        ("星帆海外倉存貨保障包唔包日本嘅倉？", "t-starsail"),
        ("星帆的退运费用限额是多少？", "t-starsail"),
        ("智盾喺日本有冇保？", "t-zhidun"),
    ],
)
def test_a_plan_is_named_by_the_first_two_characters_of_its_chinese_name(
    held: None, question: str, doc_id: str
) -> None:
    assert ground(question).documents == [doc_id]


def test_two_characters_that_are_a_word_name_no_plan(held: None) -> None:
    # 網店 opens 「網店守護」 but is a word (an online shop): "which online-shop insurance …" names none.
    assert ground("邊啲網店保險有退貨運費保障？").documents == []


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("美沙颐养商业养老保险的保证积累利率是多少？", "梅沙颐养"),
        ("梅莎頤養嘅保費點計？", "梅沙頤養"),
        ("梅沙颐养每月领多少？", "梅沙颐养"),
        ("What is the minimum premium of Meisha Yeeyang pension insurance?", "Meisha Yiyang"),
    ],
)
def test_a_catalogue_product_without_a_document_is_unknown_however_spelt(
    held: None, question: str, named: str
) -> None:
    assert ground(question).unknown == [named]


def test_a_held_name_near_a_catalogue_only_one_is_not_it(held: None) -> None:
    assert ground("星帆跨境電商綜合保嘅退運費用係幾多？").unknown == []
    assert ground("大梅沙附近有冇網絡醫院？").unknown == []


def test_a_tier_already_in_an_unknown_name_is_said_once(held: None) -> None:
    assert ground("What is the credit limit of the ExportEase Platinum tier?").unknown == [
        "ExportEase Platinum"
    ]
