"""Hybrid retrieval over the demo corpus: editions, filters, cross-lingual questions, quality."""

from __future__ import annotations

import pytest

from knowledge.evaluation import EvalSet, score_retrieval
from knowledge.retrieval import retrieve

pytestmark = pytest.mark.usefixtures("demo_index")


def test_the_demo_corpus_indexes_without_failures(demo_index: list[str]) -> None:
    assert demo_index == []


def test_a_question_naming_no_edition_gets_the_current_one() -> None:
    chunks = retrieve("What is the minimum total premium for the Silver Harbour Deferred Annuity?")
    assert chunks[0].doc_id == "lantau-silverharbour-2026"
    assert chunks[0].is_current
    assert chunks[0].citation()["effective_date"] == "2026-01-01"


def test_a_question_naming_an_edition_year_gets_that_edition() -> None:
    chunks = retrieve("In the 2025 edition of Silver Harbour, what was the minimum total premium?")
    assert chunks[0].doc_id == "lantau-silverharbour-2025"
    assert not chunks[0].is_current


def test_current_only_leaves_superseded_editions_out() -> None:
    chunks = retrieve("Silver Harbour 2025 edition minimum premium", k=20, current_only=True)
    assert chunks and "lantau-silverharbour-2025" not in {c.doc_id for c in chunks}


@pytest.mark.parametrize(
    ("filters", "key"),
    [({"product_line": "pension"}, "product_line"), ({"language": "zh-Hans"}, "language")],
)
def test_metadata_filters_hold_for_dense_and_lexical_results(filters: dict[str, str], key: str) -> None:
    chunks = retrieve("waiting period and premium", k=20, **filters)
    assert chunks
    assert {getattr(c, key) for c in chunks} == {filters[key]}


def test_a_cantonese_question_finds_an_english_plan() -> None:
    chunks = retrieve("BridgeCare 喺內地非網絡醫院睇病，合資格費用賠幾多？", k=5)
    assert chunks[0].doc_id == "lantau-bridgecare"
    assert chunks[0].language == "en"


def test_an_empty_question_returns_nothing() -> None:
    assert retrieve("   ") == []


@pytest.mark.slow
def test_retrieval_meets_the_targets_on_the_demo_questions(demo_set: EvalSet) -> None:
    report = score_retrieval(demo_set, lambda q: retrieve(q, k=30))
    overall = report["overall"]
    assert overall["hit@5"] >= 0.97
    assert overall["hit@1"] >= 0.85
    assert report["by_crosslingual"]["cross-lingual"]["hit@5"] >= 0.9


def test_a_comparison_brings_both_named_plans_to_the_top() -> None:
    chunks = retrieve("Compare how much BridgeCare and FamilyCare reimburse at non-network hospitals.", k=5)
    assert {c.doc_id for c in chunks[:2]} == {"lantau-bridgecare", "taipo-familycare"}


def test_a_question_about_one_edition_keeps_the_other_edition_out_of_the_turns() -> None:
    chunks = retrieve("In the 2025 edition of Silver Harbour, what was the minimum total premium?", k=5)
    assert [c.doc_id for c in chunks[:2]] == ["lantau-silverharbour-2025"] * 2
