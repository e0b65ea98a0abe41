"""A detail the document keeps elsewhere (issue 9): "which network hospitals are in Zhuhai?" over a
plan that says its list is on its website is declined, saying the document does not give it and
quoting, cited, the passage that says where it is; "where can I find the list?" is answered by that
passage, and a detail stated beside it ("how many network hospitals?") is answered."""

from __future__ import annotations

import pytest

from chat import elsewhere
from chat.answering import answer_question
from knowledge.ingest import DocumentMeta, ingest_document, register_document
from tests.chat.conftest import FIXTURES

DOC_ID = "tsz-wan-shan"


@pytest.mark.parametrize(
    "text",
    [
        "The list of 36 hospitals is on our website and may change.",
        "The list is kept up to date in the Lion Rock Go app and may change during the policy year.",
        "The annuity rates for other entry ages are in the illustration given at application.",
        "Indicative, not an offer: the rates in your policy schedule apply.",
        "網絡醫院：位於深圳、東莞或惠州的醫院（現有22間，名單載於本公司網站）。",
        "名单以“蛇口人寿”微信公众号公布为准。",
        "其他入保年齡的年金額載於保單附表。",
        "资助比例及上限以当年申报通知为准；",
        "未有列出的市場，請向本公司查詢等級。",
    ],
)
def test_a_passage_keeping_the_detail_elsewhere_defers(text: str) -> None:
    assert elsewhere.defers(text)


@pytest.mark.parametrize(
    "text",
    [
        "The plan has 36 network hospitals in the nine mainland GBA cities.",
        "Ask us for pre-approval at least 3 working days before a planned admission.",
        "Overall annual limit: HK$800,000.",
        "本計劃在深圳、東莞及惠州設有22間網絡醫院，經預先批核後可直接結算住院費用。",
    ],
)
def test_a_passage_stating_the_detail_does_not_defer(text: str) -> None:
    assert not elsewhere.defers(text)


@pytest.mark.parametrize(
    ("question", "where"),
    [
        ("Where can I find the list of network hospitals?", True),
        ("How do I find out my buyer's market grade?", True),
        ("康橋通嘅網絡醫院名單喺邊度睇到？", True),
        ("双湾安心的网络医院名单在哪里可以查到？", True),
        ("智盾出海的保费资助比例以什么为准？", True),
        ("Which network hospitals are in Zhuhai?", False),
        ("雙灣安心喺惠州有邊幾間網絡醫院？", False),
        ("康桥通在广州有哪几家网络医院？", False),
    ],
)
def test_a_question_asking_where_is_told_apart(question: str, where: bool) -> None:
    assert elsewhere.asks_where(question) is where


@pytest.fixture
def deferring_plan(knowledge_index: None, transactional_db: None) -> None:
    meta = DocumentMeta(
        doc_id=DOC_ID,
        insurer="Tsz Wan Shan Test Assurance Limited",
        product=DOC_ID,
        product_line="gba_medical",
        language="en",
        title="Tsz Wan Shan Cross-Border Hospital Plan",
        effective_date="2026-01-01",
    )
    assert ingest_document(register_document(FIXTURES / "tsz-wan-shan-hospital.md", meta)) > 0


@pytest.mark.usefixtures("deferring_plan")
@pytest.mark.parametrize(
    ("question", "language", "says"),
    [
        (
            "Which network hospitals of the Tsz Wan Shan Cross-Border Hospital Plan are in Zhuhai?",
            "en",
            "does not give this detail. It says where to find it:",
        ),
        ("Tsz Wan Shan 住院計劃喺珠海有邊幾間網絡醫院？", "zh-Hant", "沒有載列這項細節"),
        ("Tsz Wan Shan 住院计划在珠海有哪几家网络医院？", "zh-Hans", "没有载列这项细节"),
    ],
)
def test_a_detail_kept_elsewhere_is_declined_quoting_where_it_is(
    question: str, language: str, says: str
) -> None:
    answer = answer_question(question)
    assert answer.kind == "no_answer", answer.text
    assert answer.language == language
    assert says in answer.text
    [citation] = answer.citations
    assert citation["doc_id"] == DOC_ID
    assert "on our website" in citation["quote"]
    assert f"{citation['quote']} [1]" in answer.text


@pytest.mark.usefixtures("deferring_plan")
def test_where_the_detail_is_kept_is_answered_by_the_deferring_passage() -> None:
    answer = answer_question(
        "Where can I find the list of Tsz Wan Shan Cross-Border Hospital Plan network hospitals?"
    )
    assert answer.kind == "answer", answer.text
    assert any("on our website" in c["quote"] for c in answer.citations)


@pytest.mark.usefixtures("deferring_plan")
def test_a_detail_stated_beside_the_deferring_passage_is_answered() -> None:
    answer = answer_question(
        "How many network hospitals does the Tsz Wan Shan Cross-Border Hospital Plan have?"
    )
    assert answer.kind == "answer", answer.text
    assert "24" in answer.text


@pytest.mark.parametrize(
    ("question", "which"),
    [
        ("Which network hospitals are in Zhuhai?", True),
        ("雙灣安心喺惠州有邊幾間網絡醫院？", True),
        ("康桥通在广州有哪几家网络医院？", True),
        # Of the list, not for it; a requirement, not a list.
        ("BridgeCare 的網絡醫院名單會不會更改？", False),
        ("卖家通对卖家上一年的网上销售额有什么上限？", False),
        ("How many network hospitals does Twin-Bay have?", False),
    ],
)
def test_a_question_asking_which_ones_is_told_apart(question: str, which: bool) -> None:
    assert elsewhere.asks_which(question) is which


@pytest.mark.usefixtures("deferring_plan")
def test_a_question_about_the_list_itself_is_answered_by_the_deferring_passage() -> None:
    answer = answer_question("Tsz Wan Shan 住院計劃的網絡醫院名單會不會更改？")
    assert answer.kind == "answer", answer.text
    assert any("may change" in c["quote"] for c in answer.citations)
