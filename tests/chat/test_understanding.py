"""Question understanding: intents from the fitted classifier on phrasings it never saw, entities
grounded in what the portal holds, and the replies for what it holds nothing on."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import numpy as np
import pytest

from chat import entities, intents, messages
from chat.answering import answer_question
from chat.understanding import understand
from chat.which_asks import PLANS, which_asks
from knowledge.models import PlanDocument
from knowledge.places import names_within, places
from knowledge.text import fold
from portal.models import Insurer, Product

# Phrasings written for this test, none of them in chat/data/exemplars.jsonl (checked below), in
# English, Traditional and Simplified Chinese and written Cantonese. The first ones are the
# misroutes the old patterns made: a word a document uses is not a request.
HELD_OUT: list[tuple[str, str]] = [
    ("Does the plan pay for human papillomavirus screening?", "answer"),
    ("Is there a promise to pay clause in the export policy?", "answer"),
    ("How do I apply for a claim after an operation in Shenzhen?", "answer"),
    ("Can the premiums of the deferred annuity be deducted from salaries tax?", "answer"),
    ("Is the guaranteed monthly income of the annuity fixed?", "answer"),
    ("人乳頭瘤病毒疫苗有冇得賠？", "answer"),
    ("申请理赔要多长时间？", "answer"),
    ("年金嘅保費可唔可以扣薪俸稅？", "answer"),
    ("Which of the two would suit a 60-year-old like me better?", "refusal"),
    ("Is it wise to put all my savings into the annuity?", "refusal"),
    ("Can you promise that the insurer will pay out?", "refusal"),
    ("你覺得我應該揀邊個計劃？", "refusal"),
    ("请直接告诉我买哪个最好", "refusal"),
    ("Please prepare a quotation for my family, we live in Zhuhai.", "quote"),
    ("我想幫屋企人買份醫療保險，可唔可以報個價？", "quote"),
    ("Let me talk to one of your staff", "handoff"),
    ("I'm unhappy with the way my claim was rejected and want to complain", "complaint"),
    ("理賠拖咗好耐，我要投訴", "complaint"),
    ("今天深圳会下雨吗", "out_of_scope"),
    ("What's the population of Tokyo?", "out_of_scope"),
    ("Good evening!", "greeting"),
    ("多謝晒", "greeting"),
    # Plain facts asked in the words advice is asked in, and advice asked without them.
    ("Is hospitalisation in Macau covered if I'm on holiday there?", "answer"),
    ("Can I claim for an ambulance ride in Zhongshan?", "answer"),
    ("Does the plan pay for chemotherapy as a day patient?", "answer"),
    ("會唔會賠中醫針灸？", "answer"),
    ("我可唔可以claim返物理治療？", "answer"),
    ("是否保證每月派發年金？", "answer"),
    ("是否保证每年续保？", "answer"),
    ("我今年六十，揀邊份先至最抵？", "refusal"),
    ("Honestly, would the Plus option be overkill for a healthy 30-year-old like me?", "refusal"),
    ("以我们公司的规模，出口信用险买到几成赔付比例比较合适？", "refusal"),
]


def test_held_out_phrasings_are_not_exemplars() -> None:
    texts = {e.text for e in intents.load_exemplars()}
    assert not texts & {text for text, _ in HELD_OUT}


@pytest.mark.parametrize(("text", "expected"), HELD_OUT)
def test_intent_of_phrasings_the_classifier_never_saw(text: str, expected: str) -> None:
    assert intents.classify(text).intent == expected


def test_form_and_answer_type() -> None:
    comparison = intents.classify("BridgeCare 同 FamilyCare 嘅等候期有咩分別？")
    assert (comparison.form, comparison.answer_type) == ("comparison", "duration")
    assert intents.classify("邊份計劃可以喺深圳直接結算？").form == "which_plans"
    assert (
        intents.classify("How do I apply for a claim after an operation in Shenzhen?").answer_type
        == "procedure"
    )


# The question's form on phrasings written for this test (none of them exemplars): "which plans…"
# questions, comparisons and questions about one plan, in the four ways of writing.
HELD_OUT_FORMS: list[tuple[str, str]] = [
    ("Which plans have an illness waiting period?", "which_plans"),
    ("Which of the hospital plans will pay for physiotherapy after discharge?", "which_plans"),
    ("Are there plans here that cover dialysis on the mainland?", "which_plans"),
    ("Which plans let a 72-year-old join?", "which_plans"),
    ("哪幾個計劃包括產科保障？", "which_plans"),
    ("有邊幾份計劃唔使自負額？", "which_plans"),
    ("哪些计划的住院房费每天超过一千元？", "which_plans"),
    ("边啲保单可以喺广州直接结算？", "which_plans"),
    ("How does the outpatient limit of Harbourview compare with Lantau Senior?", "comparison"),
    ("Harbourview 同 Lantau Senior 嘅房租上限邊個高？", "comparison"),
    ("兩份計劃的癌症保障額比較如何？", "comparison"),
    ("这两款年金的保证领取期谁更长？", "comparison"),
    ("What is the cancer waiting period of Harbourview?", "single"),
    ("Harbourview 嘅癌症等候期係幾耐？", "single"),
    ("大嶼山長者住院計劃的每年保障限額是多少？", "single"),
    ("这个计划可以续保到几岁？", "single"),
]


def test_form_of_phrasings_the_classifier_never_saw() -> None:
    assert not {e.text for e in intents.load_exemplars()} & {text for text, _ in HELD_OUT_FORMS}
    vectors = intents.vectors([text for text, _ in HELD_OUT_FORMS])
    right = [
        intents.classify(t, v).form == form for (t, form), v in zip(HELD_OUT_FORMS, vectors, strict=True)
    ]
    # 14 of 16 with the which-plans and comparison exemplars (8 before them); pinned at that.
    assert sum(right) >= 14
    assert sum(right[:8]) >= 6


def test_a_question_worded_which_plans_is_one_though_the_form_model_misses_it() -> None:
    # chat.which_asks: a which-word governing a plan noun (chat/data/which_plans.yaml).
    for text in (
        "Which IP insurance products would cover us if we are sued abroad?",
        "有哪幾款知識產權保險會支付律師費？",
        "哪些养老或年金产品的犹豫期是15天？",
    ):
        assert intents.classify(text).form == "which_plans", text
    for text in (
        "哪个保单年度开始可以退保？",
        "What is the waiting period of Harbourview?",
        "Which sales must I declare?",
    ):
        assert which_asks(text) != PLANS, text


def _expected_form(question: dict[str, Any]) -> str:
    """A set question's form from its labels: a comparison, "which plans…" (an answerable question
    more than one document answers, or one its notes tag so: "Which IP policies cover pending
    applications?" is answered by the one plan that says it does not), else one plan's question."""
    if question["kind"] == "compare":
        return "comparison"
    several = question["kind"] == "answerable" and len(question.get("expect_docs") or []) >= 2
    tagged = question["kind"] == "answerable" and "[which-plans]" in str(question.get("notes", ""))
    return "which_plans" if several or tagged else "single"


