"""The ranking unit model: fitted on the order within each question, calibrated, and kept apart
from the pointwise model that says whether a document answers."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np

from chat import scoring, training
from chat.answering import Candidates, Draft
from tests.chat.unit_blocks import TEST_CHUNK, chunk_units

CHUNK = replace(TEST_CHUNK, chunk_id="plan:abc:1", section="Test Plan > Benefits")


def _questions(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Questions of ten candidates each, one of which answers. Feature 0 is high for the answering
    unit *within its question*; feature 1 is high for every candidate of an easy question (and
    easy questions have more answering units), so pooled, it goes with answering, yet it says
    nothing of which of a question's units answers."""
    rows, labels, groups = [], [], []
    for number in range(count):
        easy = number % 2 == 0
        x = rng.normal(size=(10, 2))
        x[:, 1] = 3.0 if easy else -3.0
        y = np.zeros(10, dtype=np.int8)
        answering = rng.choice(10, size=3 if easy else 1, replace=False)
        y[answering] = 1
        x[answering, 0] += 2.0
        rows.append(x)
        labels.append(y)
        groups.append(np.full(10, number))
    return np.concatenate(rows), np.concatenate(labels), np.concatenate(groups)


def test_the_ranking_fit_weighs_what_orders_a_questions_units_not_what_makes_questions_easy() -> None:
    rows, labels, groups = _questions(np.random.default_rng(0), 200)
    ranking = scoring.fit_ranking(rows, labels, groups)
    pointwise = scoring.fit_regression(rows, labels)
    assert ranking.coef[0] > 0
    # The question-wide feature carries no weight in the order (bar the calibration's).
    assert abs(ranking.coef[1]) < 0.1 * abs(ranking.coef[0])
    assert pointwise.coef[1] > 0.5
    # Calibrated: the mean probability is about the share of answering units.
    assert abs(ranking.probabilities(rows).mean() - labels.mean()) < 0.05


def test_the_ranking_fit_needs_a_question_with_answering_and_other_units() -> None:
    rows = np.zeros((4, 2))
    try:
        scoring.fit_ranking(rows, np.zeros(4, dtype=np.int8), np.asarray([0, 0, 1, 1]))
    except ValueError as exc:
        assert "rank" in str(exc)
    else:
        raise AssertionError("fitted without a question to rank")


def _regression(weights: dict[str, float], names: tuple[str, ...]) -> scoring.Regression:
    return scoring.Regression(
        np.zeros(len(names)), np.ones(len(names)), np.asarray([weights.get(f, 0.0) for f in names]), 0.0
    )


def test_the_model_ranks_with_the_ranking_model_and_decides_answerability_with_the_pointwise_one() -> None:
    units = _regression({"coverage": 4.0}, scoring.FEATURES)
    ranking = _regression({"cosine": 4.0}, scoring.FEATURES)
    documents = _regression({"best_logit": 1.0}, scoring.DOCUMENT_FEATURES)
    model = scoring.Model(units, documents, 0.3, ranking)
    rows = np.zeros((2, len(scoring.FEATURES)))
    rows[0, scoring.FEATURES.index("coverage")] = 1.0
    rows[1, scoring.FEATURES.index("cosine")] = 1.0
    # The ranking model puts the second unit first…
    assert model.probabilities(rows)[1] > model.probabilities(rows)[0]
    # …while answerability reads the pointwise model's best unit: logit 4 → sigmoid(4).
    assert abs(model.answerability(rows, ["a", "a"])["a"] - 1 / (1 + np.exp(-4.0))) < 1e-6
    again = scoring.Model.from_json(json.loads(json.dumps(model.to_json())))
    assert again.ranking is not None and np.allclose(again.probabilities(rows), model.probabilities(rows))
    assert model.with_threshold(0.5).ranking is ranking
    # A model file without a ranking model ranks with its pointwise one.
    plain = scoring.Model.from_json({k: v for k, v in model.to_json().items() if k != "ranking"})
    assert plain.ranking is None and np.allclose(plain.probabilities(rows), units.probabilities(rows))


def _case(kind: str, lines: list[str], **question: object) -> training.Case:
    chunk = replace(CHUNK, text="\n".join(lines))
    units = chunk_units([chunk])
    draft = Draft("q", "q", "en", "question", False, [chunk], ["plan"])
    rows = np.zeros((len(units), len(scoring.FEATURES)), dtype=np.float32)
    found = Candidates(units, ["q"], [rows], [[(frozenset(), ())] * len(units)])
    return training.Case({"kind": kind, **question}, draft, found=found)


def test_ranking_rows_number_each_question_that_teaches_something() -> None:
    lines = ["Illness waiting period: 90 days", "Accidents are covered from day one"]
    cases = [
        _case("answerable", lines, expect_docs=["plan"], must_include_any=[["90 days"]]),
        _case("advice_refusal", lines),
        _case("unanswerable", lines),
    ]
    rows, labels, groups = training.ranking_rows(cases)
    assert rows.shape == (4, len(scoring.FEATURES))
    assert list(labels) == [1, 0, 0, 0]
    # The refusal teaches nothing; each other question is a group of its own.
    assert list(groups) == [0, 0, 2, 2]


def test_unit_kinds_and_a_figure_of_another_kind_than_asked() -> None:
    chunk = replace(
        CHUNK,
        text='"Hospital" means an institution licensed to treat the sick.\nRoom and board: HK$1,000 a day',
    )
    definition, row = chunk_units([chunk])
    kinds = dict(
        zip(
            (*scoring.UNIT_KINDS, "other_figure"),
            scoring.unit_kind_features(definition, "money"),
            strict=True,
        )
    )
    assert kinds["definition"] == 1.0 and kinds["other_figure"] == 0.0
    # A sum where a period is asked for is a figure of another kind; where a sum is asked, none.
    assert scoring.unit_kind_features(row, "duration")[-1] == 1.0
    assert scoring.unit_kind_features(row, "money")[-1] == 0.0
    assert scoring.unit_kind_features(row, "other")[-1] == 0.0
