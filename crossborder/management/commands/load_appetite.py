from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from crossborder import appetite

DEMO = Path(__file__).resolve().parents[2] / "demo" / "appetite.yaml"


class Command(BaseCommand):
    help = "Load insurer appetite (routing data) from a YAML or JSON file; all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEMO), help="defaults to the demo appetite")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            count = appetite.load(appetite.read(Path(options["path"])))
        except (ValidationError, OSError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"loaded appetite for {count} insurer(s)")
