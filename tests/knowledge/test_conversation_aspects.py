"""A conversation's follow-ups over the demo corpus: each keeps the plan the conversation is about
and asks its own aspect; only one that asks no kind of answer of its own ("And for a 62-year-old?",
"咁 FamilyCare 呢？") asks the earlier aspect again. "Which plans…?" naming none takes its product
line from its own words. (Labelled conversations in English, written Cantonese and Simplified
Chinese, phrased unlike the intent model's exemplars.)"""

from __future__ import annotations

import pytest
from django.test import Client

from chat.answering import Answer, answer_question
from chat.understanding import understand

pytestmark = [pytest.mark.usefixtures("demo_index"), pytest.mark.django_db, pytest.mark.slow]

OUTPATIENT = ("outpatient", "門診", "门诊")
IP_PLANS = {"kwuntong-patentpursuit", "longgang-chuhai-hanghu", "taipo-haiwai-weiquan"}


def _cited(answer: Answer) -> set[str]:
    return {c["doc_id"] for c in answer.citations}


@pytest.mark.parametrize(
    ("earlier", "follow_up", "language"),
    [
        ("What does BridgeCare cover for outpatients?", "And what about the waiting period?", "en"),
        ("BridgeCare 嘅門診保障係點？", "咁佢嘅等候期係幾耐？", "zh-Hant"),
        ("BridgeCare 门诊保障包括什么？", "那它的等候期多长？", "zh-Hans"),
    ],
)
def test_a_follow_up_with_its_own_aspect_keeps_the_plan_and_not_the_earlier_aspect(
    earlier: str, follow_up: str, language: str
) -> None:
    understood = understand(follow_up, [earlier], language=language)
    assert understood.named_documents == ["lantau-bridgecare"], "the conversation's plan is carried"
    assert not any(word in understood.query.lower() for word in OUTPATIENT), understood.query
    answer = answer_question(follow_up, language=language, history=[earlier])
    # Quoted from the waiting periods (as an answer, or beside "does not state this figure" when
    # the composer finds no figure in what it picked: that is selection's, not the conversation's).
    assert _cited(answer) == {"lantau-bridgecare"}, answer.text[:300]
    assert "waiting period" in answer.text.lower()
    assert "outpatient" not in answer.text.lower(), "the earlier aspect is not quoted again"


@pytest.mark.parametrize(
    ("earlier", "follow_up", "language"),
    [
        ("What is the maximum entry age of BridgeCare?", "What about FamilyCare?", "en"),
        ("BridgeCare 最高投保年齡係幾多？", "咁 FamilyCare 呢？", "zh-Hant"),
        ("BridgeCare 最高投保年龄是多少？", "那 FamilyCare 呢？", "zh-Hans"),
    ],
)
def test_an_elliptical_follow_up_naming_another_plan_asks_the_earlier_aspect_of_it(
    earlier: str, follow_up: str, language: str
) -> None:
    answer = answer_question(follow_up, language=language, history=[earlier])
    assert answer.kind == "answer", answer.text[:300]
    assert _cited(answer) == {"taipo-familycare"}, "the plan it names, not the earlier one"
    assert "65 years" in answer.text, "FamilyCare's entry age"


def test_an_elliptical_follow_up_changing_the_age_asks_the_earlier_premium_again() -> None:
    history = ["What is the annual premium of BridgeCare for a 45-year-old?"]
    answer = answer_question("What about a 62-year-old applicant?", language="en", history=history)
    assert answer.kind == "answer", answer.text[:300]
    assert _cited(answer) == {"lantau-bridgecare"}
    assert "61–70" in answer.text and "41–50" not in answer.text


def test_a_follow_up_over_the_api_reads_the_conversation_it_continues() -> None:
    client = Client()
    first = client.post(
        "/api/chat/", {"message": "What is the maximum entry age of BridgeCare?"}, "application/json"
    )
    assert first.status_code == 200
    body = first.json()
    second = client.post(
        "/api/chat/",
        {"message": "What about FamilyCare?", "conversation": body["conversation"]},
        "application/json",
        HTTP_AUTHORIZATION=f"Bearer {body['token']}",
    ).json()
    assert second["kind"] == "answer", second["text"][:300]
    assert {c["doc_id"] for c in second["citations"]} == {"taipo-familycare"}
    assert "65 years" in second["text"]


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("Which plans cover goods seized by customs?", "en"),
        ("邊啲計劃保障被海關扣押嘅貨物？", "zh-Hant"),
        ("哪些保单赔海关扣货的应对费用？", "zh-Hans"),
    ],
)
def test_which_plans_takes_its_line_from_its_own_words(question: str, language: str) -> None:
    answer = answer_question(question, language=language)
    assert answer.kind == "answer", answer.text[:300]
    assert _cited(answer) and _cited(answer) <= IP_PLANS, _cited(answer)


def test_which_plans_of_a_line_whose_documents_do_not_hold_it_declines_naming_the_line() -> None:
    answer = answer_question("Which pension plans cover goods seized by customs?", language="en")
    assert answer.kind == "no_answer", answer.text[:300]
    assert "Pension and annuities" in answer.text