@pytest.mark.model_figures
@pytest.mark.slow
def test_form_of_the_question_sets() -> None:
    """The form head on the five cross-validation sets' questions (never fitted on: the exemplars
    are, and the form head's n-gram weight is chosen on them, by answer types held out)."""
    from knowledge.evaluation import default_folds, load_set

    questions = [
        q
        for folder in default_folds()
        for q in load_set(folder).questions
        if q.get("kind") in {"answerable", "compare", "unanswerable"}
    ]
    vectors = intents.vectors([str(q["question"]) for q in questions])
    got = [
        (_expected_form(q), intents.classify(str(q["question"]), v).form)
        for q, v in zip(questions, vectors, strict=True)
    ]
    which = [form == "which_plans" for expected, form in got if expected == "which_plans"]
    singles_misread = sum(
        expected == "single" and form in {"which_plans", "comparison"} for expected, form in got
    )
    # USE vectors alone: 13 of 25 "which plans" read as such, 49 one-plan questions read as
    # "which plans" or a comparison. With the form head's n-grams over the words: 20 of 25, 8;
    # over the frame (names and subjects masked): 22 of 25, 8, and comparisons 30 of 46 (26).
    # Refitted with the tax exemplars (fact vs personal tax advice): 10, one more two-sentence
    # question read as a comparison (an unanswerable rating question, declined either way).
    assert sum(which) >= 20
    assert singles_misread <= 10


# One plan's questions whose subject is a ratio (比例 holds 比, "compare") and comparisons asked of
# the same subjects: the form is the question's frame, never its subject. None is an exemplar.
RATIO_SUBJECTS = [
    ("CartCare 對退貨運費嘅賠償比例係幾多？", False),
    ("TradeSafe 對買方拖欠貨款的賠償百分比是多少？", False),
    ("PatentWatch 维权诉讼的共保比率是多少？", False),
    ("BridgeCare 喺內地醫院嘅共同保險比例係幾多成？", False),
    ("What percentage of an unpaid invoice does TradeSafe pay when the buyer is insolvent?", False),
    ("TradeSafe 同 CartCare 嘅賠償比例有咩分別？", True),
    ("比較 TradeSafe 和 PatentWatch 的共保比率。", True),
]


def test_a_ratio_subject_does_not_make_one_plans_question_a_comparison(catalogue: None) -> None:
    assert not {e.text for e in intents.load_exemplars()} & {text for text, _ in RATIO_SUBJECTS}
    got = [(text, understand(text).comparison) for text, _ in RATIO_SUBJECTS]
    assert got == RATIO_SUBJECTS


def test_the_form_head_reads_the_frame_with_names_and_subjects_masked() -> None:
    one = intents.frame("CartCare 對退貨運費嘅賠償比例係幾多？")
    assert "比" not in one and "赔" not in one and "cartcare" not in one
    assert intents.frame("兩份保單的賠償比例有何分別？").startswith("两份")
    assert intents.frame("ZhiDun vs PatentPursuit?") == f"{intents.NAME} vs {intents.NAME} ?"


def test_refusal_kinds() -> None:
    assert (
        intents.classify("Can I draw my MPF early now that I live in Zhuhai?").refusal_kind
        == "mpf_withdrawal"
    )
    assert (
        intents.classify("Can you promise that the insurer will pay out?").refusal_kind == "guarantee_claim"
    )


def test_backstop_refuses_advice_in_so_many_words_and_nothing_a_document_says() -> None:
    assert intents.refusal_backstop("Should I buy the annuity or keep my cash?") == "recommendation"
    assert intents.refusal_backstop("我應唔應該買呢份？") == "recommendation"
    for fact in ("What does the promise to pay clause say?", "Is renewal guaranteed?", "保證續保至幾歲？"):
        assert intents.refusal_backstop(fact) is None


