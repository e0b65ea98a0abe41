from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from knowledge.evaluation import RANKING_CHUNKS, default_folds, load_set, score_retrieval, temporary_index
from knowledge.loaders import DocumentError
from knowledge.retrieval import retrieve


class Command(BaseCommand):
    help = "Evaluate retrieval (and, when the chat app provides it, answers) on an eval set folder."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directories",
            type=Path,
            nargs="*",
            help="folders with manifest.json and questions.jsonl (one, or the folds for --cv)",
        )
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument(
            "--cv",
            action="store_true",
            help="leave-one-set-out: fit the answer model on all sets but one and score that one, for each "
            "(default sets: eval-dev, eval-dev-b, eval-dev-c, the demo corpus and knowledge/eval_sets/team)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directories: list[Path] = options["directories"]
        if options["cv"]:
            self._cross_validate(directories, as_json=options["json"])
            return
        if len(directories) != 1:
            raise CommandError("give one set folder (several only with --cv)")
        options["directory"] = directories[0]
        try:
            eval_set = load_set(options["directory"])
        except (DocumentError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        report: dict[str, Any] = {"set": str(options["directory"]), "questions": len(eval_set.questions)}
        with temporary_index(eval_set) as failures:
            report["ingest_failures"] = failures
            report["retrieval"] = score_retrieval(eval_set, lambda q: retrieve(q, k=RANKING_CHUNKS))
            report["answers"] = _score_answers(eval_set.questions, eval_set.manifest)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_report(report))

    def _cross_validate(self, directories: list[Path], *, as_json: bool) -> None:
        """Over the named sets, or every default one (a missing default set is an error)."""
        from chat.training import cross_validate, load_folds

        if len(directories) == 1:
            raise CommandError("--cv needs at least two sets")
        try:
            folds, manifests = load_folds(directories or default_folds(), settings.DATA_DIR / "eval-cache")
        except (DocumentError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        results = cross_validate(folds, manifests)
        if as_json:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(format_cv(results))


CV_METRICS = [
    "fact_recall",
    "false_decline",
    "decline",
    "refusal",
    "cited_expected",
    "citations",
    "precision",
]


def format_cv(results: dict[str, Any]) -> str:
    """Per fold, each answer figure held out (model fitted on the other folds) / fitted on all folds."""
    lines = [
        "Answers, leave-one-set-out: held out / fitted on all sets",
        f"  {'set':<16}{'n':>5}" + "".join(f"{m:>20}" for m in CV_METRICS) + f"{'threshold':>11}",
    ]
    for name, fold in results.items():
        if name == "all":
            continue
        held, fitted = fold["held_out"]["overall"], fold["fitted"]["overall"]
        cells = "".join(f"{_pair(held.get(m), fitted.get(m)):>20}" for m in CV_METRICS)
        threshold = f"{fold['threshold']:>11.3f}" if "threshold" in fold else ""
        lines.append(f"  {name:<16}{held['n']:>5}{cells}{threshold}")
    lines.append(f"  threshold fitted on all sets: {results['all']['threshold']:.3f}")
    return "\n".join(lines)


def _pair(held: float | None, fitted: float | None) -> str:
    def cell(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    return f"{cell(held)} / {cell(fitted)}"


def _score_answers(questions: list[dict[str, Any]], manifest: list[dict[str, Any]]) -> dict[str, Any]:
    try:
        from chat.evaluation import score_answers  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return {"unavailable": "answer scoring is unavailable: the chat app has no chat.evaluation module"}
    result: dict[str, Any] = score_answers(questions, manifest)
    return result


def format_report(report: dict[str, Any]) -> str:
    lines = [f"Evaluation of {report['set']} ({report['questions']} questions)"]
    for failure in report["ingest_failures"]:
        lines.append(f"  ingest FAILED: {failure}")
    lines.append("")
    lines.append("Retrieval (hit@1, hit@5, MRR, facts-in-context recall over the top 5 chunks)")
    retrieval = report["retrieval"]
    lines.extend(_table(retrieval, ["hit@1", "hit@5", "mrr", "facts_in_context"]))
    if retrieval["misses"]:
        lines.append("  not first or facts missing:")
        for miss in retrieval["misses"]:
            lines.append(f"    {miss['id']}: expected {miss['expect_docs']}, got {miss['top_docs']}")
    lines.append("")
    lines.append("Answers")
    answers = report["answers"]
    if "unavailable" in answers:
        lines.append(f"  {answers['unavailable']}")
    else:
        lines.extend(f"  {line}" for line in _flatten(answers))
    return "\n".join(lines)


def _table(section: dict[str, Any], metrics: list[str]) -> list[str]:
    header = f"  {'slice':<28}{'n':>4}" + "".join(f"{m:>18}" for m in metrics)
    lines = [header]
    groups: list[tuple[str, dict[str, Any]]] = [("overall", section["overall"])]
    for key, values in section.items():
        if key.startswith("by_"):
            groups.extend((f"{key[3:]}={name}", figures) for name, figures in values.items())
    for name, figures in groups:
        cells = "".join(
            f"{'-' if figures.get(m) is None else format(figures[m], '.3f'):>18}" for m in metrics
        )
        lines.append(f"  {name:<28}{figures['n']:>4}{cells}")
    return lines


def _flatten(data: Any, prefix: str = "") -> list[str]:
    if isinstance(data, dict):
        return [line for key, value in data.items() for line in _flatten(value, f"{prefix}{key}.")]
    return [f"{prefix.rstrip('.')}: {data}"]
