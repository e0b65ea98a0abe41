"""Retrieval evaluation over a set in the format of ../shared/eval-dev/ (manifest + questions).

The helpers here are shared with the chat app's answer scoring: loading a set,
the sets' string normalisation (`norm`, `facts_ok`), the cross-lingual rule,
breakdowns, and `temporary_index`, which builds a throw-away index for a set
without touching the portal's own documents.
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.test.utils import override_settings

from knowledge.ingest import Tally, index_of_its_own, ingest_documents, register_document
from knowledge.language import to_simplified
from knowledge.loaders import DocumentError
from knowledge.manifest import read_manifest

# Kinds whose expected documents are the answer's source (quote intents only name a product).
RETRIEVAL_KINDS = frozenset({"answerable", "compare", "advice_refusal"})
FACT_KINDS = frozenset({"answerable", "compare"})
# How many chunks are asked for to rank documents, and how many form the answer's context.
RANKING_CHUNKS = 30
CONTEXT_CHUNKS = 5


@dataclass
class EvalSet:
    directory: Path
    manifest: list[dict[str, Any]]
    questions: list[dict[str, Any]]

    def doc_languages(self) -> dict[str, str]:
        return {str(d["doc_id"]): str(d.get("language") or "") for d in self.manifest}


def load_set(directory: Path) -> EvalSet:
    """Read `manifest.json` and `questions.jsonl`; raise DocumentError naming what is wrong."""
    manifest_path = directory / "manifest.json"
    questions_path = directory / "questions.jsonl"
    for path in (manifest_path, questions_path):
        if not path.is_file():
            raise DocumentError(f"{path} is missing")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    questions = []
    for number, line in enumerate(questions_path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                questions.append(json.loads(line))
            except ValueError as exc:
                raise DocumentError(f"{questions_path}:{number}: not JSON: {exc}") from None
    return EvalSet(directory=directory, manifest=manifest, questions=questions)


def norm(text: str) -> str:
    """NFKC, case-fold, Traditional→Simplified, collapse whitespace (the sets' scoring rule)."""
    return re.sub(r"\s+", " ", to_simplified(unicodedata.normalize("NFKC", text).casefold()))


def facts_ok(text: str, groups: list[list[str]]) -> bool:
    """Every group has at least one alternative in `text` (after normalisation)."""
    normalised = norm(text)
    return all(any(norm(alt) in normalised for alt in group) for group in groups)


def question_language(question: dict[str, Any]) -> str:
    """Written Cantonese counts as Traditional Chinese."""
    lang = str(question.get("lang") or "")
    return "zh-Hant" if lang == "yue" else lang


def is_cross_lingual(question: dict[str, Any], doc_languages: dict[str, str]) -> bool:
    """The question's language differs from the language of every expected document."""
    expected = [doc_languages.get(d, "") for d in question.get("expect_docs") or []]
    return bool(expected) and all(lang != question_language(question) for lang in expected)


def breakdowns(
    rows: list[dict[str, Any]],
    metrics: list[str],
    keys: dict[str, Callable[[dict[str, Any]], str]],
) -> dict[str, Any]:
    """Mean of each metric overall and per value of each key: {"overall": …, "by_lang": {…}}."""

    def summary(subset: list[dict[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {"n": len(subset)}
        for metric in metrics:
            values = [float(r[metric]) for r in subset if r.get(metric) is not None]
            result[metric] = round(sum(values) / len(values), 4) if values else None
        return result

    report: dict[str, Any] = {"overall": summary(rows)}
    for name, key in keys.items():
        groups: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            groups.setdefault(key(row), []).append(row)
        report[f"by_{name}"] = {value: summary(subset) for value, subset in sorted(groups.items())}
    return report


@contextmanager
def temporary_index(eval_set: EvalSet) -> Iterator[list[str]]:
    """Index the set's documents into a fresh collection; yield the per-file failures.

    The documents' rows (and any insurer or product they create) live in a
    transaction that is rolled back at the end, their files in a temporary media
    folder, and their chunks in a temporary Chroma collection that is dropped:
    the portal's own data is untouched, on SQLite or PostgreSQL, embedded or
    with the Chroma server.
    """
    from knowledge import vectorstore

    collection = f"eval_{uuid.uuid4().hex[:12]}"
    with (
        tempfile.TemporaryDirectory(prefix="portal-eval-") as media,
        override_settings(CHROMA_COLLECTION=collection, MEDIA_ROOT=media),
    ):
        vectorstore.get_store.cache_clear()
        try:
            with transaction.atomic(), index_of_its_own():
                yield _ingest_set(eval_set)
                transaction.set_rollback(True)
        finally:
            vectorstore.reset_store()


def _ingest_set(eval_set: EvalSet) -> list[str]:
    tally = Tally(total=len(eval_set.manifest))
    docs = []
    for path, meta in read_manifest(eval_set.directory / "manifest.json"):
        try:
            with transaction.atomic():
                docs.append(register_document(path, meta))
        except DocumentError as exc:
            tally.fail(path.name, exc)
    # The collection is new: a document the portal already holds unchanged (the demo set after
    # `make run`) must be indexed in it all the same.
    ingest_documents(docs, tally.report, fresh=True)
    return tally.failures


def score_retrieval(eval_set: EvalSet, retrieve: Callable[[str], list[Any]]) -> dict[str, Any]:
    """hit@1, hit@5, MRR and facts-in-context recall, with breakdowns.

    `retrieve(question)` returns ranked chunks (with `doc_id` and `text`); the
    ranked document list keeps each doc_id's first position.
    """
    doc_languages = eval_set.doc_languages()
    rows = []
    for question in eval_set.questions:
        expected = set(question.get("expect_docs") or [])
        if question.get("kind") not in RETRIEVAL_KINDS or not expected:
            continue
        chunks = retrieve(str(question["question"]))
        docs = list(dict.fromkeys(c.doc_id for c in chunks))
        rank = next((i for i, d in enumerate(docs[:10], start=1) if d in expected), None)
        context = "\n".join(c.text for c in chunks[:CONTEXT_CHUNKS])
        rows.append(
            {
                "id": question["id"],
                "lang": question.get("lang", ""),
                "kind": question.get("kind", ""),
                "crosslingual": "cross-lingual"
                if is_cross_lingual(question, doc_languages)
                else "same-language",
                "hit@1": rank == 1,
                "hit@5": rank is not None and rank <= 5,
                "mrr": 1 / rank if rank else 0.0,
                "facts_in_context": facts_ok(context, question.get("must_include_any") or [])
                if question.get("kind") in FACT_KINDS
                else None,
                "top_docs": docs[:5],
                "expect_docs": sorted(expected),
            }
        )
    report = breakdowns(
        rows,
        ["hit@1", "hit@5", "mrr", "facts_in_context"],
        {
            "lang": lambda r: str(r["lang"]),
            "kind": lambda r: str(r["kind"]),
            "crosslingual": lambda r: str(r["crosslingual"]),
        },
    )
    report["misses"] = [
        {k: r[k] for k in ("id", "top_docs", "expect_docs", "hit@1", "facts_in_context")}
        for r in rows
        if not r["hit@1"] or r["facts_in_context"] is False
    ]
    return report


# The shared sets `evaluate --cv` folds by default, under settings.EVAL_SHARED_DIR.
SHARED_SETS = ("eval-dev", "eval-dev-b", "eval-dev-c")


def default_folds() -> list[Path]:
    """The question sets `evaluate --cv` uses by default: the shared dev sets, the demo corpus and
    the team's set (never a held-out set: team-holdout, fresh-holdout).

    Raises DocumentError naming every one that is missing: fewer folds would silently change what
    the figures measure.
    """
    from django.conf import settings

    base = Path(settings.BASE_DIR)
    candidates = [Path(settings.EVAL_SHARED_DIR) / name for name in SHARED_SETS] + [
        base / "knowledge" / "demo_corpus",
        base / "knowledge" / "eval_sets" / "team",
    ]
    missing = [str(d) for d in candidates if not (d / "questions.jsonl").is_file()]
    if missing:
        raise DocumentError(
            f"default question sets missing: {', '.join(missing)}. Set PORTAL_EVAL_SHARED_DIR to the "
            f"folder holding {', '.join(SHARED_SETS)}, or name the sets to use."
        )
    return candidates
