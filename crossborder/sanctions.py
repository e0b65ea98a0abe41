"""The sanctions list used by routing rule R11, as data.

The list lives in a YAML file: by default `crossborder/data/sanctions.yaml`, or the file named by
the `SANCTIONS_FILE` setting. Format::

    version: "2026-11-01"          # shown in routing reasons, so a decision names the list it used
    source: "where the codes come from"
    countries: [KP, IR, SY, CU]    # ISO 3166-1 alpha-2, upper case

A missing or malformed file raises ImproperlyConfigured: routing must never run with an empty
screen by accident. The file is read once per process (restart workers after changing it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "sanctions.yaml"
_ISO = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class SanctionsList:
    version: str
    source: str
    countries: frozenset[str]


def read(path: Path) -> SanctionsList:
    """Parse and check one sanctions file; raises ImproperlyConfigured on any problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ImproperlyConfigured(f"sanctions file {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("countries"), list):
        raise ImproperlyConfigured(f"sanctions file {path}: needs a `countries:` list")
    codes = [str(c) for c in data["countries"]]
    if bad := [c for c in codes if not _ISO.match(c)]:
        raise ImproperlyConfigured(f"sanctions file {path}: not ISO alpha-2 codes: {bad[:5]}")
    return SanctionsList(str(data.get("version", "")), str(data.get("source", "")), frozenset(codes))


@lru_cache(maxsize=4)
def _load(path: str) -> SanctionsList:
    return read(Path(path))


def current() -> SanctionsList:
    """The configured list (cached per path, so tests may point SANCTIONS_FILE elsewhere)."""
    return _load(str(getattr(settings, "SANCTIONS_FILE", "") or DEFAULT_FILE))
