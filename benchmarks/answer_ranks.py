"""Where the answer sits in the held-out ranking, for the answerable questions that miss a fact.

For each answerable question of the five cross-validation folds whose held-out answer misses an
expected fact though an expected document is asked about: the rank (within that document) of the
first unit carrying an expected fact, the kinds of the units ranked above it, and, for questions
asking several facts, how many units down the ranking all of them are found.

Reads the retrieval cache of `manage.py evaluate --cv` (var/eval-cache) whatever its fingerprint
(the drafts do not depend on the scorer; features are recomputed with the current code), so
run `evaluate --cv` once first.

    PORTAL_DATA_DIR=$PWD/var .venv/bin/python benchmarks/answer_ranks.py [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from chat import extractive, scoring, training  # noqa: E402
from chat.answering import _ranking  # noqa: E402
from chat.units import Unit  # noqa: E402
from knowledge.evaluation import FACT_KINDS, facts_ok, norm  # noqa: E402

SETS = ["eval-dev", "eval-dev-b", "eval-dev-c", "demo_corpus", "team"]
_DEFINITION = re.compile(r"\bmeans?\b|\brefers? to\b|是指|指的是|意指|定义|定義")


def kind_of(unit: Unit) -> str:
    """A coarse kind for the diagnosis (the scorer's own kinds are in scoring.unit_kinds)."""
    if scoring._CONTACT.search(unit.text):
        return "contact"
    if unit.is_lead:
        return "lead-in"
    if _DEFINITION.search(unit.text):
        return "definition"
    if unit.kind == "row":
        return "row"
    if len(unit.text) < 40 and not extractive.has_figure(unit.text):
        return "heading-like"
    if unit.kind == "item" or unit.listed:
        return "item"
    return "sentence"


def load_cached(cache: Path) -> dict[str, list[training.Case]]:
    folds = {}
    for name in SETS:
        paths = sorted(
            (
                p
                for p in cache.glob(f"{name}-*.pickle")
                if re.fullmatch(rf"{re.escape(name)}-[0-9a-f]{{16}}", p.stem)
            ),
            key=lambda p: p.stat().st_mtime,
        )
        if not paths:
            raise SystemExit(f"no cache for {name}: run manage.py evaluate --cv first")
        with paths[-1].open("rb") as stream:
            cases, vectors = pickle.load(stream)
        extractive.remember_vectors(vectors)
        folds[name] = training.with_candidates(cases)
    return folds


def carries(unit: Unit, groups: list[list[str]]) -> set[int]:
    text = norm(unit.text)
    return {n for n, group in enumerate(groups) if any(norm(a) in text for a in group)}


def diagnose(case: training.Case, model: scoring.Model) -> dict[str, Any] | None:
    question = case.question
    if question.get("kind") not in FACT_KINDS or case.found is None:
        return None
    groups = question.get("must_include_any") or []
    expected = set(question.get("expect_docs") or [])
    reply = training.answer(case, model)
    if facts_ok(reply.text, groups):
        return None
    picks = _ranking(case.found, 0, model).picks
    docs = [d for d in case.draft.doc_ids if d in expected]
    if not docs:
        return {"id": question.get("id"), "class": "expected document not asked about"}
    best: dict[str, Any] | None = None
    for doc_id in docs:
        mine = [p for p in picks if p.unit.chunk.doc_id == doc_id]
        found: dict[int, int] = {}
        first = None
        for rank, pick in enumerate(mine, 1):
            got = carries(pick.unit, groups)
            if got and first is None:
                first = rank
            for group in got:
                found.setdefault(group, rank)
        row = {
            "id": question.get("id"),
            "declined": reply.kind != "answer",
            "facts": len(groups),
            "first": first,
            "above": [kind_of(p.unit) for p in mine[: (first or 1) - 1]],
            "all_by": max(found.values()) if len(found) == len(groups) else None,
            "missing_groups": len(groups) - len(found),
        }
        if best is None or (first or 10**6) < (best["first"] or 10**6):
            best = row
    if best is not None:
        best["class"] = (
            "declined"
            if best["declined"]
            else "fact not in any unit"
            if best["first"] is None
            else "ranked 1st, part missing"
            if best["first"] == 1
            else "ranked below others"
        )
    return best


def bucket(rank: int | None) -> str:
    if rank is None:
        return "none"
    return str(rank) if rank <= 5 else "6-10" if rank <= 10 else ">10"


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    answered = [r for r in rows if r.get("class") not in {"declined", "expected document not asked about"}]
    several = [r for r in answered if r.get("facts", 1) > 1]
    return {
        "failing": len(rows),
        "classes": dict(Counter(r["class"] for r in rows)),
        "first_rank": dict(sorted(Counter(bucket(r.get("first")) for r in answered).items())),
        "kinds_above_first": dict(Counter(k for r in answered for k in r.get("above", [])).most_common()),
        "top_kind_when_below": dict(Counter(r["above"][0] for r in answered if r.get("above")).most_common()),
        "several_facts_all_by": dict(sorted(Counter(bucket(r.get("all_by")) for r in several).items())),
    }


def held_out_figures(
    folds: dict[str, list[training.Case]], results: list[training.FoldResult]
) -> dict[str, Any]:
    """Pooled held-out fact recall, false declines and declines (as evaluate --cv counts them)."""
    from chat.evaluation import report_answers

    questions = [c.question for r in results for c in folds[r.name]]
    answers = [a for r in results for a in r.answers]
    overall = report_answers(questions, answers, [])["overall"]
    return {k: overall.get(k) for k in ("fact_recall", "cited_expected", "false_decline", "decline")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", type=Path)
    parser.add_argument("--pointwise", action="store_true", help="fit the unit model pointwise, as before")
    args = parser.parse_args()
    if args.pointwise:
        scoring.fit_ranking = lambda rows, labels, groups: None  # type: ignore[assignment,misc]
    folds = load_cached(Path(settings.DATA_DIR) / "eval-cache")
    rows = []
    results = training.leave_one_out(folds)
    for result in results:
        for case in folds[result.name]:
            row = diagnose(case, result.model)
            if row is not None:
                rows.append({"set": result.name, **row})
    summary = summarise(rows)
    summary["held_out"] = held_out_figures(folds, results)
    print(json.dumps(summary, indent=1, ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "rows": rows}, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