def test_backstop_refuses_indirect_advice_whatever_the_classifier_says() -> None:
    # Written for this test (not exemplars, not question sets): each asks the assistant to choose,
    # to foresee an insurer's decision or to promise a claim, in so many words.
    asked = {
        "Which of the two gives us the better value, honestly?": "recommendation",
        "Please recommend the most suitable plan for my parents in Zhongshan.": "recommendation",
        "請推介最適合我嘅計劃。": "recommendation",
        # The backstop tells the family; the model which guarantee (tests/chat/test_refusal_wording.py).
        "I forgot to mention my back surgery. Will my claim still be paid?": "guarantee",
        "Can you tell me whether the insurer will approve our buyer's limit?": "guarantee",
        "Could Rock Harbour Annuity guarantee us HK$5,300 a month?": "guarantee",
        "石灣年金保唔保證每個月有5,300蚊？": "guarantee",
        "I want to take my MPF out early to buy the annuity.": "mpf_withdrawal",
    }
    for text, kind in asked.items():
        assert intents.refusal_backstop(text) == kind, text
    # A quote request that also asks the assistant to pick is refused, not quoted.
    assert intents.classify("Quote me for both plans and pick one for me.").intent == "refusal"
    for fact in (
        "When will my claim be paid?",
        "Which plans offer the best room limit?",
        "Are the premiums tax-deductible under VHIS?",
        "How long does the insurer take to approve a credit limit?",
        "Does the plan guarantee renewal?",
        "保唔保證續保？",
    ):
        assert intents.refusal_backstop(fact) is None, fact


def test_the_committed_model_is_fitted_on_the_committed_exemplars() -> None:
    heads = intents.model()  # raises StaleModel otherwise
    assert set(heads["intent"].classes) == set(intents.INTENTS)
    # The refusal boundary was placed on the question sets, not left at the argmax.
    assert 0.05 < heads["intent"].thresholds["refusal"] < 0.95


def test_a_thresholded_class_is_chosen_by_its_own_threshold() -> None:
    head = intents.Head(("answer", "quote", "refusal"), np.zeros((3, 2)), np.zeros(3), {"refusal": 0.4})
    assert head.decide({"answer": 0.5, "quote": 0.05, "refusal": 0.45}) == "refusal"
    # Below its threshold a refusal is never chosen, though it is the most probable.
    assert head.decide({"answer": 0.3, "quote": 0.32, "refusal": 0.38}) == "quote"
    assert head.with_thresholds({}).decide({"answer": 0.3, "quote": 0.32, "refusal": 0.38}) == "refusal"


def test_the_refusal_threshold_sits_mid_gap_between_the_sets_questions() -> None:
    from chat.management.commands.fit_understanding import Scored, place_threshold

    scored = [
        Scored("answerable", 0.10, "answer", False),
        Scored("answerable", 0.20, "answer", False),
        Scored("advice_refusal", 0.80, "answer", False),
        Scored("advice_refusal", 0.90, "answer", False),
        # Caught by the backstop whatever the threshold: it does not move the boundary.
        Scored("advice_refusal", 0.01, "answer", True),
    ]
    threshold, wrong, _ = place_threshold(scored)
    assert wrong == 0
    # The middle of 0.2 and 0.8 in log-odds is 0.5 (they are symmetric about it).
    assert threshold == pytest.approx(0.5)
    # A plain question inside the gap moves the boundary to the wider of the gaps either side.
    threshold, wrong, _ = place_threshold([*scored, Scored("unanswerable", 0.6, "answer", False)])
    assert wrong == 0 and 0.6 < threshold < 0.8


def test_character_grams_are_scikit_learns_tfidf() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = ["Should I buy it?", "我應唔應該買？", "Is renewal guaranteed?", "应该买哪个", "should we?"]
    grams = intents.Grams.fit(texts, 1.0)
    fitted = TfidfVectorizer(analyzer=intents.char_grams, min_df=2, sublinear_tf=True).fit(texts)
    for text in [*texts, "Should I switch?"]:
        expected = np.zeros(len(grams.idf))
        row = fitted.transform([text])
        for column, value in zip(row.indices, row.data, strict=True):
            expected[grams.index[fitted.get_feature_names_out()[column]]] = value
        assert np.allclose(grams.vector(text), expected)


def test_exemplars_cover_every_intent_in_every_language() -> None:
    exemplars = intents.load_exemplars()
    assert len(exemplars) >= 400
    for intent in intents.INTENTS:
        languages = {e.lang for e in exemplars if e.labels["intent"] == intent}
        assert languages >= {"en", "zh-Hant", "zh-Hans", "yue"}, intent


