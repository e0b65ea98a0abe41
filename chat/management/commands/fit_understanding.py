"""Fit the question-understanding classifier on the exemplars; choose its regularisation and the
refusal threshold on the question sets, each set scored by a choice made on the others."""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chat import intents
from knowledge.evaluation import default_folds, load_set
from knowledge.loaders import DocumentError

# What a question set's `kind` means for the intent a message should get.
EXPECTED_INTENTS: dict[str, frozenset[str]] = {
    "answerable": frozenset({"answer"}),
    "compare": frozenset({"answer"}),
    # An unanswerable question is still a question (declined later); an off-topic one is out of scope.
    "unanswerable": frozenset({"answer", "out_of_scope"}),
    "advice_refusal": frozenset({"refusal"}),
    "quote_intent": frozenset({"quote", "handoff"}),
}
# Questions a document answers or declines: refusing one is a false decline.
PLAIN_KINDS = frozenset({"answerable", "compare", "unanswerable"})
# The refusal threshold is placed within these bounds: outside them it would rest on the one or
# two most extreme questions of the sets.
THRESHOLD_BOUNDS = (0.05, 0.95)
# Intents the refusal backstop overrides (chat.intents.classify).
BACKSTOP_OVERRIDES = frozenset({"answer", "out_of_scope", "greeting", "quote"})


class Command(BaseCommand):
    help = (
        "Fit chat/data/intent_model.json on chat/data/exemplars.jsonl, with the regularisation and "
        "refusal threshold chosen on the question sets; print set-fold and k-fold figures."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folds", type=int, default=5)
        parser.add_argument(
            "--sets",
            type=Path,
            nargs="*",
            default=None,
            help="question-set folders whose kinds choose the model (default: evaluate --cv's folds)",
        )
        parser.add_argument(
            "--held-out",
            type=Path,
            nargs="*",
            default=[],
            help="question-set folders (manifest.json + questions.jsonl) to score the fitted model on",
        )
        parser.add_argument("--dry-run", action="store_true", help="report only; do not write the model")

    def handle(self, *args: Any, **options: Any) -> None:
        exemplars = intents.load_exemplars()
        matrix = intents.vectors([e.text for e in exemplars])
        try:
            sets = {d.name: load_questions(d) for d in (options["sets"] or default_folds())}
        except DocumentError as exc:
            raise CommandError(str(exc)) from None
        choice, report = choose(exemplars, matrix, sets)
        form_weight, report["form"] = choose_form_weight(exemplars, matrix)
        choice = dataclasses.replace(choice, form_gram_weight=form_weight)
        heads = intents.fit_heads(
            exemplars,
            matrix,
            choice.regularisation,
            gram_weight=choice.gram_weight,
            form_gram_weight=form_weight,
        )
        heads["intent"] = heads["intent"].with_thresholds({intents.THRESHOLDED: choice.threshold})
        report["k_fold"] = _k_fold(exemplars, matrix, options["folds"], choice)
        report["held_out"] = {str(p): held_out(p, heads) for p in options["held_out"]}
        if not options["dry_run"]:
            intents.save_model(heads, regularisation=choice.regularisation)
            intents.model.cache_clear()
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))


@dataclass(frozen=True)
class SetQuestion:
    text: str
    kind: str
    vector: np.ndarray
    backstop: bool  # the refusal backstop asks for it in so many words


def load_questions(directory: Path) -> list[SetQuestion]:
    """A question set's questions whose kind says what intent they should get."""
    rows = [q for q in load_set(directory).questions if q.get("kind") in EXPECTED_INTENTS]
    texts = [str(q["question"]) for q in rows]
    matrix = intents.vectors(texts) if texts else np.zeros((0, 1))
    return [
        SetQuestion(text, str(q["kind"]), vector, intents.refusal_backstop(text) is not None)
        for text, q, vector in zip(texts, rows, matrix, strict=True)
    ]


@dataclass(frozen=True)
class Choice:
    regularisation: float
    threshold: float
    gram_weight: float = 0.0
    form_gram_weight: float = intents.FORM_GRAM_WEIGHT

    @property
    def key(self) -> tuple[float, float]:
        return (self.regularisation, self.gram_weight)


@dataclass(frozen=True)
class Scored:
    """A question under one fitted model: its refusal probability and the intent it gets below
    the threshold."""

    kind: str
    refusal: float
    other: str
    backstop: bool

    def intent(self, threshold: float) -> str:
        if self.refusal >= threshold or (self.backstop and self.other in BACKSTOP_OVERRIDES):
            return "refusal"
        return self.other

    def wrong(self, threshold: float) -> bool:
        return self.intent(threshold) not in EXPECTED_INTENTS[self.kind]


