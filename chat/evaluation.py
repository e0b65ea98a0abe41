"""Scoring whole answers of the chat pipeline on an eval set (see ../shared/eval-dev/README.md).

`manage.py evaluate` calls `score_answers` inside the knowledge app's temporary
index, so every question goes through the real pipeline over the set's documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chat import messages
from chat.answering import Answer, answer_question
from knowledge.evaluation import breakdowns, facts_ok, is_cross_lingual, norm

DECLINE_KINDS = frozenset({"no_answer", "handoff"})
METRICS = [
    "fact_recall",
    "cited_expected",
    "false_decline",
    "decline",
    "refusal",
    # Of refused questions whose documents state facts on them: the refusal quotes one of those facts.
    "refusal_facts",
    "quote_intent",
    "field_accuracy",
    "fields_all_correct",
    # Sources quoted per answered question: more facts must not come from quoting everything.
    "citations",
    # Share of an answer's quotes that hold an expected fact: the rest is what the reader reads past.
    "precision",
]


def score_answers(questions: list[dict[str, Any]], manifest: list[dict[str, Any]]) -> dict[str, Any]:
    """Answer metrics overall and by kind, language and same- vs cross-lingual, plus the failures."""
    answers = [answer_question(str(q["question"])) for q in questions]
    return report_answers(questions, answers, manifest)


def report_answers(
    questions: list[dict[str, Any]],
    answers: list[Answer],
    manifest: list[dict[str, Any]],
    sets: Sequence[str] = (),
) -> dict[str, Any]:
    """The figures of `answers` to `questions` (in the same order).

    `sets` names each question's set when they come from several: ids repeat across sets (q01 is
    in eval-dev and the demo set), so a failure is known by its set and id together.
    """
    doc_languages = {str(d["doc_id"]): str(d.get("language") or "") for d in manifest}
    rows = [_score(q, a, doc_languages) for q, a in zip(questions, answers, strict=True)]
    for row, name in zip(rows, sets or [""] * len(rows), strict=True):
        row["set"] = name
    report = breakdowns(
        rows,
        METRICS,
        {
            "kind": lambda r: str(r["kind"]),
            "lang": lambda r: str(r["lang"]),
            "crosslingual": lambda r: str(r["crosslingual"]),
            "facts": lambda r: str(r["facts"]),
        },
    )
    report["failures"] = [
        {key: row[key] for key in ("set", "id", "kind", "answer_kind", "text", "cited", "fields_wrong")}
        for row in rows
        if row["ok"] is False
    ]
    return report


def _score(question: dict[str, Any], answer: Answer, doc_languages: dict[str, str]) -> dict[str, Any]:
    kind = question.get("kind")
    cited = sorted({str(c.get("doc_id")) for c in answer.citations})
    row: dict[str, Any] = {
        "id": question.get("id"),
        "kind": kind,
        "lang": question.get("lang", ""),
        "crosslingual": "cross-lingual" if is_cross_lingual(question, doc_languages) else "same-language",
        "answer_kind": answer.kind,
        "text": answer.text[:400],
        "cited": cited,
        "fields_wrong": None,
        "facts": "several" if len(question.get("must_include_any") or []) > 1 else "one",
    }
    if kind in {"answerable", "compare"}:
        row["fact_recall"] = facts_ok(answer.text, question.get("must_include_any") or [])
        row["cited_expected"] = bool(set(cited) & set(question.get("expect_docs") or []))
        row["false_decline"] = answer.kind in {"no_answer", "refusal"}
        row["citations"] = len(answer.citations) if answer.kind == "answer" else None
        row["precision"] = _precision(answer, question.get("must_include_any") or [])
        row["ok"] = row["fact_recall"]
    elif kind == "unanswerable":
        row["decline"] = answer.kind in DECLINE_KINDS and _offers_a_way(answer)
        row["ok"] = row["decline"]
    elif kind == "advice_refusal":
        # A refusal followed by the documents' facts is still a refusal: its kind says so.
        row["refusal"] = answer.kind == "refusal"
        facts = question.get("must_include_any") or []
        row["refusal_facts"] = row["refusal"] and facts_ok(answer.text, facts) if facts else None
        row["ok"] = row["refusal"]
    elif kind == "quote_intent":
        expected = question.get("extract") or {}
        wrong = [f for f, v in expected.items() if not _field_ok(v, (answer.enquiry or {}).get(f))]
        row["quote_intent"] = answer.kind in {"quote", "handoff"}
        row["field_accuracy"] = 1 - len(wrong) / len(expected) if expected else 1.0
        row["fields_all_correct"] = not wrong
        row["fields_wrong"] = {f: [expected[f], (answer.enquiry or {}).get(f)] for f in wrong}
        row["ok"] = row["quote_intent"] and not wrong
    else:
        row["ok"] = None
    return row


def _precision(answer: Answer, groups: list[list[str]]) -> float | None:
    """The share of an answer's quotes that hold one of the expected facts (any alternative of any
    group); None for a decline or a question without facts."""
    if answer.kind != "answer" or not answer.citations or not groups:
        return None
    facts = [norm(alt) for group in groups for alt in group]
    holding = [any(f in norm(str(c.get("quote", ""))) for f in facts) for c in answer.citations]
    return sum(holding) / len(holding)


def _offers_a_way(answer: Answer) -> bool:
    """A decline must say the documents don't answer and offer a person or the insurer (the
    no-answer reply, or the off-topic one, which says both in its own words)."""
    return messages.declines(answer.text, answer.language, norm)


def _field_ok(expected: Any, got: Any) -> bool:
    if got is None:
        return False
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected is got
    if isinstance(expected, int | float):
        return isinstance(got, int | float) and abs(got - expected) <= abs(expected) * 0.01
    if isinstance(expected, str):
        return isinstance(got, str) and expected.casefold() == got.casefold()
    if isinstance(expected, list):
        return isinstance(got, list) and {norm(str(x)) for x in expected} == {norm(str(x)) for x in got}
    if isinstance(expected, dict):
        return isinstance(got, dict) and all(_field_ok(v, got.get(k)) for k, v in expected.items())
    return bool(expected == got)
