from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.models import Insurer, Product

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
CORPUS_MANIFEST = Path(__file__).resolve().parents[3] / "knowledge" / "demo_corpus" / "manifest.json"


class Command(BaseCommand):
    help = "Load the fictional demo insurers, products and plan documents (safe to run again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--skip-index", action="store_true", help="load the catalogue only")

    def handle(self, *args: Any, **options: Any) -> None:
        data = yaml.safe_load((DEMO_DIR / "catalogue.yaml").read_text(encoding="utf-8"))
        with transaction.atomic():
            for row in data["insurers"]:
                Insurer.objects.update_or_create(slug=row["slug"], defaults={**row, "is_fictional": True})
            for row in data["products"]:
                fields = {k: v for k, v in row.items() if k != "insurer"}
                fields["insurer"] = Insurer.objects.get(slug=row["insurer"])
                Product.objects.update_or_create(slug=row["slug"], defaults={**fields, "is_fictional": True})
        self.stdout.write(f"{len(data['insurers'])} demo insurers, {len(data['products'])} demo products")
        if not options["skip_index"]:
            call_command("ingest", manifest=CORPUS_MANIFEST, stdout=self.stdout, stderr=self.stderr)
