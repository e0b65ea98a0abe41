"""Loading insurer appetite from a YAML or JSON file (format in the README, "Appetite file")."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from crossborder.models import ApplicantJurisdiction, DataLocation, InsurerAppetite
from portal.models import Insurer, ProductLine

FIELDS: dict[str, type | tuple[type, ...]] = {
    "active": bool,
    "product_lines": list,
    "jurisdictions": list,
    "min_turnover_hkd": (int, type(None)),
    "max_turnover_hkd": (int, type(None)),
    "excluded_countries": list,
    "daily_cap": (int, type(None)),
    "weight": int,
    "underwriter_cases": bool,
    "places_us_cgl": bool,
    "data_location": str,
    "webhook_url": str,
    "webhook_secret": str,
    "notify_email": str,
}


def read(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    rows = data.get("appetite") if isinstance(data, dict) else None
    if not isinstance(rows, list):
        raise ValidationError("the file must hold a top-level `appetite:` list")
    return rows


def _check(row: dict[str, Any], where: str) -> dict[str, Any]:
    unknown = set(row) - set(FIELDS) - {"insurer"}
    if unknown:
        raise ValidationError(f"{where}: unknown keys {sorted(unknown)}")
    for key, kind in FIELDS.items():
        if key in row and not isinstance(row[key], kind):
            raise ValidationError(f"{where}: {key} has the wrong type")
    if bad := set(row.get("product_lines", [])) - set(ProductLine.values):
        raise ValidationError(f"{where}: unknown product lines {sorted(bad)}")
    if bad := set(row.get("jurisdictions", [])) - set(ApplicantJurisdiction.values):
        raise ValidationError(f"{where}: unknown jurisdictions {sorted(bad)}")
    if row.get("data_location", "") not in ("", *DataLocation.values):
        raise ValidationError(f"{where}: data_location must be one of {DataLocation.values}")
    return {k: v for k, v in row.items() if k != "insurer"}


def load(rows: list[dict[str, Any]]) -> int:
    """All or nothing: one bad row and nothing is changed."""
    with transaction.atomic():
        for n, row in enumerate(rows, 1):
            where = f"entry {n} ({row.get('insurer', '?')})"
            values = _check(row, where)
            insurer = Insurer.objects.filter(slug=row.get("insurer")).first()
            if insurer is None:
                raise ValidationError(f"{where}: no insurer with that slug")
            appetite = InsurerAppetite.objects.filter(insurer=insurer).first() or InsurerAppetite(
                insurer=insurer
            )
            for key, value in values.items():
                setattr(appetite, key, value)
            appetite.full_clean()
            appetite.save()
    return len(rows)
