"""Fit the question-understanding classifier on the exemplars; report k-fold and held-out accuracy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from chat import intents
from knowledge.evaluation import load_set

# What a question set's `kind` means for the intent a message should get.
EXPECTED_INTENTS: dict[str, frozenset[str]] = {
    "answerable": frozenset({"answer"}),
    "compare": frozenset({"answer"}),
    # An unanswerable question is still a question (declined later); an off-topic one is out of scope.
    "unanswerable": frozenset({"answer", "out_of_scope"}),
    "advice_refusal": frozenset({"refusal"}),
    "quote_intent": frozenset({"quote", "handoff"}),
}


class Command(BaseCommand):
    help = "Fit chat/data/intent_model.json on chat/data/exemplars.jsonl; print cross-validated accuracy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folds", type=int, default=5)
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
        report: dict[str, Any] = {
            "exemplars": len(exemplars),
            "k_fold": _k_fold(exemplars, matrix, options["folds"]),
        }
        heads = intents.fit_heads(exemplars, matrix)
        report["held_out"] = {str(p): held_out(p, heads) for p in options["held_out"]}
        if not options["dry_run"]:
            intents.save_model(heads)
            intents.model.cache_clear()
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))


def _k_fold(exemplars: list[intents.Exemplar], matrix: Any, folds: int) -> dict[str, float]:
    """Accuracy of each head on the exemplars it was not fitted on (stratified by intent)."""
    from sklearn.model_selection import StratifiedKFold

    right: dict[str, int] = {}
    total: dict[str, int] = {}
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=0)
    for train, test in splitter.split(matrix, [e.labels["intent"] for e in exemplars]):
        heads = intents.fit_heads([exemplars[i] for i in train], matrix[train])
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