def test_a_broken_exemplar_line_is_named(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "exemplars.jsonl"
    path.write_text(json.dumps({"text": "hi", "intent": "greeting"}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"exemplars.jsonl:2"):
        intents.load_exemplars(path)


@pytest.mark.model_figures
@pytest.mark.slow
def test_k_fold_accuracy_of_the_intent_classifier() -> None:
    from chat.management.commands.fit_understanding import _k_fold

    exemplars = intents.load_exemplars()
    accuracy = _k_fold(exemplars, intents.vectors([e.text for e in exemplars]), 5)
    # USE only, argmax: measured 0.933 (answer type 0.880, form 0.929); pinned just under. The
    # committed intent head is chosen on the question sets (fit_understanding reports its k-fold
    # too: 0.921, answer type 0.879, form 0.915).
    assert accuracy["intent"] >= 0.90


# Entities: grounded in catalogue rows, without an index (the documents' words are given).
WORDS = frozenset({"hong", "kong", "shenzhen", "premier", "深圳", "医院", "hospital", "plan", "vaccine"})


@pytest.fixture
def catalogue(db) -> None:  # type: ignore[no-untyped-def]
    for slug, name, insurer, line, years in (
        ("peak-bridgecare", "BridgeCare GBA Hospital Plan", "Peak Test Health", "gba_medical", (2025, 2026)),
        ("bay-tradesafe", "TradeSafe Export Credit Policy", "Bay Test Credit", "export_credit", (2026,)),
        ("peak-goldenyears", "GoldenYears Deferred Annuity", "Peak Test Health", "pension", (2026,)),
        ("cove-patentwatch", "PatentWatch Overseas IP Plan", "Cove Test General", "overseas_ip", (2026,)),
        ("reef-cartcare", "CartCare Seller Liability Policy", "Reef Test General", "ecommerce", (2026,)),
    ):
        owner, _ = Insurer.objects.get_or_create(
            slug=slug.split("-")[0], defaults={"name_en": insurer, "product_lines": [line]}
        )
        product = Product.objects.create(
            insurer=owner, slug=slug, name_en=name, product_line=line, jurisdiction="HK"
        )
        for year in years:
            PlanDocument.objects.create(
                doc_id=f"{slug}-{year}",
                product=product,
                title=f"{name} ({year})",
                file="x.pdf",
                status=PlanDocument.Status.READY,
                checksum=f"{slug}{year}",
                effective_date=dt.date(year, 1, 1),
            )


def ground(question: str) -> entities.Entities:
    return entities.ground(question, vocabulary=WORDS)


def test_a_product_is_named_with_a_possessive_a_typo_or_lower_case(catalogue: None) -> None:
    for question in (
        "What is BridgeCare's deductible?",
        "What is the deductible of BrigeCare?",
        "what does bridgecare pay for a room?",
    ):
        found = ground(question)
        assert found.products == ["peak-bridgecare"], question
        assert found.lines == ["gba_medical"]
        assert not found.unknown
    assert "BridgeCare" in ground("What is the deductible of BrigeCare?").corrected


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("What is the deductible of AIA's medical plan?", ["AIA"]),
        ("Does the Sun Life plan cover dental?", ["Sun Life"]),
        ("Is the Zephyrion Shield policy renewable?", ["Zephyrion Shield"]),
        # A listed insurer is named as the question writes it.
        ("友邦人壽的醫療計劃有冇等候期？", ["友邦人壽"]),
        ("宏利保險公司嘅年金每月派幾多？", ["宏利"]),
    ],
)
def test_names_the_portal_holds_nothing_for_are_unknown(
    catalogue: None, question: str, unknown: list[str]
) -> None:
    assert ground(question).unknown == unknown


@pytest.mark.parametrize(
    "question",
    [
        "Does the plan cover treatment in Hong Kong?",
        "Does the plan cover the HPV vaccine?",
        "Which plan pays the most? Tell me about Thailand's hospitals.",
        "What is the Premier plan's annual limit?",
        "深圳的医院可以直接结算吗？",
        "贸易信用保险的保单，锂电池的产品责任险费率是多少？",
    ],
)
def test_places_terms_and_tiers_the_documents_use_are_not_unknown(catalogue: None, question: str) -> None:
    assert ground(question).unknown == []


def test_an_edition_no_document_has_is_unknown(catalogue: None) -> None:
    assert ground("What changed in the 2027 edition of BridgeCare?").unknown_editions == [2027]
    assert ground("What changed in the 2025 edition of BridgeCare?").unknown_editions == []
    # TradeSafe has no 2025 edition, though BridgeCare has.
    assert ground("TradeSafe 2025年版的赔偿比例是多少？").unknown_editions == [2025]


def test_two_products_named_alike_are_a_comparison(catalogue: None) -> None:
    both = ground("BridgeCare or TradeSafe: which pays within 30 days?").strongly_named
    assert set(both) == {"peak-bridgecare", "bay-tradesafe"}
    assert ground("What does the BridgeCare GBA Hospital Plan pay?").strongly_named == ["peak-bridgecare"]


# Through the pipeline, over real indexed documents.
def test_a_question_about_an_insurer_the_portal_does_not_hold_says_so(plan_documents: list[str]) -> None:
    answer = answer_question("What is the waiting period of Bupa's hospital plan?")
    assert answer.kind == "no_answer"
    assert "Bupa" in answer.text
    # It lists what the portal holds for that line, and offers a way on.
    assert "Harbourview Cross-Border Care Plan" in answer.text
    assert "do not contain" in answer.text


def test_a_question_naming_a_real_insurer_in_chinese_is_declined_naming_it(plan_documents: list[str]) -> None:
    for question, name in (
        ("保誠嘅住院計劃有冇等候期？", "保誠"),
        ("平安嘅跨境醫療保險保唔保住院？", "平安"),
    ):
        answer = answer_question(question)
        assert answer.kind == "no_answer", question
        assert name in answer.text
        assert answer.citations == []
        # What the portal holds for the line is listed instead.
        assert "大嶼山長者住院計劃" in answer.text


def test_off_topic_and_greetings_get_their_own_replies(plan_documents: list[str]) -> None:
    greeting = answer_question("你好")
    assert greeting.kind == "greeting" and greeting.citations == []
    # Off topic: a decline (no quote, no passage) in its own words, which says the plan documents
    # do not cover it and offers a person or the insurer.
    for text, language in (("What's the capital of France?", "en"), ("今晚煮咩餸好？", "zh-Hant")):
        answer = answer_question(text)
        assert (answer.kind, answer.reason) == ("no_answer", "out_of_scope")
        assert answer.citations == [] and answer.chunks == []
        assert answer.text == messages.fixed_reply("out_of_scope", language)
        assert messages.declines(answer.text, language)
    english = answer_question("What's the capital of France?").text
    assert "do not cover this" in english and "a person on our team or to the insurer" in english
    assert english != messages.fixed_reply("no_answer", "en")


