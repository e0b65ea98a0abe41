"""A learned question–unit relevance (issue 9), measured held out.

Each candidate unit of each question of the five sets is a pair (question, unit), labelled as the
unit model labels it (`training.labels`: a unit of an expected document holding an expected fact
is relevant; every other candidate, and every candidate of an unanswerable question, is not). A
pair is represented by the elementwise product of the two multilingual USE vectors in a basis
fitted to the vectors (PCA, unsupervised), so a logistic regression over it is a bilinear
similarity q·M·u with M = P·diag(w)·Pᵀ — the plain cosine is the case w = 1 — cheap to apply at
answer time (one 512×512 product per question).

Stage 1 (`--auc`): out-of-set AUC of the learned relevance against the plain cosine, over units
and over each document's best unit (expected documents of answerable questions against
unanswerable questions' documents).

Stage 2 (`--curve`): the relevance as one more unit feature and its best value per document as
one more document feature, stacked so no fold sees a relevance fitted on it (each training set's
values from a pair model fitted on the other training sets, the held-out set's from one fitted
on all of them), then the decline curve of `benchmarks/decline_curve.py`.

`--hard K` fits the pair model on each question's positives and only the K units of each document
the plain cosine ranks highest (the near misses); `--document-only` leaves the unit and ranking
models on the shipped features, so only the document model reads the relevance.

    PORTAL_DATA_DIR=$PWD/var .venv/bin/python benchmarks/pair_relevance.py --auc --curve

Measured 12-02 on the cache of main `bb66f78` (not kept; docs/answering-log.md, "Declines"):
out-of-set AUC, units (relevant against not) / each document's best unit (answerable questions'
expected documents against unanswerables'): plain cosine 0.712 / 0.543; learned, rank 64, C 0.01
0.736 / 0.658; rank 512 (every direction) overfits, 0.677 / 0.572. Declines at false declines
≤ 2 / 3 / 5 / 8 / 10%: shipped features 0.475 / 0.496 / 0.532 / 0.583 / 0.626; with the relevance
(rank 32, C 0.01) 0.446 / 0.482 / 0.583 / 0.640 / 0.655; rank 64 0.439 / 0.489 / 0.561 / 0.662 /
0.669 — better where the 3% rule never sets the threshold, worse where it does. Near misses only
(`--hard 5`, rank 32): 0.410 / 0.460 / 0.525 / 0.554 / 0.604. Document model only
(`--document-only`, rank 32, C 0.01; the answers unchanged): 0.475 / 0.518 / 0.583 / 0.662 / 0.669,
fact recall at 3% 0.896 → 0.891 (thresholds 0.109 → 0.138) — the one variant that loses nothing
at 2% and gains at 3%; not built into the shipped model for lack of time (next step: the pair model
in answer_model.json, fitted by `fit_answering` with stacked training values, then `evaluate --cv`).
With the team set's third batch (team-q287…q328; 158 unanswerables pooled), at ≤ 1 / 2 / 3 / 5 / 8 /
10%: shipped 0.377 / 0.432 / 0.469 / 0.506 / 0.556 / 0.611; document-only 0.370 / 0.432 / 0.488 /
0.531 / 0.623 / 0.642 (fact recall at 3% 0.896 → 0.894): the same small gain at 3%.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass
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


@dataclass
class Pairs:
    """One case's candidate units as pairs: per question text, its vector; the units' vectors."""

    questions: np.ndarray  # (texts, dim)
    units: np.ndarray  # (units, dim)
    labels: np.ndarray | None
    doc_of: np.ndarray


def pairs_of(case: training.Case) -> Pairs | None:
    found = case.found
    if found is None or not found.units:
        return None
    names = _names(case.draft.chunks)
    texts = [extractive.without_names(t, names) for t in found.texts]
    extractive.embed_all(texts + [u.text for u in found.units])
    with extractive._vectors_lock:
        questions = np.stack([extractive._vectors[t] for t in texts])
        units = np.stack([extractive._vectors[u.text] for u in found.units])
    doc_of = np.asarray([u.chunk.doc_id for u in found.units])
    return Pairs(questions, units, training.labels(case), doc_of)


def basis(vectors: np.ndarray, rank: int) -> np.ndarray:
    """The top `rank` principal directions of the vectors (columns), not centred: a rotation."""
    _, _, vt = np.linalg.svd(vectors, full_matrices=False)
    return vt[:rank].T


@dataclass
class PairModel:
    """score = cosine·a + Σ_k w_k (P_kᵀq · P_kᵀu − m_k) / s_k + b: a bilinear similarity whose
    standardised deviation from the plain cosine is what the regularisation shrinks."""

    projection: np.ndarray  # (dim, rank)
    mean: np.ndarray  # (rank,)
    scale: np.ndarray  # (rank,)
    coef: np.ndarray  # (rank,)
    cosine: float
    intercept: float

    def scores(self, question: np.ndarray, units: np.ndarray) -> np.ndarray:
        q = question @ self.projection
        u = units @ self.projection
        weights = self.coef / self.scale
        return (
            u @ (weights * q) - float(self.mean @ weights) + self.cosine * (units @ question) + self.intercept
        )


# With HARD > 0, a question's negatives are only the HARD units of each of its documents that the
# plain cosine ranks highest: the near misses the document model must tell from an answer.
HARD = 0


def hard_mask(pair: Pairs, doc_of: np.ndarray) -> np.ndarray:
    if HARD <= 0 or pair.labels is None:
        return np.ones(len(pair.units), dtype=bool)
    cos = pair.units @ pair.questions[0]
    keep = pair.labels > 0
    for doc_id in np.unique(doc_of):
        mine = np.flatnonzero(doc_of == doc_id)
        keep[mine[np.argsort(-cos[mine])[:HARD]]] = True
    return keep


def fit_pairs(data: list[Pairs], rank: int, c: float, every: np.ndarray) -> PairModel:
    from sklearn.linear_model import LogisticRegression

    projection = basis(every, rank)
    rows, targets, weights, cosines = [], [], [], []
    for pair in data:
        if pair.labels is None:
            continue
        keep = hard_mask(pair, pair.doc_of)
        q = pair.questions[0] @ projection
        u = pair.units[keep] @ projection
        rows.append(u * q)
        cosines.append(pair.units[keep] @ pair.questions[0])
        targets.append(pair.labels[keep])
        # Each question weighs the same, its positives as much as its negatives.
        y = pair.labels[keep].astype(float)
        w = np.where(y > 0, 0.5 / max(y.sum(), 1), 0.5 / max((1 - y).sum(), 1))
        if y.sum() == 0:
            w = np.full(len(y), 1.0 / len(y))
        weights.append(w)
    x = np.concatenate(rows)
    y = np.concatenate(targets)
    w = np.concatenate(weights)
    w *= len(w) / w.sum()
    cos = np.concatenate(cosines)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    # The cosine in units of its own spread, so one weight on it costs little against the rest.
    spread = float(cos.std()) or 1.0
    standard = np.concatenate([cos[:, None] / spread, (x - mean) / scale], axis=1)
    fitted = LogisticRegression(C=c, max_iter=3000).fit(standard, y, sample_weight=w)
    coef = fitted.coef_[0]
    return PairModel(projection, mean, scale, coef[1:], float(coef[0]) / spread, float(fitted.intercept_[0]))


def auc(positive: list[float], negative: list[float]) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score([1] * len(positive) + [0] * len(negative), list(positive) + list(negative)))


def stage_auc(folds: dict[str, list[training.Case]], pairs: dict[int, Pairs], rank: int, c: float) -> None:
    unit_pos, unit_neg, cos_pos, cos_neg = [], [], [], []
    doc_pos, doc_neg, dcos_pos, dcos_neg = [], [], [], []
    for name, cases in folds.items():
        others = [pairs[id(x)] for o, more in folds.items() if o != name for x in more if id(x) in pairs]
        every = np.concatenate([np.concatenate([p.questions[:1], p.units]) for p in others])
        model = fit_pairs(others, rank, c, every)
        for case in cases:
            p = pairs.get(id(case))
            if p is None:
                continue
            s = model.scores(p.questions[0], p.units)
            cos = p.units @ p.questions[0]
            kind = case.question.get("kind")
            if p.labels is not None:
                for value, cosine, label in zip(s, cos, p.labels, strict=True):
                    (unit_pos if label else unit_neg).append(value)
                    (cos_pos if label else cos_neg).append(cosine)
            expected = set(case.question.get("expect_docs") or [])
            doc_of = np.asarray([u.chunk.doc_id for u in case.found.units])
            for doc_id in dict.fromkeys(doc_of):
                if doc_id in case.found.unknown:
                    continue
                mine = doc_of == doc_id
                if kind == "unanswerable":
                    doc_neg.append(s[mine].max())
                    dcos_neg.append(cos[mine].max())
                elif kind in {"answerable", "compare"} and doc_id in expected and p.labels is not None:
                    doc_pos.append(s[mine].max())
                    dcos_pos.append(cos[mine].max())
    print(
        f"hard {HARD} rank {rank} C {c}: unit AUC learned {auc(unit_pos, unit_neg):.3f} (cosine {auc(cos_pos, cos_neg):.3f});"
        f" document best AUC learned {auc(doc_pos, doc_neg):.3f} (cosine {auc(dcos_pos, dcos_neg):.3f})"
    )


# --- stage 2: the relevance as a feature --------------------------------------------------------

_BASE_FEATURES = scoring.FEATURES
_BASE_DOCUMENT = scoring.document_features


def install(extra_document: bool) -> None:
    """One more unit column (last) and, with `extra_document`, its best per document."""
    scoring.FEATURES = (*_BASE_FEATURES, "relevance")

    def document_features(rows: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
        base = _BASE_DOCUMENT(rows[:, : len(_BASE_FEATURES)], probabilities)
        if not extra_document:
            return base
        best = int(np.argmax(probabilities))
        return np.concatenate([base, [rows[:, -1].max(), rows[best, -1]]])

    scoring.document_features = document_features


_BASE_FIT = scoring.fit_regression
_BASE_RANKING = scoring.fit_ranking


def units_without_relevance() -> None:
    """The unit and ranking models fitted without the relevance column (its weight 0), so only the
    document model reads it: the answers stay those of the shipped features."""
    width = len(_BASE_FEATURES)

    def pad(model: scoring.Regression) -> scoring.Regression:
        return scoring.Regression(
            np.append(model.mean, 0.0),
            np.append(model.scale, 1.0),
            np.append(model.coef, 0.0),
            model.intercept,
        )

    def fit_regression(rows: np.ndarray, labels: np.ndarray, *, balanced: bool = False) -> scoring.Regression:
        if rows.shape[1] == width + 1:
            return pad(_BASE_FIT(rows[:, :width], labels, balanced=balanced))
        return _BASE_FIT(rows, labels, balanced=balanced)

    def fit_ranking(rows: np.ndarray, labels: np.ndarray, groups: np.ndarray) -> scoring.Regression:
        return pad(_BASE_RANKING(rows[:, :width], labels, groups))

    scoring.fit_regression = fit_regression
    scoring.fit_ranking = fit_ranking


def set_column(cases: list[training.Case], pairs: dict[int, Pairs], model: PairModel | None) -> None:
    """Each case's rows (whole question and parts) with the relevance column set by `model`."""
    for case in cases:
        p = pairs.get(id(case))
        if p is None or case.found is None:
            continue
        base = len(_BASE_FEATURES)
        rows = []
        for number, r in enumerate(case.found.rows):
            values = np.zeros(len(r)) if model is None else model.scores(p.questions[number], p.units)
            rows.append(np.concatenate([r[:, :base], values[:, None].astype(r.dtype)], axis=1))
        case.found.rows = rows


