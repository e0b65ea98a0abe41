"""Which plans settle bills directly at a hospital or in a city: from the network lists
the documents print under a heading such as "Network hospitals (direct billing)"."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import yaml

from knowledge.keyfacts.extract import _find_word, fold
from knowledge.keyfacts.spec import DATA_DIR
from knowledge.loaders import Block

MAX_ITEM = 120  # a list entry names one hospital; a longer text is a paragraph about them
_NAME_END = re.compile(r"\s+[—–-]\s+|[（(]|\s*[,，]\s*")
_NUMBERING = re.compile(r"^\s*(?:\d{1,3}[.)、]|[•\-*·])\s*")


@dataclass(frozen=True)
class NetworkHospital:
    name: str
    city: str  # a key of gba_cities.yaml
    quote: str
    section: str


@cache
def _cities() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    raw = yaml.safe_load((DATA_DIR / "gba_cities.yaml").read_text(encoding="utf-8"))
    names = {
        key: tuple(fold(n) for n in [v["en"], v["zh-Hant"], v["zh-Hans"], *v.get("also", [])])
        for key, v in raw["cities"].items()
    }
    return names, tuple(fold(w) for w in raw["network_headings"])


def city_of(text: str) -> str:
    """The key of the first city the text names ("" if none)."""
    names, _ = _cities()
    folded = fold(text)
    found = [(at, key) for key, forms in names.items() for n in forms if (at := _find_word(folded, n)) >= 0]
    return min(found)[1] if found else ""


def _entries(block: Block) -> Iterable[str]:
    if block.kind == "table":
        yield from (" — ".join(row) for row in block.rows)
    elif block.text:
        yield from (line for line in block.text.splitlines() if line.strip())


def network_hospitals(blocks: list[Block]) -> list[NetworkHospital]:
    """Each hospital listed under a network heading, with its city; other text is skipped."""
    _, headings = _cities()
    found: list[NetworkHospital] = []
    section, listing = "", False
    for block in blocks:
        if block.kind == "heading":
            section = block.text.strip()
            listing = any(w in fold(section) for w in headings)
            continue
        if not listing:
            continue
        for entry in _entries(block):
            city = city_of(entry)
            if not city or len(entry) > MAX_ITEM:
                continue
            name = _NAME_END.split(_NUMBERING.sub("", entry).strip(), maxsplit=1)[0].strip()
            found.append(NetworkHospital(name, city, entry.strip(), section))
    return found


def matches(hospital: NetworkHospital, query: str) -> bool:
    """The query names the hospital (part of its name) or its city, in any of the three languages."""
    folded = fold(query.strip())
    if not folded:
        return False
    names, _ = _cities()
    return folded in fold(hospital.name) or folded in names.get(hospital.city, ())
