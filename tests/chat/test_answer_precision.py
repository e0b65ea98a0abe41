"""The precision figure of `evaluate`: the share of an answer's quotes that hold an expected fact."""

from __future__ import annotations

from chat.answering import Answer
from chat.evaluation import report_answers


def _answer(*quotes: str) -> Answer:
    return Answer("…", "en", "answer", [{"doc_id": "plan", "quote": q} for q in quotes])


def test_precision_is_the_share_of_quotes_holding_an_expected_fact() -> None:
    question = {"id": "q1", "kind": "answerable", "lang": "en", "must_include_any": [["HK$699", "699"]]}
    padded = _answer(
        "10 years | 65 | 20 years | 699", "10 years | 60 | 20 years | 612", "Hotline: +852 2123 4567"
    )
    report = report_answers([question], [padded], [])
    assert report["overall"]["precision"] == round(1 / 3, 4)
    assert report_answers([question], [_answer("Start age 65: HK$699")], [])["overall"]["precision"] == 1.0


def test_a_decline_has_no_precision() -> None:
    question = {"id": "q1", "kind": "answerable", "lang": "en", "must_include_any": [["699"]]}
    declined = Answer("No.", "en", "no_answer", [{"doc_id": "plan", "quote": "699"}])
    assert report_answers([question], [declined], [])["overall"]["precision"] is None
