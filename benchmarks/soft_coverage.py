"""Held-out decline curves with soft term coverage as document features (issue 9).

For each subject term of the question (names removed), its best USE cosine with any word of the
candidate document (the functions below: the document's words embedded once per version); per document, the IDF-weighted mean (`mean`), the
least (`min`) and the least of the two heaviest terms (`top2`) of these matches are added to the
document model's features. As `benchmarks/decline_curve.py`: same folds and cache, each fold's
models fitted on the other four, a common threshold swept over the pooled held-out confidences
(declines of unanswerables at false declines of answerable questions ≤ 1/2/3/5/8/10%); `--rule`
also prints pooled held-out figures with each fold's threshold chosen by the shipped 3% rule on its
training folds. The documents' word vectors are kept in var/soft-vocab.pickle.

    PORTAL_DATA_DIR=$PWD/var .venv/bin/python benchmarks/soft_coverage.py base all share:0.7
    PYTHONPATH=<wordfreq installed apart> … benchmarks/soft_coverage.py base zipf-all zipf-top2
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import pickle
import sys
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
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
from chat.units import Unit, version_of  # noqa: E402
from knowledge.embeddings import get_embeddings  # noqa: E402

# The features `summary` gives (as unit and document features of chat.scoring when measured).
SUMMARY = ("soft_mean", "soft_least", "soft_top2")
# Documents (versions) whose word vectors are kept.
DOCUMENTS_KEPT = 256
_documents: OrderedDict[tuple[str, ...], tuple[list[str], np.ndarray]] = OrderedDict()
_lock = threading.Lock()


def _word(term: str) -> bool:
    return len(term) > 1 and not any(c.isdigit() for c in term) and any(c.isalnum() for c in term)


def vocabulary(units: Sequence[Unit]) -> list[str]:
    """A document's distinct content words (and its headings'), generic words left out."""
    words: dict[str, None] = {}
    for unit in units:
        for text in (unit.text, unit.heading):
            for term in extractive.terms_of(text):
                if _word(term) and term not in extractive.GENERIC:
                    words[term] = None
    return list(words)


def _embed(texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    vectors = np.asarray(get_embeddings().embed_documents(texts), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def document_vectors(key: tuple[str, ...], units: Sequence[Unit]) -> tuple[list[str], np.ndarray]:
    """The document's words and their unit vectors, embedded once per `key` (document and version)."""
    with _lock:
        found = _documents.get(key)
        if found is not None:
            _documents.move_to_end(key)
            return found
    words = vocabulary(units)
    found = (words, _embed(words))
    with _lock:
        _documents[key] = found
        while len(_documents) > DOCUMENTS_KEPT:
            _documents.popitem(last=False)
    return found


def remember(key: tuple[str, ...], words: list[str], vectors: np.ndarray) -> None:
    with _lock:
        _documents[key] = (words, vectors)


def kept() -> dict[tuple[str, ...], tuple[list[str], np.ndarray]]:
    with _lock:
        return dict(_documents)


@functools.lru_cache(maxsize=4096)
def _term_vectors(terms: tuple[str, ...]) -> np.ndarray:
    return _embed(list(terms))


def question_terms(question: str, names: Sequence[str]) -> list[str]:
    """The question's own subject words (no renderings: the vectors are multilingual)."""
    return [t for t in extractive.salient_terms(question, names) if _word(t)]


def matches(terms: Sequence[str], vectors: np.ndarray) -> np.ndarray:
    """Per question term, its best cosine with any of the document's words."""
    if not terms:
        return np.zeros(0)
    if not len(vectors):
        return np.zeros(len(terms))
    return np.clip((_term_vectors(tuple(terms)) @ vectors.T).max(axis=1), 0.0, 1.0)


def weights(terms: Sequence[str], texts: Sequence[extractive._UnitText]) -> np.ndarray:
    """Each term's rarity over the candidate units (any script): a term nowhere weighs most."""
    total = len(texts) + 1
    return np.asarray(
        [math.log(1 + total / (1 + sum(1 for t in texts if t.weight_of(term) >= 1.0))) for term in terms]
    )


