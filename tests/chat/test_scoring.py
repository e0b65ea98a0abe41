"""The fitted answer model: features, labels, threshold, per-document answerability."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from chat import scoring, training
from chat.answering import Candidates, Draft, compose_from
from chat.understanding import Understanding
from tests.chat.unit_blocks import TEST_CHUNK, chunk_units

CHUNK = replace(TEST_CHUNK, chunk_id="plan:abc:1", section="Test Plan > Premiums")


def _question(text: str, doc_ids: tuple[str, ...] = ("plan",)) -> scoring.Question:
    return scoring.Question(text, ("Test Plan",), "en", scoring.answer_type(text), doc_ids)


def _column(rows: np.ndarray, name: str) -> np.ndarray:
    return rows[:, scoring.FEATURES.index(name)]


def test_answer_type_comes_from_understanding_when_it_gives_one() -> None:
    class Understood:
        answer_type = "procedure"

    assert scoring.answer_type("What is the annual premium?") == "money"
    assert scoring.answer_type("Which hospitals offer direct billing?") == "list"
    # Where the wording says nothing specific, the classifier's label.
    assert scoring.answer_type("Tell me about the dental benefit") == "other"
    assert scoring.answer_type("Tell me about the dental benefit", Understood()) == "procedure"
    assert scoring.answer_type("How long is the waiting period?", Understood()) == "duration"


def test_features_see_the_band_holding_the_asked_age_and_the_figure_asked_for() -> None:
    chunk = replace(
        CHUNK, text="Age 31–40: HK$5,870 a year\nAge 41–50: HK$7,960 a year\nPremiums are paid yearly."
    )
    units = chunk_units([chunk])
    rows = scoring.features(_question("I am 35. What is the annual premium?"), units, [chunk])
    assert rows.shape == (3, len(scoring.FEATURES))
    assert list(_column(rows, "band_in")) == [1.0, 0.0, 0.0]
    assert list(_column(rows, "band_out")) == [0.0, 1.0, 0.0]
    # A money question: the rows state a sum, the last sentence none.
    assert list(_column(rows, "type_match")) == [1.0, 1.0, 0.0]
    assert list(_column(rows, "type_missing")) == [0.0, 0.0, 1.0]


def test_model_round_trips_through_its_data_file_and_refuses_other_features() -> None:
    model = scoring.default_model()
    again = scoring.Model.from_json(json.loads(json.dumps(model.to_json())))
    rows = np.random.default_rng(1).normal(size=(5, len(scoring.FEATURES)))
    assert np.allclose(model.probabilities(rows), again.probabilities(rows), atol=1e-5)
    data = model.to_json()
    data["units"]["features"] = data["units"]["features"][:-1]
    with pytest.raises(ValueError, match="fit_answering"):
        scoring.Model.from_json(data)


def test_fitted_weights_point_the_way_their_features_say() -> None:
    """The committed model: a unit that carries the question's terms and the kind of figure asked
    for is likelier to hold the answer; one without the figure asked for, less."""
    weights = dict(zip(scoring.FEATURES, scoring.default_model().units.coef, strict=True))
    assert weights["coverage"] > 0 and weights["bm25"] > 0 and weights["type_match"] > 0
    assert weights["type_missing"] < 0
    documents = dict(zip(scoring.DOCUMENT_FEATURES, scoring.default_model().documents.coef, strict=True))
    assert documents["doc_coverage"] > 0


def test_threshold_leaves_at_most_the_target_share_below_it() -> None:
    confidences = [i / 100 for i in range(100)]
    threshold = training.choose_threshold(confidences, 0.03)
    assert sum(c < threshold for c in confidences) == 3
    assert training.choose_threshold([], 0.03) == 0.5


def _case(kind: str, units_text: list[str], **question: object) -> training.Case:
    chunk = replace(CHUNK, text="\n".join(units_text))
    units = chunk_units([chunk])
    draft = Draft("q", "q", "en", "question", False, [chunk], ["plan"])
    rows = np.zeros((len(units), len(scoring.FEATURES)), dtype=np.float32)
    found = Candidates(units, ["q"], [rows], [[(frozenset(), ())] * len(units)])
    return training.Case({"kind": kind, **question}, draft, found=found)


def test_labels_come_from_the_expected_facts() -> None:
    lines = ["Illness waiting period: 90 days", "Accidents are covered from day one"]
    answerable = _case("answerable", lines, expect_docs=["plan"], must_include_any=[["90 days", "90日"]])
    assert list(training.labels(answerable)) == [1, 0]  # type: ignore[arg-type]
    # The fact in a document that is not expected is no positive; with none, the case teaches nothing.
    elsewhere = _case("answerable", lines, expect_docs=["other"], must_include_any=[["90 days"]])
    assert training.labels(elsewhere) is None
    unanswerable = _case("unanswerable", lines)
    assert list(training.labels(unanswerable)) == [0, 0]  # type: ignore[arg-type]
    assert training.labels(_case("advice_refusal", lines)) is None


def test_document_rows_take_a_measured_variants_summary() -> None:
    """A variant measured against the shipped document model (benchmarks/) gives its own summary."""
    lines = ["Illness waiting period: 90 days", "Accidents are covered from day one"]
    cases = [
        _case("answerable", lines, expect_docs=["plan"], must_include_any=[["90 days"]]),
        _case("unanswerable", lines),
        _case("answerable", lines, expect_docs=["other"], must_include_any=[["90 days"]]),
    ]

    def summary(case: training.Case, doc_id: str, rows: np.ndarray, probabilities: np.ndarray) -> np.ndarray:
        return np.asarray([len(rows), float(case.question["kind"] == "unanswerable")])

    rows, targets = training.document_rows(cases, _model(0.5).units, summary)
    assert rows.tolist() == [[2.0, 0.0], [2.0, 1.0]] and targets.tolist() == [1, 0]
    shipped, _ = training.document_rows(cases, _model(0.5).units)
    assert shipped.shape == (2, len(scoring.DOCUMENT_FEATURES))


def _model(threshold: float) -> scoring.Model:
    """A model whose unit probability follows `coverage` and whose document probability its best unit."""
    units = scoring.Regression(
        np.zeros(len(scoring.FEATURES)),
        np.ones(len(scoring.FEATURES)),
        np.asarray([8.0 if f == "coverage" else 0.0 for f in scoring.FEATURES]),
        -4.0,
    )
    documents = scoring.Regression(
        np.zeros(len(scoring.DOCUMENT_FEATURES)),
        np.ones(len(scoring.DOCUMENT_FEATURES)),
        np.asarray([1.0 if f == "best_logit" else 0.0 for f in scoring.DOCUMENT_FEATURES]),
        0.0,
    )
    return scoring.Model(units, documents, threshold)


def _understood(*, comparison: bool, which_plans: bool, named: tuple[str, ...] = ()) -> Understanding:
    return Understanding(
        "q", "en", "answer", None, "duration", comparison, which_plans, False, "q", list(named)
    )


@pytest.mark.django_db  # a quoted table row's headers are read from its document's blocks
def test_which_plans_checks_each_document_and_a_comparison_quotes_every_plan_once_one_answers() -> None:
    first = replace(CHUNK, text="Illness waiting period: 90 days")
    second = replace(
        CHUNK, chunk_id="other:abc:1", doc_id="other", title="Other Plan", text="Sickness: 120-day wait"
    )
    units = chunk_units([first, second])
    rows = np.zeros((2, len(scoring.FEATURES)), dtype=np.float32)
    on_subject = [u.chunk.doc_id == "plan" for u in units]  # only the first document's unit
    rows[on_subject, scoring.FEATURES.index("coverage")] = 1.0
    found = Candidates(units, ["q"], [rows], [[(frozenset(), ())] * 2])
    draft = Draft(
        "Which plans have a waiting period?", "q", "en", "question", True, [first, second], ["plan", "other"]
    )
    # "Which plans…?" lists only the plans the model finds answer.
    listing = replace(draft, understanding=_understood(comparison=False, which_plans=True))
    answer = compose_from(listing, found, _model(threshold=0.5))
    assert answer.kind == "answer"
    assert {c["doc_id"] for c in answer.citations} == {"plan"}
    # A comparison asks one thing of each plan it names: the named plan worded otherwise
    # ("sickness", "wait") is quoted beside the one that answers, each with a citation, not dropped.
    named = _understood(comparison=True, which_plans=False, named=("plan", "other"))
    answer = compose_from(replace(draft, understanding=named), found, _model(threshold=0.5))
    assert answer.kind == "answer"
    assert [c["doc_id"] for c in answer.citations] == ["plan", "other"]
    assert "90 days" in answer.text and "120-day" in answer.text
    # A plan the comparison does not name (retrieval brought it) must still answer on its own.
    unnamed = _understood(comparison=True, which_plans=False, named=("plan",))
    answer = compose_from(replace(draft, understanding=unnamed), found, _model(threshold=0.5))
    assert {c["doc_id"] for c in answer.citations} == {"plan"}
    # Above every document's chance, the question is declined.
    assert compose_from(draft, found, _model(threshold=0.99)).kind == "no_answer"
    # A document that never mentions a place the question names is not quoted, however likely.
    unknown = replace(found, unknown=frozenset({"plan"}))
    assert compose_from(draft, unknown, _model(threshold=0.5)).kind == "no_answer"


def test_a_quote_from_a_simplified_document_is_shown_to_a_traditional_reader_converted() -> None:
    from chat.answering import in_script

    assert in_script("等候期为90天", "zh-Hans", "zh-Hant") == ("等候期為90天", True)
    assert in_script("等候期為90天", "zh-Hant", "zh-Hans") == ("等候期为90天", True)
    # Already in the reader's script, or English: as written.
    assert in_script("台灣", "zh-Hant", "zh-Hant") == ("台灣", False)
    assert in_script("Waiting period: 90 days", "en", "zh-Hant") == ("Waiting period: 90 days", False)


def test_quotes_leave_out_fragments_repeated_empty_lead_ins_and_control_characters() -> None:
    from chat.answering import _clean, _readable
    from chat.extractive import Pick

    chunk = replace(CHUNK, text="The plan does not pay for:\n• cosmetic surgery")
    other = replace(
        CHUNK, chunk_id="plan:abc:2", section="Test Plan > Dental", text="Dental care is excluded."
    )
    lead, item, sentence = chunk_units([chunk, other])
    assert lead.is_lead and item.lead == lead.order and sentence.lead is None
    # A lead-in without its items says nothing; with them it introduces them.
    assert [p.unit for p in _readable([Pick(lead, 0.9), Pick(sentence, 0.8)])] == [sentence]
    assert [p.unit for p in _readable([Pick(lead, 0.9), Pick(item, 0.8)])] == [lead, item]
    # A fragment of another quoted unit is not repeated.
    fragment = replace(sentence, text="Dental care", order=9)
    assert [p.unit for p in _readable([Pick(sentence, 0.9), Pick(fragment, 0.8)])] == [sentence]
    # Control and symbol-font characters are gone from the units the loaders' blocks give.
    (unit,) = chunk_units([replace(CHUNK, text="\u2022 Limit\x07 per claim\ue001: HK$500")])
    assert _clean(unit.text) == "Limit per claim: HK$500"


def _fixed_case(number: int, kind: str, text: str) -> training.Case:
    """A question whose answer needs no model, so cross-validation only collects it."""
    from chat.answering import Answer

    question = {"id": f"q{number}", "kind": kind, "expect_docs": ["plan"], "must_include_any": [["90 days"]]}
    return training.Case(
        question, Draft("q", "q", "en", "answer", False, [], []), fixed=Answer(text, "en", "answer")
    )


def _cross_validate(monkeypatch: pytest.MonkeyPatch, folds: dict[str, list[training.Case]]) -> dict[str, Any]:
    model = _model(threshold=0.5)
    monkeypatch.setattr(training, "fit", lambda folds: model)
    monkeypatch.setattr(
        training,
        "leave_one_out",
        lambda folds: [
            training.FoldResult(name, model, [c.fixed for c in cases]) for name, cases in folds.items()
        ],
    )
    return training.cross_validate(folds, {name: [] for name in folds})


def test_cross_validation_pools_every_question_once_with_the_model_that_never_saw_its_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The headline figures: every fold's questions together, each answered by its held-out model."""
    from knowledge.management.commands.evaluate import format_cv

    folds = {
        "a": [
            _fixed_case(1, "answerable", "Illness: 90 days"),
            _fixed_case(2, "answerable", "Dental is excluded"),
        ],
        "b": [_fixed_case(3, "answerable", "Illness: 90 days")],
    }
    results = _cross_validate(monkeypatch, folds)
    pooled = results["pooled"]["held_out"]["overall"]
    assert pooled["n"] == 3 and pooled["fact_recall"] == round(2 / 3, 4)
    assert results["a"]["held_out"]["overall"]["fact_recall"] == 0.5
    assert any(line.strip().startswith("pooled") for line in format_cv(results).splitlines())


def test_cross_validation_failures_are_known_by_set_and_id(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ids repeat across sets (eval-dev and the demo set both have q01): a pooled failure names its set."""
    folds = {
        "a": [_fixed_case(1, "answerable", "Dental is excluded")],
        "b": [
            _fixed_case(1, "answerable", "Dental is excluded"),
            _fixed_case(2, "answerable", "Illness: 90 days"),
        ],
    }
    results = _cross_validate(monkeypatch, folds)
    pooled = results["pooled"]["held_out"]["failures"]
    assert sorted((f["set"], f["id"]) for f in pooled) == [("a", "q1"), ("b", "q1")]
    assert [(f["set"], f["id"]) for f in results["b"]["fitted"]["failures"]] == [("b", "q1")]


def test_question_sets_sharing_a_folder_name_are_refused(tmp_path: Path) -> None:
    """Folds, reports and the retrieval cache know a set by its folder name: two alike would mix."""
    with pytest.raises(ValueError, match="distinct folder names"):
        training.load_folds([tmp_path / "a" / "team", tmp_path / "b" / "team"], tmp_path / "cache")
