"""Fitting the answer model on question sets, and measuring it on the set left out.

Labels come from the sets themselves: for an answerable question, a unit of an expected
document that contains one of the question's `must_include_any` alternatives is a positive
and every other candidate unit a negative; an unanswerable question's units are all
negatives. The decline threshold is the probability under which no more than the target
share of answerable questions falls, measured on folds the model was not fitted on.

Retrieval does not depend on the model, so each set is indexed and its questions retrieved
once (`collect`); the drafts and their vectors are kept on disk, and every fold's model
scores the same candidates.
"""

from __future__ import annotations

import hashlib
import math
import pickle
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from chat import comparing, extractive, scoring
from chat.answering import (
    Answer,
    Candidates,
    Draft,
    _compose,
    _retrieve,
    _understand,
    candidates,
    compose_from,
    no_answer,
)
from knowledge.evaluation import FACT_KINDS, EvalSet, facts_ok, norm

# The share of answerable questions the threshold may decline, on folds not fitted on.
TARGET_FALSE_DECLINES = 0.03
# 2: drafts carry their documents' stored units.
CACHE_VERSION = 2


@dataclass
class Case:
    """One question of a set: what retrieval found, and the answer or candidates that follow."""

    question: dict[str, Any]
    draft: Draft
    # The answer when it does not depend on the model (a refusal, a quote, a hand-off).
    fixed: Answer | None = None
    found: Candidates | None = None


def collect(questions: Iterable[dict[str, Any]]) -> list[Case]:
    """Understand and retrieve every question (the set must be indexed)."""
    cases = []
    for question in questions:
        state = _understand({"question": str(question["question"]), "language": None, "history": []})
        draft = _retrieve(state)
        fixed = _structured(draft) if draft.intent == "answer" else _compose(draft)
        cases.append(Case(question, draft, fixed))
    return cases


def _structured(draft: Draft) -> Answer | None:
    """The answer the compare page's records give whole (a comparison's table, a premium), as the
    chat gives it before any unit is scored (`compose_extractive`): scored as the reader sees it."""
    if not draft.chunks or not draft.doc_ids:
        return None
    structured = comparing.structured_answer(draft)
    return structured.answer if structured is not None and structured.whole else None


def with_candidates(cases: list[Case]) -> list[Case]:
    """The cases with their candidate units and features (recomputed: they follow the scorer's code)."""
    for case in cases:
        if case.fixed is None and case.draft.chunks and case.draft.doc_ids:
            case.found = candidates(case.draft)
    return cases


def cached_cases(eval_set: EvalSet, cache_dir: Path, retrieve_all: Callable[[], list[Case]]) -> list[Case]:
    """The set's cases from `cache_dir` when its files are unchanged, else from `retrieve_all()`."""
    path = cache_dir / f"{eval_set.directory.name}-{_fingerprint(eval_set.directory)}.pickle"
    if path.is_file():
        with path.open("rb") as stream:
            cases, vectors = pickle.load(stream)  # noqa: S301 - our own cache under var/
        extractive.remember_vectors(vectors)
        return with_candidates(cases)
    cases = with_candidates(retrieve_all())
    vectors = extractive.vectors_of(_texts(cases))
    stripped = [Case(c.question, c.draft, c.fixed) for c in cases]
    cache_dir.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        pickle.dump((stripped, vectors), stream)
    return cases


def _texts(cases: list[Case]) -> list[str]:
    texts: list[str] = []
    for case in cases:
        if case.found is not None:
            names = sorted(
                {n for c in case.draft.chunks for n in (c.title, c.insurer, c.product.replace("-", " "))}
            )
            # Units carry their own vectors (made at ingest).
            texts += [extractive.without_names(t, names) for t in case.found.texts]
    return texts


# What a cached draft depends on besides its question set: the code and data files that read
# documents and questions. A change to any of them (an intent model refit, a loader fix) makes the
# cache stale; a fingerprint of the set alone kept serving drafts of older code.
_DRAFT_SOURCES = ("chat", "knowledge")
_SOURCE_SUFFIXES = {".py", ".json", ".jsonl", ".yaml", ".tsv", ".txt"}


def _fingerprint(directory: Path) -> str:
    digest = hashlib.sha256(str(CACHE_VERSION).encode())
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and "tools" not in p.parts):
        digest.update(str(path.relative_to(directory)).encode())
        digest.update(path.read_bytes())
    root = Path(__file__).resolve().parent.parent
    for package in _DRAFT_SOURCES:
        for path in sorted((root / package).rglob("*")):
            if path.suffix in _SOURCE_SUFFIXES and _is_source(path, root / package):
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _is_source(path: Path, package: Path) -> bool:
    """Code and data, not question sets, test corpora or the answer model this cache trains."""
    parts = path.relative_to(package).parts
    return not {"eval_sets", "demo_corpus", "migrations", "__pycache__"}.intersection(parts) and (
        path.name != "answer_model.json"
    )