def stage_curve(
    folds: dict[str, list[training.Case]], pairs: dict[int, Pairs], rank: int, c: float, null: bool
) -> list[dict[str, Any]]:
    result = []
    for name, cases in folds.items():
        training_sets = {o: more for o, more in folds.items() if o != name}

        def model_on(
            sets: list[str], training_sets: dict[str, list[training.Case]] = training_sets
        ) -> PairModel | None:
            if null:
                return None
            data = [pairs[id(x)] for s in sets for x in training_sets[s] if id(x) in pairs]
            every = np.concatenate([np.concatenate([p.questions[:1], p.units]) for p in data])
            return fit_pairs(data, rank, c, every)

        for s in training_sets:
            set_column(training_sets[s], pairs, model_on([o for o in training_sets if o != s]))
        set_column(cases, pairs, model_on(list(training_sets)))
        others = [x for more in training_sets.values() for x in more]
        model = training.fit_models(others).with_threshold(0.0)
        for case in cases:
            kind = case.question.get("kind")
            if kind not in {"answerable", "compare", "unanswerable"}:
                continue
            answered = _score(case.question, training.answer(case, model), {})
            modelled = case.fixed is None and case.found is not None
            declined = _score(case.question, no_answer(case.draft.language, case.draft.chunks), {})
            result.append(
                {
                    "set": name,
                    "id": case.question.get("id"),
                    "kind": kind,
                    "confidence": training.confidence(case, model) if modelled else 1.0,
                    "answered": answered,
                    "declined": declined if modelled else answered,
                }
            )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--auc", action="store_true")
    parser.add_argument("--curve", action="store_true")
    parser.add_argument("--rank", type=int, nargs="+", default=[512])
    parser.add_argument("--C", type=float, nargs="+", default=[0.1])
    parser.add_argument("--no-document", action="store_true")
    parser.add_argument("--hard", type=int, default=0)
    parser.add_argument("--document-only", action="store_true")
    parser.add_argument("--no-zero", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    global HARD
    HARD = args.hard
    folds = load_cached(Path(settings.DATA_DIR) / "eval-cache")
    pairs = {id(c): p for cases in folds.values() for c in cases if (p := pairs_of(c)) is not None}
    if args.auc:
        for rank in args.rank:
            for c in args.C:
                stage_auc(folds, pairs, rank, c)
    if args.curve:
        install(not args.no_document)
        if args.document_only:
            units_without_relevance()
        report = {}
        if not args.no_zero:
            report["zero column"] = curve(stage_curve(folds, pairs, 0, 0.0, null=True))
        for rank in args.rank:
            for c in args.C:
                rows = stage_curve(folds, pairs, rank, c, null=False)
                report[f"rank {rank} C {c}"] = curve(rows)
        for label, points in report.items():
            print(label)
            for point in points:
                print("  " + "  ".join(f"{k} {v}" for k, v in point.items()))
        if args.json:
            args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