def test_follow_up_is_retrieved_with_the_question_it_follows(plan_documents: list[str]) -> None:
    first = "What is the illness waiting period of the Harbourview plan?"
    understood = understand("And for the Lantau plan?", [first])
    assert understood.follow_up
    # It asks the earlier aspect of the plan it names: not of the earlier plan.
    assert "illness waiting period" in understood.query and "Harbourview" not in understood.query
    assert understood.named_documents == ["lantau-senior"]
    assert not understand("And for the Lantau plan?").follow_up


def test_a_follow_up_asking_its_own_aspect_does_not_carry_the_earlier_one(plan_documents: list[str]) -> None:
    first = "What is the illness waiting period of the Harbourview plan?"
    understood = understand("And what does it pay for room and board?", [first])
    assert understood.named_documents == ["harbourview-care"]
    assert "waiting" not in understood.query and "room and board" in understood.query


def test_a_quote_for_a_named_product_sets_the_product_and_its_line(plan_documents: list[str]) -> None:
    answer = answer_question("I'd like a quote for the Lantau plan for my mother, she is 72.")
    assert answer.kind == "quote"
    assert answer.enquiry is not None
    assert answer.enquiry["product"] == "lantau-senior"
    assert answer.enquiry["product_line"] == "gba_medical"
    assert answer.enquiry["ages"] == [72]


@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("HKECIC SBP: what premium rate for a Mexican buyer?", ["HKECIC SBP"]),
        ("BridgeCare 嘅 Diamond 計劃每年保障限額係幾多？", ["Diamond"]),
        ("Does ShieldPlus cover dental?", ["ShieldPlus"]),
    ],
)
def test_brand_shaped_names_and_tiers_named_in_chinese(
    catalogue: None, question: str, unknown: list[str]
) -> None:
    assert ground(question).unknown == unknown


def test_naming_an_insurer_names_its_products_but_compares_none(catalogue: None) -> None:
    found = ground("What is Peak Test Health's claims payout ratio?")
    assert set(found.products) == {"peak-bridgecare", "peak-goldenyears"}
    assert found.plans == []
    assert set(ground("BridgeCare 同 GoldenYears 邊個等候期短啲？").plans) == {
        "peak-bridgecare",
        "peak-goldenyears",
    }


def test_two_held_editions_of_one_plan_are_compared(catalogue: None) -> None:
    from chat.understanding import _is_comparison

    question = "BridgeCare 2025年版同2026年版嘅每年保障限額有咩唔同？"
    found = ground(question)
    assert found.editions == [2025, 2026]
    assert _is_comparison(intents.classify(question), found)
    assert not _is_comparison(
        intents.classify("What is BridgeCare's annual limit?"), ground("What is BridgeCare's annual limit?")
    )


def test_a_name_made_of_ordinary_words_is_still_a_name(db) -> None:  # type: ignore[no-untyped-def]
    owner = Insurer.objects.create(slug="yl", name_en="Yuen Long Test General", product_lines=["ecommerce"])
    product = Product.objects.create(
        insurer=owner,
        slug="yl-seller",
        name_en="Yuen Long Seller Policy",
        product_line="ecommerce",
        jurisdiction="HK",
    )
    PlanDocument.objects.create(
        doc_id="yl-seller",
        product=product,
        title="Yuen Long Seller Policy",
        file="x.pdf",
        status=PlanDocument.Status.READY,
        checksum="yl",
    )
    found = entities.ground("元朗嗰份網店賣家責任保險，使唔使另外俾錢？", vocabulary=WORDS)
    assert found.products == ["yl-seller"]


def test_an_edition_the_portal_lacks_is_named_with_its_product(plan_documents: list[str]) -> None:
    answer = answer_question("Harbourview 2030年版嘅疾病等候期係幾耐？")
    assert answer.kind == "no_answer"
    assert "2030年版" in answer.text and "Harbourview" in answer.text


# Misspelt held names, within edits scaled to the name's length, in either script.
def test_a_misspelt_held_name_is_the_held_name(catalogue: None) -> None:
    for question in ("What's the co-pay under patentwach?", "Does Cartcre pay for returns?"):
        found = ground(question)
        assert len(found.products) == 1 and not found.unknown, question
    assert ground("What's the co-pay under patentwach?").products == ["cove-patentwatch"]
    owner = Insurer.objects.get(slug="reef")
    product = Product.objects.create(
        insurer=owner,
        slug="reef-wanpan",
        name_en="Bayside Calm",
        name_zh_hant="灣畔安康",
        name_zh_hans="湾畔安康",
        product_line="gba_medical",
        jurisdiction="HK",
    )
    PlanDocument.objects.create(
        doc_id="reef-wanpan",
        product=product,
        title="Bayside Calm",
        file="x.pdf",
        status=PlanDocument.Status.READY,
        checksum="wanpan",
    )
    # One character wrong, written in Simplified against a name held in both scripts.
    found = ground("湾伴安康的等候期多长？")
    assert found.products == ["reef-wanpan"]
    assert "湾畔安康" in fold(found.corrected)
    # Two characters of four wrong is another name.
    assert ground("海伴安宁的等候期多长？").products == []


def test_several_capitalised_words_no_held_name_is_close_to_are_unknown(catalogue: None) -> None:
    assert ground("What is the room limit under Harbour Prestige HX?").unknown == ["Harbour Prestige HX"]
    assert ground("Can I claim dental with Pacific Crown Elite III?").unknown == ["Pacific Crown Elite III"]
    # Held names with a tier the documents use, and places, are not unknown.
    for question in (
        "Does BridgeCare Premier pay for a private room?",
        "Is cover in the Greater Bay Area included?",
        "Do any plans insure buyers in ASEAN markets or the European Union?",
    ):
        assert ground(question).unknown == [], question


