"""Held-out decline curves of answerability variants measured for issue 9 and not kept.

Like `benchmarks/decline_curve.py` (same folds, cache and common-threshold sweep), for ways of
deciding whether a document answers that the shipped model does not use:

- `unstated:C` — a question-level prior: a logistic regression (L2, C) over the question's
  multilingual vector (without the documents' names), unanswerable against answerable questions
  the document model sees, as an extra document feature. Each training question's value comes
  from a prior fitted without its set, the held-out set's from one fitted on every training set.
- `parts:min`, `parts:geo` — a question of several parts (`selection.clauses`) is only as
  answerable as its least answerable part (min, or the geometric mean with the whole question).
- `cross:I1`, `cross:I2` — the document features times "the best unit is in the other script"
  (I1: best log-odds, coverage, cosine and the document's best coverage; I2: all), so a
  cross-lingual answer gets its own bar.

    PORTAL_DATA_DIR=$PWD/var .venv/bin/python benchmarks/decline_variants.py base unstated:1 parts:min
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import sys
from collections.abc import Callable
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
from benchmarks.decline_curve import curve  # noqa: E402
from chat import extractive, scoring, training  # noqa: E402
from chat.answering import _names, no_answer  # noqa: E402
from chat.evaluation import _score  # noqa: E402
from knowledge.evaluation import FACT_KINDS  # noqa: E402

Extra = Callable[[training.Case, np.ndarray], list[float]]


def vector(case: training.Case) -> np.ndarray | None:
    """The question's vector without the documents' names (as the unit cosines use it)."""
    if case.found is None:
        return None
    text = extractive.without_names(case.found.texts[0], _names(case.draft.chunks))
    return extractive.vectors_of([text]).get(text)


def prior_rows(cases: list[training.Case]) -> tuple[list[training.Case], np.ndarray, np.ndarray]:
    kept, vectors, targets = [], [], []
    for case in cases:
        kind = case.question.get("kind")
        v = vector(case)
        if v is None or case.found is None or not case.found.units:
            continue
        if kind == "unanswerable" or (kind in FACT_KINDS and training.labels(case) is not None):
            kept.append(case)
            vectors.append(v)
            targets.append(int(kind == "unanswerable"))
    return kept, np.asarray(vectors), np.asarray(targets)


def fit_prior(cases: list[training.Case], c: float) -> Callable[[training.Case], float]:
    from sklearn.linear_model import LogisticRegression

    _, vectors, targets = prior_rows(cases)
    mean = vectors.mean(axis=0)
    fitted = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(vectors - mean, targets)

    def log_odds(case: training.Case) -> float:
        v = vector(case)
        return 0.0 if v is None else float(fitted.decision_function((v - mean)[None, :])[0])

    return log_odds


def out_of_fold(folds: dict[str, list[training.Case]], c: float) -> dict[int, float]:
    """Each case's prior from a prior fitted without its set."""
    values: dict[int, float] = {}
    for name, cases in folds.items():
        prior = fit_prior([x for other, more in folds.items() if other != name for x in more], c)
        values.update({id(case): prior(case) for case in cases})
    return values


def interactions(which: str) -> Extra:
    def extra(case: training.Case, base: np.ndarray) -> list[float]:
        cross = base[list(scoring.DOCUMENT_FEATURES).index("cross_script")]
        chosen = [0, 1, 2, 6] if which == "I1" else list(range(len(base) - 1))
        return [float(base[i] * cross) for i in chosen]

    return extra


def document_model(
    cases: list[training.Case], units: scoring.Regression, extra: Extra | None
) -> scoring.Regression:
    rows, targets = training.document_rows(cases, units, functools.partial(_summary, extra=extra))
    return scoring.fit_regression(rows, targets, balanced=True)


def _summary(
    case: training.Case, doc_id: str, rows: np.ndarray, probabilities: np.ndarray, extra: Extra | None
) -> np.ndarray:
    base = scoring.document_features(rows, probabilities)
    return np.concatenate([base, extra(case, base)]) if extra else base


def confidence(
    case: training.Case,
    units: scoring.Regression,
    documents: scoring.Regression,
    extra: Extra | None,
    parts: str = "",
) -> float:
    found = case.found
    if found is None or not found.units:
        return 0.0
    doc_of = np.asarray([u.chunk.doc_id for u in found.units])

    def chances(number: int) -> dict[str, float]:
        probabilities = units.probabilities(found.rows[number])
        return {
            d: float(
                documents.probabilities(
                    _summary(case, d, found.rows[number][doc_of == d], probabilities[doc_of == d], extra)[
                        None, :
                    ]
                )[0]
            )
            for d in dict.fromkeys(doc_of)
            if d not in found.unknown
        }

    whole = chances(0)
    if not whole:
        return 0.0
    if not parts or len(found.texts) == 1:
        return max(whole.values())
    each = [chances(n) for n in range(1, len(found.texts))]
    least = {d: min(p.get(d, 0.0) for p in each) for d in whole}
    if parts == "min":
        return max(min(p, least[d]) for d, p in whole.items())
    return max(math.sqrt(p * least[d]) for d, p in whole.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("variants", nargs="+")
    args = parser.parse_args()
    folds = load_cached(Path(settings.DATA_DIR) / "eval-cache")
    rows: dict[str, list[dict[str, Any]]] = {v: [] for v in args.variants}
    for name, cases in folds.items():
        training_folds = {o: more for o, more in folds.items() if o != name}
        others = [c for more in training_folds.values() for c in more]
        base = training.fit_models(others).with_threshold(0.0)
        scorers: dict[str, Callable[[training.Case], float]] = {}
        for variant in args.variants:
            kind, _, option = variant.partition(":")
            extra: Extra | None = None
            if kind == "unstated":
                inner = out_of_fold(training_folds, float(option))
                outer = fit_prior(others, float(option))

                def extra(
                    case: training.Case, _: np.ndarray, inner: Any = inner, outer: Any = outer
                ) -> list[float]:
                    return [inner[id(case)] if id(case) in inner else outer(case)]

            elif kind == "cross":
                extra = interactions(option)
            documents = base.documents if extra is None else document_model(others, base.units, extra)
            scorers[variant] = functools.partial(
                confidence,
                units=base.units,
                documents=documents,
                extra=extra,
                parts=option if kind == "parts" else "",
            )
        for case in cases:
            question_kind = case.question.get("kind")
            if question_kind not in {"answerable", "compare", "unanswerable"}:
                continue
            answered = _score(case.question, training.answer(case, base), {})
            modelled = case.fixed is None and case.found is not None
            declined = _score(case.question, no_answer(case.draft.language, case.draft.chunks), {})
            for variant, scorer in scorers.items():
                rows[variant].append(
                    {
                        "kind": question_kind,
                        "confidence": scorer(case) if modelled else 1.0,
                        "answered": answered,
                        "declined": declined if modelled else answered,
                    }
                )
    for variant in args.variants:
        print(variant)
        for point in curve(rows[variant]):
            print("  " + "  ".join(f"{k} {v}" for k, v in point.items()))


if __name__ == "__main__":
    main()
