from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from knowledge.fidelity import document_paths, measure, total


class Command(BaseCommand):
    help = (
        "Report how faithfully the loaders read plan documents: tables found, rows read with their "
        "headers, blocks and chunk lines with clean text, headings that are not table cells."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directories", nargs="+", type=Path, help="folders of documents (or eval sets)")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")
        parser.add_argument("--details", action="store_true", help="list per document and show failures")

    def handle(self, *args: Any, **options: Any) -> None:
        report: dict[str, Any] = {}
        for directory in options["directories"]:
            results = [measure(p) for p in document_paths([directory])]
            report[str(directory)] = {"total": total(results), "documents": [asdict(r) for r in results]}
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        for directory, figures in report.items():
            self.stdout.write(f"{directory}")
            for key, value in figures["total"].items():
                self.stdout.write(f"  {key:<20} {value}")
            if options["details"]:
                for doc in figures["documents"]:
                    self._write_document(doc)

    def _write_document(self, doc: dict[str, Any]) -> None:
        name = Path(doc["path"]).name
        if doc["error"]:
            self.stdout.write(f"    {name}: FAILED {doc['error']}")
            return
        self.stdout.write(
            f"    {name}: tables {doc['tables']}, rows {doc['rows_with_headers']}/{doc['rows']} headed, "
            f"clean {doc['clean_blocks']}/{doc['blocks']}, headings {doc['true_headings']}/{doc['headings']}"
        )
        for text in doc["dirty"]:
            self.stdout.write(f"      dirty: {text!r}")
        for text in doc["false_headings"][:5]:
            self.stdout.write(f"      not a heading: {text!r}")