def summary(best: np.ndarray, weight: np.ndarray) -> tuple[float, float, float]:
    """IDF-weighted mean, least, and IDF-weighted least of the top-two-weighted terms' matches."""
    if not len(best):
        return 1.0, 1.0, 1.0
    mean = float((best * weight).sum() / (weight.sum() or 1.0))
    heaviest = np.argsort(-weight)[:2]
    return mean, float(best.min()), float(best[heaviest].min())


COLUMNS = {"mean": [0], "min": [1], "top2": [2], "all": [0, 1, 2], "mean+top2": [0, 2]}
Soft = dict[tuple[int, str], tuple[np.ndarray, np.ndarray, list[str]]]


def general_rarity(terms: Sequence[str]) -> np.ndarray:
    """Each term's rarity in general text (7 less its Zipf frequency, from the `wordfreq` package,
    installed apart for this measurement): fillers the generic list lacks ("did", 是不是) weigh little."""
    from wordfreq import zipf_frequency

    return np.asarray(
        [max(7.0 - zipf_frequency(t, "zh" if extractive.is_chinese(t) else "en"), 0.1) for t in terms]
    )


def soft_values(best: np.ndarray, weight: np.ndarray, terms: list[str], variant: str) -> list[float]:
    """The variant's features from one document's per-term matches (`share:T`: the IDF-weighted share
    of terms matched at cosine T or more; `mean`, `min`, `top2`: `summary`; `zipf-…`: the same with
    each term weighed by `general_rarity` instead of its rarity over the candidate units)."""
    if variant.startswith("zipf-"):
        variant = variant.removeprefix("zipf-")
        weight = general_rarity(terms)
    values: list[float] = []
    summed = summary(best, weight)
    for part in variant.split("+"):
        kind, _, option = part.partition(":")
        if kind == "share":
            total = float(weight.sum())
            values.append(float(weight[best >= float(option)].sum() / total) if total else 1.0)
        elif kind == "count":
            values.append(float((best < float(option)).sum()))
        else:
            values += [summed[i] for i in COLUMNS[kind]]
    return values


def soft_features(folds: dict[str, list[training.Case]], store: Path) -> Soft:
    if store.is_file():
        with store.open("rb") as stream:
            for key, (words, vectors) in pickle.load(stream).items():
                remember(key, words, vectors)
    values: Soft = {}
    started = time.perf_counter()
    timings = []
    for cases in folds.values():
        for case in cases:
            found = case.found
            if found is None or not found.units:
                continue
            names = _names(case.draft.chunks)
            terms = question_terms(found.texts[0], names)
            texts = scoring.unit_texts(found.units)
            for doc_id in dict.fromkeys(u.chunk.doc_id for u in found.units):
                mine = [u for u in found.units if u.chunk.doc_id == doc_id]
                key = (doc_id, version_of(mine[0].chunk), str(len(mine)))
                words, vectors = document_vectors(key, mine)
                t0 = time.perf_counter()
                best = matches(terms, vectors)
                weight = weights(terms, texts)
                values[(id(case), doc_id)] = (best, weight, terms)
                timings.append(time.perf_counter() - t0)
    with store.open("wb") as stream:
        pickle.dump(kept(), stream)
    print(
        f"soft features in {time.perf_counter() - started:.1f} s; per document asked "
        f"p50 {1000 * np.median(timings):.2f} ms p95 {1000 * np.percentile(timings, 95):.2f} ms",
        flush=True,
    )
    return values


def _summary(case: training.Case, doc_id: str, rows: np.ndarray, p: np.ndarray, extra: str) -> np.ndarray:
    base = scoring.document_features(rows, p)
    if extra == "base":
        return base
    return np.concatenate([base, soft_values(*SOFT[(id(case), doc_id)], extra)])


SOFT: Soft = {}


def document_model(cases: list[training.Case], units: scoring.Regression, extra: str) -> scoring.Regression:
    rows, targets = training.document_rows(cases, units, functools.partial(_summary, extra=extra))
    return scoring.fit_regression(rows, targets, balanced=True)


