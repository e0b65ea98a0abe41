"""Facts read whole from a document's tables and lists, not from one value near a label.

Two readers, chosen by the value type's `reader` in knowledge/data/keyfacts.yaml:

- `grades`: the market (country) grades a rate table is keyed by, each with the markets the
  document lists for it ("A | United States, Canada …", "甲級：美國、加拿大…", "Grade C
  (moderate risk, e.g. Brazil, Mexico)"). The fullest statement in the document wins: a list of
  grades with their markets over a rate table's bare grade labels.
- `payout`: what a payout table pays per amount of premium: its first figure with the amount
  it is per ("4,120 · 每HK$1,000,000"), the amount read from the table's lead-in, heading or
  header. A table that does not say what its figures are per yields nothing.

Every part of a value is a span of the cited rows or sentence, so `verify` holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from knowledge.keyfacts.extract import HIGH, ROW_SEPARATOR, Fact, Unit, fold
from knowledge.keyfacts.kinds import JOINER, _tables
from knowledge.keyfacts.spec import Attribute, Vocabulary

_FIGURE = re.compile(r"(?:HK\$|US\$|RMB)?\s?\d[\d,]*(?:\.\d+)?\s?%?")
_PROSE_END = re.compile(r"[。；;.]")
LEAD_IN = 3  # sentences before a table that may say what its figures are per


def table_fact(units: Sequence[Unit], attribute: Attribute, vocab: Vocabulary) -> Fact | None:
    spec = vocab.readers[attribute.type]
    if spec["reader"] == "grades":
        return _grades_fact(units, attribute, spec)
    return _payout_fact(units, attribute, spec)


def _is_figure(cell: str) -> bool:
    return _FIGURE.fullmatch(cell.strip()) is not None


def _text_columns(table: list[Unit]) -> list[int]:
    """Columns whose cells are mostly words, not figures."""
    width = min(len(row.cells) for row in table)
    return [
        i
        for i in range(width)
        if sum(bool(row.cells[i].strip()) and not _is_figure(row.cells[i]) for row in table) * 2 > len(table)
    ]


def _grade_entries_from_table(table: list[Unit], words: list[str]) -> list[str]:
    """Each row's grade with its markets (the first two word columns), or the grade alone."""
    texts = _text_columns(table)
    header = table[0].header
    grade = next(
        (i for i in texts if i < len(header) and any(fold(w) in fold(header[i]) for w in words)), None
    )
    if grade is None or len(table) < 2:
        return []
    last = max(grade, next((i for i in texts if i != grade), grade))
    return [" | ".join(row.cells[: last + 1]).strip() for row in table]


def _grade_entries_from_prose(unit: Unit, label: re.Pattern[str]) -> list[str]:
    """ "甲級：美國、加拿大…乙級：…": each grade to the next, the end of its line or sentence."""
    starts = [m.start() for m in label.finditer(unit.text)]
    if len(starts) < 2:
        return []
    entries = []
    for start, stop in zip(starts, [*starts[1:], len(unit.text)], strict=True):
        stop = min([stop, *(b for b in unit.breaks if start < b < stop)])
        end = _PROSE_END.search(unit.text, start, stop)
        entries.append(unit.text[start : end.start() if end else stop].strip(" ，,、"))
    return entries


def _grades_fact(units: Sequence[Unit], attribute: Attribute, spec: dict[str, Any]) -> Fact | None:
    label = re.compile(spec["label"], re.IGNORECASE)
    found: list[tuple[int, list[str], list[Unit]]] = []
    for table in _tables(units):
        if entries := _grade_entries_from_table(table, spec["header_words"]):
            found.append((sum(map(len, entries)), entries, table))
    for unit in units:
        if not unit.is_row and (entries := _grade_entries_from_prose(unit, label)):
            found.append((sum(map(len, entries)), entries, [unit]))
    if not found:
        return None
    _, entries, cited = max(found, key=lambda f: f[0])
    first = cited[0]
    return Fact(
        attribute=attribute.key,
        value=JOINER.join(entries),
        quote=ROW_SEPARATOR.join(u.text for u in cited),
        section=first.section,
        unit=first.index,
        page=first.page,
        confidence=HIGH,
    )


def _payout_fact(units: Sequence[Unit], attribute: Attribute, spec: dict[str, Any]) -> Fact | None:
    basis = re.compile(spec["basis"], re.IGNORECASE)
    for table in _tables(units):
        # A header may run on into rows without figures (" | age | period"): they are header too.
        body = [row for row in table if any(_is_figure(c) for c in row.cells)]
        if not body:
            continue
        head = [row for row in table if row.index < body[0].index]
        columns = [" ".join(cells) for cells in zip(table[0].header, *(r.cells for r in head), strict=False)]
        header = " | ".join(columns)
        if not any(fold(w) in fold(header) for w in spec["age_words"]):
            continue
        first = table[0]
        lead = [u for u in units[max(0, first.index - LEAD_IN) : first.index] if u.section == first.section]
        named = " ".join([first.section, header, *(u.text for u in lead)])
        if not any(fold(w) in fold(named) for w in spec["words"]):
            continue
        said = next(
            ((m, text) for text in [*(u.text for u in reversed(lead)), header] if (m := basis.search(text))),
            None,
        )
        row = body[0]
        # The first figure not in an age column (the age a row is read by is not a payout).
        figure = next(
            (
                cell
                for i, cell in enumerate(row.cells)
                if i
                and _is_figure(cell)
                and not (i < len(columns) and any(fold(w) in fold(columns[i]) for w in spec["age_words"]))
            ),
            None,
        )
        if said is None or figure is None:
            continue
        return Fact(
            attribute=attribute.key,
            value=JOINER.join([figure.strip(), said[0].group().strip()]),
            quote=ROW_SEPARATOR.join([said[1], row.text]),
            section=row.section,
            unit=row.index,
            page=row.page,
            confidence=HIGH,
        )
    return None


def grades_key(value: str) -> str:
    """The grade entries a value states, whatever their order, spacing or punctuation."""
    return "|".join(sorted(re.sub(r"[\W_]+", "", fold(part)) for part in value.split(JOINER.strip())))