def test_countries_and_regions_are_places_in_any_script() -> None:
    codes = [p.code for p in places("Which plans protect trademarks in Thailand, 歐盟 and 东盟十国?")]
    assert codes == ["TH", "EU", "ASEAN"]
    assert [p.code for p in places("德國同越南有冇保障？")] == ["DE", "VN"]
    # Words that hold a country's code are not places ("AIA" is Anguilla's code).
    assert places("What is AIA's deductible?") == []


def test_a_place_is_named_by_the_region_or_country_containing_it() -> None:
    # knowledge/data/place_parts.yaml: a country is in its regions, a state or city names its country.
    assert names_within("德國", "英國及歐盟：每件16美元")
    assert names_within("Texas", "United States | 4.2% | 5.0%")
    assert names_within("泰國", "东南亚 | 2.0% | 1.6%") and names_within("UAE", "中东 | 2.4%")
    assert names_within("UK", "欧洲 | 3.6%") and not names_within("UK", "歐盟 | 3.0%"), (
        "the UK is not in the EU"
    )
    assert not names_within("Germany", "Japan and South Korea | 2.4%")
    assert not names_within("deductible", "欧洲 | 3.6%")


def test_a_place_is_searched_for_by_the_regions_containing_it(catalogue: None) -> None:
    query = understand("What rate applies if we are sued in Germany?").query
    assert "歐盟" in query and "欧洲" in query and "European Union" in query
    assert "美國" in understand("Defence rate if we get sued in Texas?").query


def test_a_place_is_searched_for_in_the_other_script_too(catalogue: None) -> None:
    assert "越南" in understand("Which plans cover trademark fights in Vietnam?").query
    assert "Germany" in understand("哪些计划保障在德国的专利纠纷？").query
    assert "东盟" in understand("Is there cover for patent suits in ASEAN?").query


def test_a_follow_up_naming_no_plan_keeps_the_plan_the_conversation_named(catalogue: None) -> None:
    earlier = ["Does GoldenYears pay a monthly income?"]
    follow = understand("And how old must I be to join?", earlier)
    assert follow.named_products == ["peak-goldenyears"]
    assert "GoldenYears" in follow.query
    cantonese = understand("咁最多賠幾多錢？", ["CartCare 保唔保退貨？"])
    assert cantonese.named_products == ["reef-cartcare"]
    # A follow-up naming another plan switches to it; the plan two questions back still counts.
    assert understand("What about CartCare's limit?", earlier).named_products == ["reef-cartcare"]
    assert understand("Is there a waiting period?", [*earlier, "Thanks. One more thing"]).named_products == [
        "peak-goldenyears"
    ]
    # Without a conversation, nothing is carried.
    assert understand("And how old must I be to join?").named_products == []

    # A sentence's capitalised first word is not a name, though plan names contain it ("… and …").
    opener = understand("And for a 62-year-old?", ["BridgeCare premium at age 45?"])
    assert opener.named_products == ["peak-bridgecare"]


def test_the_not_held_reply_names_the_line_the_question_words_and_the_plans_in_the_readers_script(
    catalogue: None,
) -> None:
    from chat.understanding import not_held_reply

    bridgecare = Product.objects.get(slug="peak-bridgecare")
    bridgecare.name_zh_hant = "「橋安」大灣區住院計劃"
    bridgecare.save()
    reply = not_held_reply(understand("「尖沙咀保險」嘅大灣區醫療計劃有冇等候期？", language="zh-Hant"))
    assert reply.startswith("本平台沒有關於尖沙咀保險的文件"), "the name as the reader wrote it"
    assert "大灣區醫療方面" in reply and "「橋安」大灣區住院計劃" in reply
    assert "GoldenYears" not in reply


def test_without_a_line_to_tell_the_not_held_reply_lists_each_line_with_its_own_plans(
    catalogue: None,
) -> None:
    from chat.understanding import not_held_reply

    reply = not_held_reply(understand("Tell me about Zurich Horizon XL"))
    assert "Zurich Horizon XL" in reply
    assert "GBA medical (BridgeCare GBA Hospital Plan)" in reply
    assert "Pension and annuities (GoldenYears Deferred Annuity)" in reply
    assert "Cross-border e-commerce (CartCare Seller Liability Policy)" in reply


def test_a_document_uploaded_without_a_product_is_listed_by_its_title_under_its_line(
    catalogue: None,
) -> None:
    """Staff may upload a document before its product exists: the chat answers from it, so the
    plans it lists when it declines include it, by title, under the line its title names."""
    from chat.understanding import not_held_reply

    for doc_id, title in (
        ("unattached-medical", "Sai Kung Test Health - HarbourLink Medical Plan (2026 edition)"),
        ("unattached-annuity", "前海測試養老保險 — 安晴遞延年金計劃（2026年版）"),
        ("unattached-unknown", "Product brochure 2026"),
    ):
        PlanDocument.objects.create(
            doc_id=doc_id, title=title, file="x.pdf", status=PlanDocument.Status.READY, checksum=doc_id
        )
    medical = not_held_reply(understand("What is the annual limit of Zurich Horizon XL hospital plan?"))
    assert "For GBA medical it holds:" in medical
    assert "HarbourLink Medical Plan" in medical and "BridgeCare GBA Hospital Plan" in medical
    assert "安晴" not in medical
    every_line = not_held_reply(understand("Tell me about Zurich Horizon XL"))
    assert "HarbourLink Medical Plan" in every_line
    assert "安晴遞延年金計劃" in every_line.split("Pension and annuities")[1]
    # A title that names no line is not guessed into one.
    assert "Product brochure" not in every_line
    # A Chinese title is shown in the reader's script.
    simplified = not_held_reply(understand("中国人寿的年金计划最低保费是多少？", language="zh-Hans"))
    assert "安晴递延年金计划" in simplified


