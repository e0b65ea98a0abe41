"""Declines of unanswerable questions against false declines of answerable ones, held out.

For each of the five cross-validation folds, the answer model is fitted on the other four (as
`evaluate --cv` does) and every question of the fold gets its answerability (`training.confidence`)
and its answer with no threshold. A common threshold is then swept over the pooled held-out
confidences: a question below it is declined, one above gets its answer. This judges a change of
the answerability at matched false declines, where the per-fold threshold rule would move along
the curve instead.

`--ablation W…` also fits the document model with *ablation examples* (issue 9, measured
2026-12-01 and not kept): each answerable question of the training folds, with the units of its
expected document that hold an expected fact taken out and every feature computed anew, is a
document that does not answer ("topic present, figure absent"), weighed W beside 1 for a question
the sets wrote. The unit and ranking models do not depend on W: each fold fits them once.

Reads the retrieval cache of `manage.py evaluate --cv` (var/eval-cache) like
`benchmarks/answer_ranks.py`, so run `evaluate --cv` once first.

    PORTAL_DATA_DIR=$PWD/var .venv/bin/python benchmarks/decline_curve.py --ablation 0 0.5 1
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from benchmarks.answer_ranks import load_cached  # noqa: E402
from chat import scoring, selection, training  # noqa: E402
from chat.answering import _names, no_answer  # noqa: E402
from chat.evaluation import _score  # noqa: E402
from knowledge.evaluation import FACT_KINDS  # noqa: E402

RATES = (0.01, 0.02, 0.03, 0.05, 0.08, 0.10)


@dataclass
class Ablation:
    """An answerable question's candidates with the units holding its facts taken out."""

    rows: np.ndarray
    doc_ids: list[str]
    # The expected documents that held a fact: with it gone, they do not answer.
    documents: frozenset[str]


def ablated(case: training.Case) -> Ablation | None:
    """The question's candidates without the units that hold an expected fact, features computed
    anew (those relative to the candidates — gaps to the best, BM25 scaled by the best, term
    weights — move), and each document's text without them; None for "what changed?" or when
    nothing of the expected document is left."""
    y = training.labels(case)
    found = case.found
    if y is None or found is None or found.changed or case.question.get("kind") not in FACT_KINDS:
        return None
    positive = [bool(p) for p in y]
    documents = frozenset(u.chunk.doc_id for u, p in zip(found.units, positive, strict=True) if p)
    documents -= found.unknown
    kept = [u for u, p in zip(found.units, positive, strict=True) if not p]
    if not any(u.chunk.doc_id in documents for u in kept):
        return None
    number = {u.order: n for n, u in enumerate(kept)}
    units = [
        replace(u, order=n, lead=None if u.lead is None else number.get(u.lead)) for n, u in enumerate(kept)
    ]
    removed = [u.text for u, p in zip(found.units, positive, strict=True) if p]
    draft = case.draft
    asked = [replace(c, text=_without(c.text, removed)) for c in draft.chunks if c.doc_id in draft.doc_ids]
    names = _names(draft.chunks)
    whole = scoring.answer_type(draft.query, draft.understanding)
    question = scoring.Question(
        draft.query,
        tuple(names),
        draft.language,
        whole,
        tuple(draft.doc_ids),
        tuple(selection.clauses(draft.query, names, joined=False)),
    )
    rows = scoring.features(question, units, asked)
    return Ablation(rows, [u.chunk.doc_id for u in units], documents)


def _without(text: str, removed: list[str]) -> str:
    for quote in removed:
        text = text.replace(quote, " ")
    return text


