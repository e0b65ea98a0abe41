"""Tables in answers: structured for the widget and API clients, with a plain-text rendering.

An answer's table is data (caption, column headers, rows, a citation per cell), so the widget
renders a real `<table>` and an API client reads the cells; `Table.as_text` is what the
answer's `text` holds in its place. Table rows quoted from a document are found in the
loader's blocks (knowledge.loaders.Block: header and body rows), the same ones the chunks
were rendered from, so a quoted row keeps its column headers.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from knowledge.text import fold, tokenize
from knowledge.units import row_text

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Cell:
    text: str
    cite: int | None = None  # the 1-based number of the answer's citation for this cell
    lang: str = ""  # the language the text is written in (a quote keeps its document's)

    def as_frame(self) -> dict[str, Any]:
        return {"text": self.text, "cite": self.cite, "lang": self.lang}

    def as_text(self) -> str:
        return f"{self.text} [{self.cite}]" if self.cite else self.text


@dataclass(frozen=True)
class Row:
    header: Cell
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """`columns[0]` heads the row headers; `columns[1:]` head the cells."""

    caption: str
    columns: tuple[Cell, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = field(default_factory=tuple)
    # Each row on one line as "column: cell; …" (a quoted table row), or one line per cell.
    by_row: bool = True
    language: str = "en"  # the reader's: the text's own punctuation

    def renumbered(self, numbers: Mapping[int, int]) -> Table:
        """The table with its citation numbers renumbered (appended to another answer)."""

        def moved(cell: Cell) -> Cell:
            return replace(cell, cite=numbers.get(cell.cite, cell.cite)) if cell.cite else cell

        rows = tuple(Row(moved(r.header), tuple(map(moved, r.cells))) for r in self.rows)
        return replace(self, columns=tuple(map(moved, self.columns)), rows=rows)

    def as_frame(self) -> dict[str, Any]:
        return {
            "caption": self.caption,
            "columns": [c.as_frame() for c in self.columns],
            "rows": [
                {"header": r.header.as_frame(), "cells": [c.as_frame() for c in r.cells]} for r in self.rows
            ],
            "notes": list(self.notes),
            "language": self.language,
            "text": self.as_text(),
        }

    def repeats(self, others: Sequence[Table]) -> bool:
        """Every row is already a row of `others` (the same row label and figures, whether or
        not a currency is printed): a quoted passage repeating the records' table adds nothing."""
        shown = {_row_key(r) for other in others for r in other.rows}
        return bool(self.rows) and all(_row_key(r) in shown for r in self.rows)

    def as_text(self) -> str:
        """The plain-text rendering: caption, then each row with its column headers."""
        colon = ": " if self.language == "en" else "："
        lines = [self.caption] if self.caption else []
        for row in self.rows:
            if self.by_row:
                lines.append(_row_line(self.columns, row))
            else:
                lines.append(f"{row.header.text}{colon.strip()}")
                lines += [
                    f"{column.text}{colon}{cell.as_text()}"
                    for column, cell in zip(self.columns[1:], row.cells, strict=True)
                ]
        return "\n".join([*lines, *self.notes])


def _row_key(row: Row) -> tuple[str, ...]:
    return (row.header.text, *(re.sub(r"[^\d.,%]", "", c.text) for c in row.cells))


def _row_line(columns: Sequence[Cell], row: Row) -> str:
    """'Age: 31–40; Standard: 4,940 [1]': one citation per row, at its end."""
    pairs = [row_text([c.text for c in columns], [row.header.text, *(c.text for c in row.cells)])]
    cites = list(dict.fromkeys(c.cite for c in (row.header, *row.cells) if c.cite))
    return " ".join([*pairs, *(f"[{n}]" for n in cites)])


# ---- rows quoted from documents --------------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    """A body row of a document's table: which table (its ordinal), its header, its cells."""

    table: int
    header: tuple[str, ...]
    cells: tuple[str, ...]


_rows_cache: dict[tuple[str, str], dict[str, TableRow]] = {}
# Per document and state of the documents (knowledge.stamps), the key of its rows: the document's
# row is read once per change of any document, not once per question that quotes it.
_rows_keys: dict[tuple[str, tuple[Any, ...]], tuple[str, str] | None] = {}
_rows_lock = threading.Lock()
ROWS_CACHE_SIZE = 256


def document_rows(doc_id: str) -> dict[str, TableRow]:
    """Each table row of the document's current version, by its rendered text (as chunked)."""
    from knowledge import stamps

    state = (doc_id, tuple(stamps.documents().values()))
    with _rows_lock:
        known = state in _rows_keys
        key = _rows_keys.get(state)
        cached = _rows_cache.get(key) if key is not None else None
    if cached is not None:
        return cached
    if known and key is None:
        return {}
    return _read_rows(doc_id, state)


def _read_rows(doc_id: str, state: tuple[str, tuple[Any, ...]]) -> dict[str, TableRow]:
    from knowledge.keyfacts.records import document_blocks
    from knowledge.loaders import DocumentError
    from knowledge.models import PlanDocument

    document = PlanDocument.objects.filter(doc_id=doc_id).first()
    key = (
        None
        if document is None or not document.file
        else (doc_id, document.checksum or str(document.updated_at))
    )
    with _rows_lock:
        if len(_rows_keys) >= ROWS_CACHE_SIZE:
            _rows_keys.clear()
        _rows_keys[state] = key
        cached = _rows_cache.get(key) if key is not None else None
    if document is None or key is None:
        return {}
    if cached is not None:
        return cached
    try:
        blocks = document_blocks(document)
    except (OSError, DocumentError):
        logger.exception("tables of %s could not be read", doc_id)
        blocks = []
    rows: dict[str, TableRow] = {}
    tables = [b for b in blocks if b.kind == "table" and b.header and b.rows]
    for number, block in enumerate(tables):
        for cells in block.rows:
            if len(cells) == len(block.header):
                rows.setdefault(
                    row_text(block.header, cells), TableRow(number, tuple(block.header), tuple(cells))
                )
    with _rows_lock:
        if len(_rows_cache) >= ROWS_CACHE_SIZE:
            _rows_cache.clear()
        _rows_cache[key] = rows
    return rows


def columns_asked(question: str, header: Sequence[str]) -> list[int]:
    """The cell columns (indices ≥ 1) whose header the question names by a word not every
    column header has ("Plus", "HK$20,000", "最低保費"); all of them when it names none."""
    cells = list(range(1, len(header)))
    words = [set(tokenize(h)) for h in header]
    shared = set.intersection(*(words[i] for i in cells)) if cells else set()
    asked = set(tokenize(question))
    folded = fold(question)

    def said(word: str) -> bool:
        # A Chinese word is looked for in the text too: segmentation may join it to the next
        # character ("保費率及" cuts as 保费 / 率及).
        return word in asked or (not word.isascii() and word in folded)

    named = [i for i in cells if any(map(said, words[i] - shared))]
    return named or cells
