"""Demo plan documents attached to the demo catalogue, ready, without indexing (no Chroma)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.core.files import File

from knowledge.models import PlanDocument
from portal.models import Product

DEMO = Path(__file__).resolve().parents[2] / "knowledge" / "demo_corpus"


def attach_demo_documents() -> None:
    for entry in json.loads((DEMO / "manifest.json").read_text(encoding="utf-8")):
        path = DEMO / entry["file"]
        with path.open("rb") as handle:
            PlanDocument.objects.create(
                doc_id=entry["doc_id"],
                product=Product.objects.get(slug=entry["product"]),
                title=entry["title"],
                language=entry["language"],
                effective_date=dt.date.fromisoformat(entry["effective_date"]),
                status=PlanDocument.Status.READY,
                checksum=entry["doc_id"],
                file=File(handle, name=path.name),
            )