def document_model(
    cases: list[training.Case], units: scoring.Regression, ablations: dict[int, Ablation], weight: float
) -> scoring.Regression:
    """`training.document_rows`, with each case's ablation example weighed `weight`; both classes
    then weigh the same in total (as `balanced` does)."""
    from sklearn.linear_model import LogisticRegression

    rows, targets = training.document_rows(cases, units)
    weights: list[float] = [1.0] * len(targets)
    extra, extra_targets = [], []
    for case in cases:
        ablation = ablations.get(id(case))
        if ablation is None or weight <= 0:
            continue
        probabilities = units.probabilities(ablation.rows)
        doc_of = np.asarray(ablation.doc_ids)
        for doc_id in ablation.documents:
            mine = doc_of == doc_id
            extra.append(scoring.document_features(ablation.rows[mine], probabilities[mine]))
            extra_targets.append(0)
            weights.append(weight)
    if extra:
        rows = np.concatenate([rows, np.asarray(extra)])
        targets = np.concatenate([targets, np.asarray(extra_targets)])
    w = np.asarray(weights)
    for label in (0, 1):
        w[targets == label] *= w.sum() / 2 / w[targets == label].sum()
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale[scale == 0] = 1.0
    fitted = LogisticRegression(C=1.0, max_iter=2000).fit((rows - mean) / scale, targets, sample_weight=w)
    return scoring.Regression(mean, scale, fitted.coef_[0], float(fitted.intercept_[0]))


def held_out(
    folds: dict[str, list[training.Case]], weights: list[float]
) -> dict[float, list[dict[str, Any]]]:
    """Per ablation weight, per question: its held-out confidence and how its answer scores
    declined and not (with no threshold every document asked about is quoted, so the answer
    needs no document model)."""
    ablations = {}
    if any(w > 0 for w in weights):
        ablations = {id(c): a for cases in folds.values() for c in cases if (a := ablated(c)) is not None}
    result: dict[float, list[dict[str, Any]]] = {w: [] for w in weights}
    for name, cases in folds.items():
        others = [c for other, more in folds.items() if other != name for c in more]
        base = training.fit_models(others).with_threshold(0.0)
        models = {
            w: replace(base, documents=document_model(others, base.units, ablations, w)) for w in weights
        }
        for case in cases:
            kind = case.question.get("kind")
            if kind not in {"answerable", "compare", "unanswerable"}:
                continue
            answered = _score(case.question, training.answer(case, base), {})
            modelled = case.fixed is None and case.found is not None
            declined = _score(case.question, no_answer(case.draft.language, case.draft.chunks), {})
            for w in weights:
                result[w].append(
                    {
                        "set": name,
                        "id": case.question.get("id"),
                        "kind": kind,
                        "confidence": training.confidence(case, models[w]) if modelled else 1.0,
                        "answered": answered,
                        "declined": declined if modelled else answered,
                    }
                )
    return result


def at(rows: list[dict[str, Any]], threshold: float) -> dict[str, float]:
    scored = [r["declined"] if r["confidence"] < threshold else r["answered"] for r in rows]
    answerable = [s for r, s in zip(rows, scored, strict=True) if r["kind"] != "unanswerable"]
    unanswerable = [s for r, s in zip(rows, scored, strict=True) if r["kind"] == "unanswerable"]
    return {
        "threshold": round(threshold, 4),
        "fact_recall": round(sum(s["fact_recall"] for s in answerable) / len(answerable), 3),
        "false_decline": round(sum(s["false_decline"] for s in answerable) / len(answerable), 3),
        "decline": round(sum(s["decline"] for s in unanswerable) / len(unanswerable), 3),
    }


def curve(rows: list[dict[str, Any]]) -> list[dict[str, float]]:
    """At each false-decline rate, the threshold within it that declines most."""
    points = [at(rows, t) for t in sorted({r["confidence"] for r in rows} | {0.0})]
    result = []
    for rate in RATES:
        within = [p for p in points if p["false_decline"] <= rate]
        if within:
            result.append({"rate": rate, **max(within, key=lambda p: (p["decline"], p["threshold"]))})
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ablation", type=float, nargs="+", default=[0.0])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    folds = load_cached(Path(settings.DATA_DIR) / "eval-cache")
    rows = held_out(folds, args.ablation)
    report = {str(w): curve(rows[w]) for w in args.ablation}
    for weight, points in report.items():
        print(f"ablation weight {weight}")
        for point in points:
            print("  " + "  ".join(f"{k} {v}" for k, v in point.items()))
    if args.json:
        args.json.write_text(
            json.dumps({"curves": report, "rows": rows}, indent=1, default=str), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