def labels(case: Case) -> np.ndarray | None:
    """Per candidate unit, whether it holds the answer; None when the case teaches nothing.

    An answerable question none of whose candidates holds an expected fact (retrieval missed,
    or the fact is worded otherwise) is left out rather than taught as all-negative.
    """
    if case.found is None:
        return None
    kind = case.question.get("kind")
    if kind == "unanswerable":
        return np.zeros(len(case.found.units), dtype=np.int8)
    if kind not in FACT_KINDS:
        return None
    expected = set(case.question.get("expect_docs") or [])
    alternatives = [norm(a) for group in case.question.get("must_include_any") or [] for a in group]
    found = np.asarray(
        [
            u.chunk.doc_id in expected and any(a in norm(u.text) for a in alternatives)
            for u in case.found.units
        ],
        dtype=np.int8,
    )
    return found if found.any() else None


def training_rows(cases: Iterable[Case]) -> tuple[np.ndarray, np.ndarray]:
    rows, targets = [], []
    for case in cases:
        y = labels(case)
        if y is not None and case.found is not None:
            rows.append(case.found.rows[0])
            targets.append(y)
    if not rows:
        raise ValueError("no labelled candidates to fit on")
    return np.concatenate(rows), np.concatenate(targets)


def ranking_rows(cases: Iterable[Case]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`training_rows`, with each row's question (a number per case) for a fit that ranks within one."""
    rows, targets, groups = [], [], []
    for number, case in enumerate(cases):
        y = labels(case)
        if y is not None and case.found is not None:
            rows.append(case.found.rows[0])
            targets.append(y)
            groups.append(np.full(len(y), number))
    if not rows:
        raise ValueError("no labelled candidates to fit on")
    return np.concatenate(rows), np.concatenate(targets), np.concatenate(groups)


# A candidate document's features for the document model, from its units' feature rows and
# probabilities; the case and document let a measured variant add features of its own.
Summary = Callable[[Case, str, np.ndarray, np.ndarray], np.ndarray]


def shipped_summary(case: Case, doc_id: str, rows: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
    """The shipped document features (`scoring.document_features`)."""
    return scoring.document_features(rows, probabilities)


def document_rows(
    cases: Iterable[Case], units: scoring.Regression, summary: Summary = shipped_summary
) -> tuple[np.ndarray, np.ndarray]:
    """Per candidate document of each question: its `summary` features, and whether it answers.

    An unanswerable question's documents do not; an answerable question's expected documents do.
    Other documents of an answerable question teach nothing (they may answer it too).
    """
    rows, targets = [], []
    for case in cases:
        if case.found is None or not case.found.units:
            continue
        kind = case.question.get("kind")
        expected = set(case.question.get("expect_docs") or [])
        probabilities = units.probabilities(case.found.rows[0])
        doc_of = np.asarray([u.chunk.doc_id for u in case.found.units])
        for doc_id in dict.fromkeys(doc_of):
            if doc_id in case.found.unknown:
                continue  # declined before the model, by entity grounding
            if kind == "unanswerable":
                target = 0
            elif kind in FACT_KINDS and doc_id in expected:
                target = 1
            else:
                continue
            mine = doc_of == doc_id
            rows.append(summary(case, str(doc_id), case.found.rows[0][mine], probabilities[mine]))
            targets.append(target)
    return np.asarray(rows), np.asarray(targets)


def fit_models(cases: list[Case], threshold: float = 0.5) -> scoring.Model:
    """The unit model, then the document model on its probabilities; and the ranking model that
    orders each document's units for quoting (`scoring.fit_ranking`: fitted on the order within
    each question, where the pointwise unit model put contact lines and list entries above the
    unit holding the answer).

    The document model weighs answerable and unanswerable questions equally. Their mix differs
    from set to set (6% to 27% unanswerable), and unweighted, its probabilities carried the mix of
    the sets it was fitted on, so a threshold chosen on some sets did not carry over to another:
    held out, pooled over the five folds, false declines 0.087 → 0.062 and fact recall 0.707 →
    0.723 with declines unchanged (0.429 → 0.421).
    """
    units = scoring.fit_regression(*training_rows(cases))
    documents = scoring.fit_regression(*document_rows(cases, units), balanced=True)
    return scoring.Model(units, documents, threshold, scoring.fit_ranking(*ranking_rows(cases)))


def confidence(case: Case, model: scoring.Model) -> float:
    """The probability that the likeliest document asked about answers: compared with the threshold."""
    if case.found is None or not case.found.units:
        return 0.0
    doc_of = [u.chunk.doc_id for u in case.found.units]
    chances = model.answerability(case.found.rows[0], doc_of)
    return max((p for d, p in chances.items() if d not in case.found.unknown), default=0.0)


def fit(folds: Mapping[str, list[Case]], target: float = TARGET_FALSE_DECLINES) -> scoring.Model:
    """The models fitted on every fold, with a threshold chosen on each fold by models fitted without it."""
    model = fit_models([c for cases in folds.values() for c in cases])
    held_out: list[float] = []
    for name, cases in folds.items():
        others = [c for other, more in folds.items() if other != name for c in more]
        inner = fit_models(others) if len(folds) > 1 else model
        held_out += [confidence(c, inner) for c in cases if _answered_right(c, inner.with_threshold(0.0))]
    return model.with_threshold(choose_threshold(held_out, target))


def _answered_right(case: Case, model: scoring.Model) -> bool:
    """An answerable question that `model`, never declining, answers with the expected facts.

    The threshold protects these: declining a question that would be answered wrongly anyway
    loses nothing (and spares the reader a quote that does not answer it).
    """
    if case.question.get("kind") not in FACT_KINDS or case.fixed is not None or case.found is None:
        return False
    return facts_ok(answer(case, model).text, case.question.get("must_include_any") or [])


def choose_threshold(confidences: list[float], target: float) -> float:
    """The highest threshold under which at most `target` of the answerable questions fall."""
    if not confidences:
        return 0.5
    ordered = sorted(confidences)
    return ordered[min(math.floor(target * len(ordered)), len(ordered) - 1)]


def answer(case: Case, model: scoring.Model) -> Answer:
    if case.fixed is not None:
        return case.fixed
    if case.found is None:
        return no_answer(case.draft.language, case.draft.chunks)
    return compose_from(case.draft, case.found, model)


@dataclass
class FoldResult:
    name: str
    model: scoring.Model
    answers: list[Answer]


def leave_one_out(folds: Mapping[str, list[Case]]) -> list[FoldResult]:
    """For each fold, the answers of a model fitted (and thresholded) on the other folds only."""
    results = []
    for name, cases in folds.items():
        model = fit({other: more for other, more in folds.items() if other != name})
        results.append(FoldResult(name, model, [answer(c, model) for c in cases]))
    return results


def load_folds(
    directories: Sequence[Path], cache_dir: Path
) -> tuple[dict[str, list[Case]], dict[str, list[dict[str, Any]]]]:
    """Each set's cases and manifest, by set name; a set not cached yet is indexed (temporarily)
    and its questions retrieved. Raises ValueError when two sets share a folder name: the folds,
    the reports and the cache know a set by it, so one would silently replace the other."""
    from knowledge.evaluation import load_set, temporary_index

    names = [d.resolve().name for d in directories]
    if len(set(names)) < len(names):
        raise ValueError(f"question sets must have distinct folder names: {', '.join(sorted(names))}")
    folds: dict[str, list[Case]] = {}
    manifests: dict[str, list[dict[str, Any]]] = {}
    for directory in directories:
        eval_set = load_set(directory)

        def retrieve_all(eval_set: EvalSet = eval_set) -> list[Case]:
            with temporary_index(eval_set):
                return collect(eval_set.questions)

        folds[directory.resolve().name] = cached_cases(eval_set, cache_dir, retrieve_all)
        manifests[directory.resolve().name] = eval_set.manifest
    return folds, manifests


def cross_validate(
    folds: Mapping[str, list[Case]], manifests: Mapping[str, list[dict[str, Any]]]
) -> dict[str, dict[str, Any]]:
    """Per fold, its figures with the model fitted on the other folds and with the one fitted on all."""
    from chat.evaluation import report_answers

    everything = fit(folds)
    results: dict[str, dict[str, Any]] = {}
    pooled: dict[str, list[Any]] = {"questions": [], "held_out": [], "fitted": [], "manifest": [], "sets": []}
    for result in leave_one_out(folds):
        questions = [c.question for c in folds[result.name]]
        fitted = [answer(c, everything) for c in folds[result.name]]
        sets = [result.name] * len(questions)
        results[result.name] = {
            "held_out": report_answers(questions, result.answers, manifests[result.name], sets),
            "fitted": report_answers(questions, fitted, manifests[result.name], sets),
            "threshold": round(result.model.threshold, 4),
        }
        for key, values in (
            ("questions", questions),
            ("held_out", result.answers),
            ("fitted", fitted),
            ("manifest", manifests[result.name]),
            ("sets", sets),
        ):
            pooled[key] += values
    # Every question once, each answered by the model that never saw its set: the headline figures.
    results["pooled"] = {
        key: report_answers(pooled["questions"], pooled[key], pooled["manifest"], pooled["sets"])
        for key in ("held_out", "fitted")
    }
    results["all"] = {"threshold": round(everything.threshold, 4), "model": everything.to_json()}
    return results
