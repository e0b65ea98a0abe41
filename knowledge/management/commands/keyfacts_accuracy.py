"""Score key-fact extraction against the hand-written gold, per attribute and per line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from knowledge.keyfacts.scoring import GOLD_PATH, Report, load_gold, score_sets
from knowledge.loaders import DocumentError

DEMO = Path(settings.BASE_DIR) / "knowledge" / "demo_corpus"


class Command(BaseCommand):
    help = (
        "Key-fact accuracy against knowledge/data/keyfacts_gold.yaml. Fitted sets (default: the demo "
        "corpus) and held-out sets are reported apart, then together. Invented values must be zero."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "fitted", nargs="*", type=Path, help="eval-set folders the vocabulary was fitted on"
        )
        parser.add_argument("--held-out", action="append", type=Path, default=[], help="a held-out folder")
        parser.add_argument("--gold", type=Path, default=GOLD_PATH)
        parser.add_argument("--errors", action="store_true", help="list every wrong value")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        gold = load_gold(options["gold"])
        fitted = options["fitted"] or [DEMO]
        groups = [
            ("fitted", fitted),
            ("held out", options["held_out"]),
            ("all", fitted + options["held_out"]),
        ]
        try:
            reports = [score_sets(name, dirs, gold) for name, dirs in groups if dirs]
        except (KeyError, DocumentError, FileNotFoundError) as exc:
            raise CommandError(str(exc)) from None
        if options["json"]:
            self.stdout.write(json.dumps([_as_dict(r) for r in reports], ensure_ascii=False, indent=2))
        else:
            for report in reports:
                self.stdout.write(_as_text(report, errors=options["errors"]))
        if any(r.invented() for r in reports):
            raise CommandError("invented values: a value is not in its cited document")


def _as_dict(report: Report) -> dict[str, Any]:
    return {
        "set": report.name,
        "facts": len(report.outcomes),
        "accuracy": round(report.accuracy(), 3),
        "invented": len(report.invented()),
        "by_line": {k: round(t.accuracy, 3) for k, t in report.by("line").items()},
        "by_attribute": {k: round(t.accuracy, 3) for k, t in report.by("line_attribute").items()},
        "errors": [o.__dict__ for o in report.errors()],
    }


def _as_text(report: Report, *, errors: bool) -> str:
    lines = [
        f"== {report.name}: accuracy {report.accuracy():.3f} over {len(report.outcomes)} facts, "
        f"invented {len(report.invented())}",
        "  per line: "
        + ", ".join(f"{k} {t.accuracy:.3f} ({t.right}/{t.total})" for k, t in report.by("line").items()),
    ]
    lines += [
        f"    {k:42} {t.right:3}/{t.total:<3} {t.accuracy:.3f}"
        for k, t in report.by("line_attribute").items()
    ]
    if errors:
        lines += [
            f"  wrong: {o.doc_id} {o.attribute}: gold {o.gold!r}, got {o.extracted!r}"
            for o in report.errors()
        ]
    return "\n".join(lines) + "\n"