def score(questions: Sequence[SetQuestion], head: intents.Head) -> list[Scored]:
    free = head.with_thresholds({intents.THRESHOLDED: math.inf})
    scored = []
    for q in questions:
        probabilities = head.probabilities(head.features(q.text, q.vector))
        scored.append(
            Scored(
                q.kind, probabilities.get(intents.THRESHOLDED, 0.0), free.decide(probabilities), q.backstop
            )
        )
    return scored


def place_threshold(scored: Sequence[Scored]) -> tuple[float, int, float]:
    """The refusal threshold with fewest wrong intents over `scored`, in the middle (in log-odds)
    of the widest gap between refusal probabilities that gives that many: a boundary as far from
    the questions on either side as they allow. Returns (threshold, wrong, gap width)."""
    low, high = THRESHOLD_BOUNDS
    edges = sorted({low, high, *(s.refusal for s in scored if low < s.refusal < high)})
    best: tuple[int, float, float] | None = None
    for a, b in itertools.pairwise(edges):
        middle = _expit((_logit(a) + _logit(b)) / 2)
        wrong = sum(s.wrong(middle) for s in scored)
        width = _logit(b) - _logit(a)
        if best is None or (wrong, -width) < (best[0], -best[1]):
            best = (wrong, width, middle)
    assert best is not None
    return best[2], best[0], best[1]


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def _expit(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def choose(
    exemplars: Sequence[intents.Exemplar], matrix: np.ndarray, sets: dict[str, list[SetQuestion]]
) -> tuple[Choice, dict[str, Any]]:
    """The intent head's regularisation, weight of character n-grams and refusal threshold with
    fewest wrong intents over all `sets`, and the report: per set, its figures under the choice
    made on the other sets (held out) and under the choice made on all (fitted)."""
    scored: dict[tuple[float, float], dict[str, list[Scored]]] = {}
    for c in intents.REGULARISATIONS:
        for weight in intents.GRAM_WEIGHTS:
            head = intents.fit_heads(exemplars, matrix, c, gram_weight=weight, heads_fitted=("intent",))
            scored[c, weight] = {name: score(qs, head["intent"]) for name, qs in sets.items()}

    def chosen(names: Sequence[str]) -> Choice:
        ranked = []
        for (c, weight), by_set in scored.items():
            threshold, wrong, width = place_threshold([s for n in names for s in by_set[n]])
            ranked.append((wrong, -width, c, weight, threshold))
        _, _, c, weight, threshold = min(ranked)
        return Choice(c, threshold, weight)

    overall = chosen(list(sets))
    report: dict[str, Any] = {
        "exemplars": len(exemplars),
        "chosen": _described(overall),
        "set_folds": {},
    }
    pooled: dict[str, list[tuple[Scored, float]]] = {"held_out": [], "fitted": []}
    for name in sets:
        held = chosen([n for n in sets if n != name])
        report["set_folds"][name] = {
            "held_out": figures([(s, held.threshold) for s in scored[held.key][name]]) | _described(held),
            "fitted": figures([(s, overall.threshold) for s in scored[overall.key][name]]),
        }
        pooled["held_out"] += [(s, held.threshold) for s in scored[held.key][name]]
        pooled["fitted"] += [(s, overall.threshold) for s in scored[overall.key][name]]
    report["pooled"] = {key: figures(rows) for key, rows in pooled.items()}
    return overall, report


def _described(choice: Choice) -> dict[str, float]:
    return {
        "regularisation": choice.regularisation,
        "gram_weight": choice.gram_weight,
        "refusal_threshold": round(choice.threshold, 4),
    }


def figures(rows: Sequence[tuple[Scored, float]]) -> dict[str, Any]:
    """Intent accuracy, refusals of advice requests, plain questions refused and quote requests
    routed, over questions each scored with its threshold."""
    advice = [s.intent(t) == "refusal" for s, t in rows if s.kind == "advice_refusal"]
    quotes = [not s.wrong(t) for s, t in rows if s.kind == "quote_intent"]
    return {
        "n": len(rows),
        "intent_accuracy": round(1 - sum(s.wrong(t) for s, t in rows) / max(1, len(rows)), 4),
        "refusals": round(sum(advice) / max(1, len(advice)), 4),
        "plain_refused": sum(s.kind in PLAIN_KINDS and s.intent(t) == "refusal" for s, t in rows),
        "quotes_routed": round(sum(quotes) / max(1, len(quotes)), 4),
    }


def _k_fold(
    exemplars: list[intents.Exemplar], matrix: Any, folds: int, choice: Choice | None = None
) -> dict[str, float]:
    """Accuracy of each head on the exemplars it was not fitted on (stratified by intent)."""
    from sklearn.model_selection import StratifiedKFold

    choice = choice or Choice(intents.REGULARISATION, math.inf)
    right: dict[str, int] = {}
    total: dict[str, int] = {}
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for train, test in splitter.split(matrix, [e.labels["intent"] for e in exemplars]):
        heads = intents.fit_heads(
            [exemplars[i] for i in train],
            matrix[train],
            choice.regularisation,
            gram_weight=choice.gram_weight,
            form_gram_weight=choice.form_gram_weight,
        )
        if math.isfinite(choice.threshold):
            heads["intent"] = heads["intent"].with_thresholds({intents.THRESHOLDED: choice.threshold})
        for i in test:
            predicted = intents.classify(exemplars[i].text, matrix[i], heads)
            for head, value in (
                ("intent", predicted.intent),
                ("refusal_kind", predicted.refusal_kind),
                ("answer_type", predicted.answer_type),
                ("form", predicted.form),
            ):
                if head in exemplars[i].labels:
                    total[head] = total.get(head, 0) + 1
                    right[head] = right.get(head, 0) + (value == exemplars[i].labels[head])
    return {head: round(right[head] / total[head], 4) for head in total}


def choose_form_weight(
    exemplars: Sequence[intents.Exemplar], matrix: np.ndarray
) -> tuple[float, dict[str, Any]]:
    """The form head's n-gram weight (intents.FORM_GRAM_WEIGHTS) with most right forms on
    exemplars of an answer type it was not fitted on: the subjects a form is asked of change from
    one type to the next ("賠償比例", "等候期"), its frame does not, so a weight that only pays on
    subjects seen is not chosen. Reported beside it: held out by language and by 5 stratified folds."""
    from sklearn.model_selection import StratifiedKFold

    types = [e.labels.get("answer_type", "") for e in exemplars]
    languages = [e.lang for e in exemplars]
    stratified = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    groupings = {
        "by_answer_type": _grouped(types),
        "by_language": _grouped(languages),
        "k_fold": list(stratified.split(matrix, [e.labels["intent"] for e in exemplars])),
    }
    figures = {
        str(weight): {
            name: _form_accuracy(exemplars, matrix, folds, weight) for name, folds in groupings.items()
        }
        for weight in intents.FORM_GRAM_WEIGHTS
    }
    best = max(intents.FORM_GRAM_WEIGHTS, key=lambda w: (figures[str(w)]["by_answer_type"], -w))
    return best, {"chosen_gram_weight": best, "out_of_fold_accuracy": figures}


def _grouped(groups: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    """One fold per group: fitted on the others, scored on it."""
    labels = np.asarray(groups)
    return [(np.flatnonzero(labels != g), np.flatnonzero(labels == g)) for g in sorted(set(groups))]


def _form_accuracy(
    exemplars: Sequence[intents.Exemplar],
    matrix: np.ndarray,
    folds: Sequence[tuple[np.ndarray, np.ndarray]],
    weight: float,
) -> float:
    right = total = 0
    for train, test in folds:
        fitted = intents.fit_heads(
            [exemplars[i] for i in train], matrix[train], heads_fitted=("form",), form_gram_weight=weight
        )
        head = fitted["form"]
        for i in test:
            if "form" in exemplars[i].labels:
                probabilities = head.probabilities(head.features(exemplars[i].text, matrix[i]))
                right += head.decide(probabilities) == exemplars[i].labels["form"]
                total += 1
    return round(right / max(1, total), 4)


def held_out(directory: Path, heads: dict[str, intents.Head]) -> dict[str, Any]:
    """Intent accuracy on a question set's `kind` labels, and comparison recall on its compare questions."""
    questions = [q for q in load_set(directory).questions if q.get("kind") in EXPECTED_INTENTS]
    matrix = intents.vectors([str(q["question"]) for q in questions])
    wrong = []
    compared = compares = 0
    for question, vector in zip(questions, matrix, strict=True):
        labels = intents.classify(str(question["question"]), vector, heads)
        if labels.intent not in EXPECTED_INTENTS[question["kind"]]:
            wrong.append({"id": question.get("id"), "kind": question["kind"], "got": labels.intent})
        if question["kind"] == "compare":
            compares += 1
            compared += labels.form == "comparison"
    return {
        "n": len(questions),
        "intent_accuracy": round(1 - len(wrong) / max(1, len(questions)), 4),
        "comparison_recall": round(compared / compares, 4) if compares else None,
        "wrong": wrong,
    }