def confidence(
    case: training.Case, units: scoring.Regression, documents: scoring.Regression, extra: str
) -> float:
    found = case.found
    if found is None or not found.units:
        return 0.0
    doc_of = np.asarray([u.chunk.doc_id for u in found.units])
    probabilities = units.probabilities(found.rows[0])
    chances = [
        float(
            documents.probabilities(
                _summary(case, d, found.rows[0][doc_of == d], probabilities[doc_of == d], extra)[None, :]
            )[0]
        )
        for d in dict.fromkeys(doc_of)
        if d not in found.unknown
    ]
    return max(chances, default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("variants", nargs="+")
    parser.add_argument("--rule", action="store_true", help="also the 3%% rule's held-out figures")
    args = parser.parse_args()
    folds = load_cached(Path(settings.DATA_DIR) / "eval-cache")
    SOFT.update(soft_features(folds, Path(settings.DATA_DIR) / "soft-vocab.pickle"))
    rows: dict[str, list[dict[str, Any]]] = {v: [] for v in args.variants}
    for name, cases in folds.items():
        training_folds = {o: more for o, more in folds.items() if o != name}
        others = [c for more in training_folds.values() for c in more]
        base = training.fit_models(others).with_threshold(0.0)
        scorers: dict[str, Callable[[training.Case], float]] = {}
        thresholds: dict[str, float] = {}
        for variant in args.variants:
            extra = variant
            documents = base.documents if extra == "base" else document_model(others, base.units, extra)
            scorers[variant] = functools.partial(
                confidence, units=base.units, documents=documents, extra=extra
            )
            if args.rule:
                held: list[float] = []
                for inner_name, inner_cases in training_folds.items():
                    rest = [c for o, more in training_folds.items() if o != inner_name for c in more]
                    inner = training.fit_models(rest).with_threshold(0.0)
                    inner_docs = (
                        inner.documents if extra == "base" else document_model(rest, inner.units, extra)
                    )
                    held += [
                        confidence(c, inner.units, inner_docs, extra)
                        for c in inner_cases
                        if training._answered_right(c, inner)
                    ]
                thresholds[variant] = training.choose_threshold(held, training.TARGET_FALSE_DECLINES)
        for case in cases:
            question_kind = case.question.get("kind")
            if question_kind not in {"answerable", "compare", "unanswerable"}:
                continue
            answer = training.answer(case, base)
            answered = _score(case.question, answer, {})
            modelled = case.fixed is None and case.found is not None
            declined = _score(case.question, no_answer(case.draft.language, case.draft.chunks), {})
            for variant, scorer in scorers.items():
                rows[variant].append(
                    {
                        "kind": question_kind,
                        "confidence": scorer(case) if modelled else 1.0,
                        "answered": answered,
                        "declined": declined if modelled else answered,
                        "threshold": thresholds.get(variant, 0.0),
                    }
                )
    for variant in args.variants:
        print(variant)
        for point in curve(rows[variant]):
            print("  " + "  ".join(f"{k} {v}" for k, v in point.items()))
        if args.rule:
            rule(rows[variant])


def rule(rows: list[dict[str, Any]]) -> None:
    """Pooled held out with each fold's own threshold (the shipped 3% rule on its training folds)."""
    scored = [r["declined"] if r["confidence"] < r["threshold"] else r["answered"] for r in rows]
    answerable = [s for r, s in zip(rows, scored, strict=True) if r["kind"] != "unanswerable"]
    unanswerable = [s for r, s in zip(rows, scored, strict=True) if r["kind"] == "unanswerable"]
    print(
        f"  3% rule: fact_recall {sum(s['fact_recall'] for s in answerable) / len(answerable):.3f}  "
        f"false_decline {sum(s['false_decline'] for s in answerable) / len(answerable):.3f}  "
        f"decline {sum(s['decline'] for s in unanswerable) / len(unanswerable):.3f}  "
        f"thresholds {sorted({round(r['threshold'], 3) for r in rows})}"
    )


if __name__ == "__main__":
    main()
