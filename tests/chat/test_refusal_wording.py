"""A tester's questions (tester D, classes 1 and 3): a guarantee of an amount or of a premium level
was refused as if acceptance or a claim had been asked, with only the row naming the amount after
it; a tier no document has was declined without saying which tiers the plan has."""

from __future__ import annotations

import numpy as np
import pytest

from chat import intents, messages, safety, tiers
from knowledge.models import DocumentVersion, PlanDocument
from portal.models import Insurer, Product

GUARANTEES = ("guarantee_amount", "guarantee_premium", "guarantee_acceptance", "guarantee_claim")


@pytest.mark.parametrize("language", ["en", "zh-Hant", "zh-Hans"])
def test_each_guarantee_is_refused_in_words_of_its_own_that_promise_nothing(language: str) -> None:
    texts = [messages.refusal(kind, language) for kind in GUARANTEES]
    assert len(set(texts)) == len(texts)
    assert all(not safety.breaks_rules(text) for text in texts)
    amount, premium, acceptance, _claim = texts
    if language == "en":
        assert "amount" in amount and "accepted" not in amount
        assert "premiums" in premium and "accepted" not in premium
        assert "accepted" in acceptance


def _head(classes: tuple[str, ...], best: str) -> intents.Head:
    """A head whose probabilities ignore the message: `best` most probable, then the order given."""
    bias = np.array([3.0 if c == best else -float(i) for i, c in enumerate(classes)])
    return intents.Head(classes, np.zeros((len(classes), 2)), bias)


def test_the_backstop_tells_the_family_and_the_model_which_guarantee() -> None:
    head = _head(("guarantee_claim", "guarantee_amount", "recommendation"), "recommendation")
    vector = np.zeros(2)
    # The backstop says "guarantee": the most probable guarantee, not the most probable kind.
    assert intents._refusal_kind("guarantee", {"refusal_kind": head}, "…", vector) == "guarantee_claim"
    # No backstop: the model's kind; a backstop kind the model has no family for stands.
    assert intents._refusal_kind(None, {"refusal_kind": head}, "…", vector) == "recommendation"
    assert intents._refusal_kind("mpf_withdrawal", {"refusal_kind": head}, "…", vector) == "mpf_withdrawal"
    assert intents._refusal_kind("guarantee", {}, "…", vector) == "guarantee"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Can Rock Harbour Annuity guarantee me 5,300 a month?", "guarantee_amount"),
        ("「石灣年金」保唔保證每月有5,300蚊？", "guarantee_amount"),
        ("Will Maple Point Health's premiums go up at renewal?", "guarantee_premium"),
        ("「楓角醫療」明年保費會唔會加？", "guarantee_premium"),
        ("我有高血壓，保險公司會不會一定接受我的投保申請？", "guarantee_acceptance"),
    ],
)
def test_a_guarantee_is_told_by_what_it_is_of(text: str, kind: str) -> None:
    labels = intents.classify(text)
    assert labels.intent == "refusal" and labels.refusal_kind == kind, labels


@pytest.mark.parametrize(
    "text",
    [
        "Does Copper Kite cover our lawyers if we take an infringer to court abroad?",
        "「銅鳶」會唔會俾我哋告侵權公司嘅律師費？",
        "被起诉侵犯专利时，「铜鸢」会支付抗辩律师费吗？",
    ],
)
def test_what_a_policy_pays_for_lawyers_is_a_question_not_legal_advice(text: str) -> None:
    assert intents.classify(text).intent == "answer"


def test_whether_to_sue_is_legal_advice() -> None:
    labels = intents.classify("Should we sue the copier in Spain or settle with them?")
    assert labels.intent == "refusal" and labels.refusal_kind == "tax_legal"


@pytest.mark.parametrize(
    ("column", "tier"),
    [
        ("Plus", True),
        ("标准版", True),
        ("優越計劃", True),
        ("Silver Harbour (2026 edition)", False),
        ("Benefit", False),
    ],
)
def test_a_tier_column_is_a_tier_word_alone_or_with_its_head(column: str, tier: bool) -> None:
    assert tiers._is_tier(column) is tier


@pytest.fixture
def documents(db) -> None:  # type: ignore[no-untyped-def]
    insurer = Insurer.objects.create(slug="w-insurer", name_en="Wording Test Mutual Limited")
    tables = {
        "w-tiered": [
            {"kind": "paragraph", "text": "Two plan levels."},
            {"kind": "table", "header": ["Benefit", "Standard", "Plus"], "rows": [["Room", "1", "2"]]},
            {"kind": "table", "header": ["Age", "Standard, HK$0 deductible", "Plus, HK$0 deductible"]},
        ],
        "w-小微": [{"kind": "table", "header": ["保障项目", "标准版", "小微版"], "rows": []}],
        "w-one": [{"kind": "table", "header": ["Item", "Silver Harbour (2026 edition)"], "rows": []}],
    }
    for slug, blocks in tables.items():
        product = Product.objects.create(
            insurer=insurer, slug=slug, name_en=slug, product_line="gba_medical", jurisdiction="HK"
        )
        doc = PlanDocument.objects.create(
            doc_id=slug,
            product=product,
            title=slug,
            file="x.pdf",
            status=PlanDocument.Status.READY,
            checksum=slug,
        )
        DocumentVersion.objects.create(document=doc, version=slug, blocks=blocks)


def test_a_documents_tiers_are_the_columns_of_its_table_laid_out_by_tier(documents: None) -> None:
    assert tiers.tiers_of("w-tiered") == ("Standard", "Plus")
    assert tiers.tiers_of("w-小微") == ("标准版", "小微版")
    assert tiers.tiers_of("w-one") == ()
    assert tiers.tiers_of("w-none") is None


def test_an_unheld_tier_is_declined_with_the_tiers_the_plan_has() -> None:
    text = messages.not_held(
        "en", ["BridgeCare Platinum"], [], "", "", [], tiers={"BridgeCare": ["Standard", "Plus"]}
    )
    assert text.startswith("The portal has no documents for BridgeCare Platinum.")
    assert "The document of BridgeCare has these tiers: Standard, Plus." in text
    assert messages.declines(text, "en")
    chinese = messages.not_held(
        "zh-Hant", ["康橋通白金計劃"], [], "", "", [], tiers={"康橋通": ["基本計劃", "優越計劃"]}
    )
    assert "基本計劃、優越計劃" in chinese and messages.declines(chinese, "zh-Hant")
    none = messages.not_held("en", ["Solo Gold"], [], "", "", [], tiers={"Solo": []})
    assert "The document of Solo names no tiers." in none
