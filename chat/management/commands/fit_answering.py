"""Fit the answer model on the question sets and write it to chat/data/answer_model.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from chat import scoring
from knowledge.evaluation import default_folds
from knowledge.loaders import DocumentError


class Command(BaseCommand):
    help = (
        "Fit the answering model (unit features → probability that the unit holds the answer) on question "
        "sets, choose its decline threshold on held-out sets, and write the weights to a data file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directories", type=Path, nargs="*", help="question sets (default: the --cv folds)"
        )
        parser.add_argument("--output", type=Path, default=scoring.MODEL_PATH)

    def handle(self, *args: Any, **options: Any) -> None:
        from chat.training import fit, load_folds

        try:
            folds, _ = load_folds(options["directories"] or default_folds(), settings.DATA_DIR / "eval-cache")
            model = fit(folds)
        except (DocumentError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        data = {"fitted_on": sorted(folds), **model.to_json()}
        options["output"].parent.mkdir(parents=True, exist_ok=True)
        options["output"].write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        scoring.default_model.cache_clear()
        regressions = [
            ("units", scoring.FEATURES, model.units),
            ("documents", scoring.DOCUMENT_FEATURES, model.documents),
        ]
        if model.ranking is not None:
            regressions.append(("ranking", scoring.FEATURES, model.ranking))
        for title, names, regression in regressions:
            self.stdout.write(f"{title} (standardised weights):")
            for name, weight in sorted(zip(names, regression.coef, strict=True), key=lambda x: -abs(x[1])):
                self.stdout.write(f"  {name:<18}{weight:+.3f}")
        self.stdout.write(f"threshold {model.threshold:.3f}; written to {options['output']}")
