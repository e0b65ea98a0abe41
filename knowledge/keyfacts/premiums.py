"""Indicative premiums read from a document's published premium or rate table.

An estimate is the table's own cell, cited, for the row of the given age band (or row
label) and the chosen column. An age or option the table does not have is refused with
the table's range, never rounded to the nearest row: the insurer's quote is what applies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from knowledge.keyfacts.extract import fold
from knowledge.keyfacts.spec import DATA_DIR
from knowledge.loaders import Block

_FIGURE = re.compile(r"^[^\d]{0,12}\d[\d,]*(?:\.\d+)?\s*%?\s*[^\d]{0,6}$")
_RANGE = re.compile(r"^\s*(\d{1,3})\s*(?:歲|岁|周岁|週歲)?\s*(?:–|-|~|至|to)\s*(\d{1,3})")
_SINGLE = re.compile(r"^\s*(\d{1,3})\s*(?:歲|岁|周岁|週歲)?")
OPEN_ABOVE = 200  # an open band ("71 and over") ends beyond any age


@dataclass(frozen=True)
class Band:
    low: int
    high: int
    label: str
    renewal_only: bool


@dataclass(frozen=True)
class RateTable:
    section: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    bands: tuple[Band, ...] = ()  # empty when rows are keyed by label, not age

    @property
    def by_age(self) -> bool:
        return bool(self.bands)

    @property
    def options(self) -> tuple[str, ...]:
        return self.header[1:]

    @property
    def age_range(self) -> tuple[int, int] | None:
        if not self.bands:
            return None
        return min(b.low for b in self.bands), max(b.high for b in self.bands)


@dataclass(frozen=True)
class Estimate:
    value: str  # the cell as the document states it
    row: str
    column: str
    section: str
    quote: str
    renewal_only: bool


@dataclass(frozen=True)
class Refusal:
    reason: str  # "age" | "option" | "row"
    detail: str


@cache
def _words() -> dict[str, tuple[str, ...]]:
    raw = yaml.safe_load((DATA_DIR / "keyfacts.yaml").read_text(encoding="utf-8"))["rate_tables"]
    return {k: tuple(fold(w) for w in v) for k, v in raw.items()}


@cache
def _age_fields() -> dict[str, str]:
    raw = yaml.safe_load((DATA_DIR / "keyfacts.yaml").read_text(encoding="utf-8"))
    return dict(raw.get("enquiry_age_field", {}))


def parse_band(label: str) -> Band | None:
    """An age band from a row label: "31–40", "71–100 (renewal only)", "71 and over", "55歲"."""
    words = _words()
    folded = fold(label)
    renewal = any(w in folded for w in words["renewal_only"])
    if m := _RANGE.match(label):
        low, high = int(m.group(1)), int(m.group(2))
        return Band(low, high, label, renewal) if low <= high else None
    if m := _SINGLE.match(label):
        age = int(m.group(1))
        rest = folded[m.end() :].strip()
        if any(rest.startswith(w) for w in words["open_ended"]):
            return Band(age, OPEN_ABOVE, label, renewal)
        if not rest or rest[0] in "(（":
            return Band(age, age, label, renewal)
    return None


def _is_figures(rows: list[list[str]]) -> bool:
    cells = [c for r in rows for c in r[1:] if c.strip()]
    return bool(cells) and all(_FIGURE.match(c.strip()) for c in cells)


def rate_tables(blocks: list[Block]) -> list[RateTable]:
    """The document's premium and rate tables, in order."""
    words = _words()
    found: list[RateTable] = []
    section = ""
    for block in blocks:
        if block.kind == "heading":
            section = block.text.strip()
        if block.kind != "table" or len(block.header) < 2 or not block.rows:
            continue
        rows = tuple(tuple(c.strip() for c in r) for r in block.rows if len(r) == len(block.header))
        if fold(block.header[0]).strip() and any(w in fold(block.header[0]) for w in words["age_words"]):
            bands = [parse_band(r[0]) for r in rows]
            if all(bands) and _is_figures([list(r) for r in rows]):
                found.append(RateTable(section, tuple(block.header), rows, tuple(b for b in bands if b)))
            continue
        named = fold(section + " " + " ".join(block.header))
        labels = [r[0] for r in rows]
        unique = len(set(labels)) == len(labels)  # a row label must pick one row
        if (
            unique
            and any(w in named for w in words["section_words"])
            and _is_figures([list(r) for r in rows])
        ):
            found.append(RateTable(section, tuple(block.header), rows))
    return found


def estimate(
    table: RateTable, *, column: str, age: int | None = None, row: str | None = None
) -> Estimate | Refusal:
    """The cell for `age` (an age-banded table) or `row` (a labelled one) under `column`.

    Refuses, with what the table does cover, an option not in the header, an age outside
    every band, or a row label the table does not have.
    """
    if column not in table.options:
        return Refusal("option", ", ".join(table.options))
    index = table.header.index(column)
    if table.by_age:
        if age is None:
            return Refusal("age", "")
        band = next((b for b in table.bands if b.low <= age <= b.high), None)
        if band is None:
            low, high = table.age_range or (0, 0)
            return Refusal("age", f"{low}–{high}" if high < OPEN_ABOVE else f"{low}+")
        cells = table.rows[table.bands.index(band)]
        return Estimate(cells[index], band.label, column, table.section, " | ".join(cells), band.renewal_only)
    cells_or_none = next((r for r in table.rows if r[0] == row), None)
    if cells_or_none is None:
        return Refusal("row", ", ".join(r[0] for r in table.rows))
    return Estimate(
        cells_or_none[index], cells_or_none[0], column, table.section, " | ".join(cells_or_none), False
    )


def enquiry_query(line: str, age: int | str | None) -> dict[str, str]:
    """The enquiry form's prefill for an estimate's age ({} when the line's form has no age)."""
    field = _age_fields().get(line)
    return {field: str(age)} if field and age not in (None, "") else {}


def document_rate_tables(path: Path) -> list[RateTable]:
    from knowledge.loaders import load_blocks

    return rate_tables(load_blocks(path))