def test_the_not_held_reply_lists_the_plans_of_the_line_the_question_is_about(
    composer_documents: list[str],
) -> None:
    credit = answer_question(
        "What share of an unpaid invoice does Zenith Credit Shield II pay if my buyer in Brazil defaults?"
    )
    assert credit.kind == "no_answer"
    assert "For Export credit it holds: Kowloon ExportCover" in credit.text
    assert "Hospital" not in credit.text
    medical = answer_question("大都會人壽嘅住院計劃每日房租上限係幾多？")
    assert medical.kind == "no_answer"
    assert "ExportCover" not in medical.text
    assert "Sham Shui Po GBA Hospital Plan" in medical.text


@pytest.fixture
def sharing_catalogue(db) -> None:  # type: ignore[no-untyped-def]
    """Plans whose names share generic words ("Hospital Plan", "住院計劃") with each other."""
    for slug, en, hant, insurer in (
        ("tsingyi-senior", "Tsing Yi Senior Hospital Plan", "青衣長者住院計劃", "Tsing Yi Test Assurance"),
        ("taipo-gba", "Tai Po GBA Hospital Plan", "大埔大灣區住院計劃", "Tai Po Test Assurance"),
        ("kwuntong-family", "Kwun Tong Family Medical Plan", "觀塘家庭醫療計劃", "Kwun Tong Test Health"),
        ("shatin-export", "Sha Tin Export Credit Policy", "沙田出口信用保單", "Sha Tin Test Credit"),
    ):
        owner = Insurer.objects.create(
            slug=slug.split("-")[0], name_en=insurer, product_lines=["gba_medical"]
        )
        line = "export_credit" if "export" in slug else "gba_medical"
        product = Product.objects.create(
            insurer=owner, slug=slug, name_en=en, name_zh_hant=hant, product_line=line, jurisdiction="HK"
        )
        PlanDocument.objects.create(
            doc_id=f"{slug}-2026",
            product=product,
            title=en,
            file="x.pdf",
            status=PlanDocument.Status.READY,
            checksum=slug,
            effective_date=dt.date(2026, 1, 1),
        )


@pytest.mark.parametrize(
    ("question", "products"),
    [
        ("How long is the illness waiting period of the Tsing Yi Senior Hospital Plan?", ["tsingyi-senior"]),
        ("Tsing Yi Senior Hospital Plan's room limit?", ["tsingyi-senior"]),
        (
            "Compare Kwun Tong Family Medical Plan and the Tsing Yi Senior Hospital Plan on deductibles",
            ["kwuntong-family", "tsingyi-senior"],
        ),
        ("Tsing Yi Senior Hospital Plan 嘅等候期係幾耐？", ["tsingyi-senior"]),
        ("青衣長者住院計劃嘅等候期係幾耐？", ["tsingyi-senior"]),
        ("青衣长者住院计划和观塘家庭医疗计划的免赔额对比一下", ["tsingyi-senior", "kwuntong-family"]),
        ("大埔大灣區住院計劃同青衣長者住院計劃，邊個房租高啲？", ["tsingyi-senior", "taipo-gba"]),
    ],
)
def test_a_plan_is_not_named_by_the_generic_words_its_name_shares_with_the_named_one(
    sharing_catalogue: None, question: str, products: list[str]
) -> None:
    # "… Senior Hospital Plan" shares "Hospital Plan" with the GBA plan: that names only the
    # plan whose own words are written, and a comparison of two gets no third.
    found = ground(question)
    assert sorted(found.products) == sorted(products)
    assert sorted(found.plans) == sorted(products)


def test_generic_words_alone_still_name_every_plan_that_has_them(sharing_catalogue: None) -> None:
    # Nothing tells the hospital plans apart: both stay candidates, the export policy does not.
    found = ground("What does the Hospital Plan pay for room and board?")
    assert set(found.products) <= {"tsingyi-senior", "taipo-gba"}
    assert "shatin-export" not in found.products


def test_one_named_plan_is_compared_only_when_the_wording_says_so(catalogue: None) -> None:
    # "同" joining two benefits of one plan is not a second plan.
    assert not understand("BridgeCare 嘅門診同住院每年最多賠幾多？").comparison
    assert understand("How does BridgeCare compare with the other plans on waiting periods?").comparison
    assert understand("BridgeCare or TradeSafe: which pays within 30 days?").comparison


def test_a_question_naming_one_plan_is_which_plans_only_when_plainly_worded_so() -> None:
    from chat.understanding import SEVERAL_WITH_ONE_NAME, _is_which_plans

    def labels(probability: float) -> intents.Labels:
        return intents.Labels("answer", 1.0, None, "list", "which_plans", 0.0, probability)

    one, none = entities.Entities(plans=["peak-goldenyears"]), entities.Entities()
    # The entry ages of one named annuity read 0.6 "which plans": it is that annuity's question.
    assert not _is_which_plans(labels(0.6), one)
    assert _is_which_plans(labels(SEVERAL_WITH_ONE_NAME), one)
    assert _is_which_plans(labels(0.6), none)


# Real insurers named in a question, recognised from knowledge/data/insurers.yaml (names only).
@pytest.mark.parametrize(
    ("question", "unknown"),
    [
        ("保誠危疾計劃嘅等候期係幾耐？", ["保誠"]),
        ("平安嘅電商賣家保險保唔保退貨？", ["平安"]),
        ("我想問保誠嗰份危疾保單有冇自付費？", ["保誠"]),
        ("保诚的住院保险免赔额是多少？", ["保诚"]),
        ("中国平安的出口信用保险赔偿比例是多少？", ["中国平安"]),
        ("平安保险的医疗险可以在深圳直付吗？", ["平安保险"]),
        ("宏利嘅年金每月派幾多？", ["宏利"]),
        ("請問友邦醫療計劃保唔保牙科？", ["友邦"]),
        ("中國人壽的年金計劃幾時開始派錢？", ["中國人壽"]),
        ("阳光保险的年金可以提前领取吗？", ["阳光保险"]),
        ("富衛同 BridgeCare 邊個等候期短？", ["富衛"]),
        ("What does Prudential's GBA plan pay for a hospital room?", ["Prudential"]),
        ("Does Prudental cover cancer in Shenzhen?", ["Prudental"]),
        ("is the manulife annuity guaranteed?", ["manulife"]),
        ("Can I buy export credit cover from Sinosure?", ["Sinosure"]),
        ("「安康寶」醫療計劃嘅等候期係幾耐？", ["安康寶"]),  # as written, not as matched
    ],
)
def test_a_real_insurer_or_plan_the_portal_holds_nothing_from_is_unknown(
    catalogue: None, question: str, unknown: list[str]
) -> None:
    assert ground(question).unknown == unknown


@pytest.mark.parametrize(
    "question",
    [
        # Everyday words that are also insurers' names, where no insurer stands.
        "祝你出入平安，BridgeCare 嘅等候期係幾耐？",
        "一路平安！TradeSafe 的赔偿比例是多少？",
        "深圳的平安医院可以直接结算吗？",
        "BridgeCare 保唔保太平洋島國嘅醫療？",
        "阳光充足的地方，GoldenYears 几时派钱？",
        # A listed name inside other words (盟友/邦交, 民众/安全, 大/新闻).
        "同盟友邦交穩定嘅國家，TradeSafe 保唔保？",
        "CartCare 保障民众安全吗？",
        "Generally, what does BridgeCare pay for a room?",
        # Held plans' own names.
        "「BridgeCare」計劃嘅等候期係幾耐？",
    ],
)
def test_everyday_words_and_held_names_are_not_listed_insurers(catalogue: None, question: str) -> None:
    assert ground(question).unknown == [], question


def test_a_held_plan_or_insurer_sharing_a_listed_name_is_the_held_one(db) -> None:  # type: ignore[no-untyped-def]
    for slug, insurer, hant, product, product_hant in (
        ("safe", "Safe Journey Test Assurance", "", "Safe Journey Travel Plan", "出入平安旅遊計劃"),
        ("pru", "Prudential Test Life (fictional)", "保誠測試人壽", "Harbour Care Plan", "海港保障計劃"),
    ):
        owner = Insurer.objects.create(
            slug=slug, name_en=insurer, name_zh_hant=hant, product_lines=["gba_medical"]
        )
        held = Product.objects.create(
            insurer=owner,
            slug=f"{slug}-plan",
            name_en=product,
            name_zh_hant=product_hant,
            product_line="gba_medical",
            jurisdiction="HK",
        )
        PlanDocument.objects.create(
            doc_id=f"{slug}-plan-2026",
            product=held,
            title=product,
            file="x.pdf",
            status=PlanDocument.Status.READY,
            checksum=slug,
            effective_date=dt.date(2026, 1, 1),
        )
    for question in (
        "出入平安旅遊計劃嘅保險保唔保行李？",
        "保誠的海港保障計劃有冇等候期？",
        "Prudential's plan: what room?",
    ):
        assert ground(question).unknown == [], question
    assert ground("友邦的醫療計劃有冇等候期？").unknown == ["友邦"]


def test_a_place_in_a_held_name_does_not_name_the_product(catalogue: None) -> None:
    owner = Insurer.objects.get(slug="bay")
    product = Product.objects.create(
        insurer=owner,
        slug="bay-harbourshield",
        name_en="Harbour Shield for Hong Kong Exporters",
        name_zh_hant="香港出口商海港盾",
        product_line="export_credit",
        jurisdiction="HK",
    )
    PlanDocument.objects.create(
        doc_id="bay-harbourshield",
        product=product,
        title="Harbour Shield for Hong Kong Exporters",
        file="x.pdf",
        status=PlanDocument.Status.READY,
        checksum="harbourshield",
    )
    for question in (
        "香港出口商有冇信用保險？",
        "Hong Kong exporters' credit insurance?",
        "香港嘅醫院可以直接結算嗎？",
        "Does the plan cover treatment in Hong Kong?",
    ):
        assert "bay-harbourshield" not in ground(question).products, question
    assert ground("What does Harbour Shield cover?").products == ["bay-harbourshield"]


def test_a_chinese_names_descriptor_names_no_plan(catalogue: None) -> None:
    """Only the quoted part of 「出海護航」海外知識產權保險 names the plan: its descriptor is every such plan's."""
    # Renamed as staff rename it in admin (save, not update): the catalogue re-reads its names.
    product = Product.objects.get(slug="cove-patentwatch")
    assert ground("出海護航嘅維權上限係幾多？").documents == []
    product.name_zh_hant = "「出海護航」海外知識產權保險"
    product.save()
    assert ground("我想要海外知識產權保險報價").documents == []
    assert ground("出海護航嘅維權上限係幾多？").documents == ["cove-patentwatch-2026"]
    # A listed insurer beside the descriptor is not read as a misspelt plan name.
    assert ground("中国平安的海外知识产权保险赔多少？").unknown == ["中国平安"]
