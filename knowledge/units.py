"""Answer units: the quotable pieces of a document, built once from its blocks at ingest.

A unit is a sentence of a paragraph, a list item (with the lead-in sentence that introduces
its list), a table row with its column headers, or a table cell with its row's and column's
headers. Each carries its section (the innermost heading names what a bare row or item is
about: "Exclusions"), page, the viewer's anchor of the element that holds it, and its vector.
Units are stored with the document's version (`DocumentVersion`, `AnswerUnit`), so the chat
reads them instead of splitting and embedding documents per question.
"""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.db import transaction

from knowledge.chunking import render_item, render_row
from knowledge.loaders import Block
from knowledge.models import AnswerUnit, DocumentVersion, PlanDocument

# Sentence ends; an abbreviation such as "e.g." does not end one. A Latin stop right before
# Chinese or full-width text ends one too: loaders join such lines without a space.
_SPLIT = re.compile(
    r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<=[.!?])\s+|(?<=[.!?])(?=[\u3000-\u9fff\uff00-\uffef])|(?<=[。！？])"
)
_LEAD_END = re.compile(r"[:：]$")
# A unit without a list marker still reads as one entry of a list when it is this short.
ITEM_MAX_CHARS = 160
# A lead-in introduces at most this many entries.
MAX_ITEMS = 10
# A list item up to this length is one unit, however many sentences it has.
ITEM_MAX_QUOTE = 400
MIN_CHARS = 4
_HEADING_NUMBER = re.compile(r"^\s*([\dA-Za-z]{1,3}[.)]|[一二三四五六七八九十]+[、.])\s*")
# A table needs this many columns for its cells to be units apart from its rows.
CELL_MIN_COLUMNS = 3


@dataclass(frozen=True)
class UnitRecord:
    """One unit of a document version, as stored; `order` and `lead` count within the version."""

    order: int
    kind: str
    text: str
    heading: str
    section: str
    page: int | None
    anchor: str
    group: str
    lead: int | None = None
    is_lead: bool = False
    listed: bool = False
    vector: np.ndarray | None = None


def heading_name(section: Sequence[str], title: str) -> str:
    """The innermost section name, without its numbering ("4. Exclusions" → "Exclusions");
    "" for the document's title or a "heading" of figures (a table line taken for one)."""
    innermost = section[-1].strip() if section else ""
    if not innermost or innermost == title.strip():
        return ""
    heading = _HEADING_NUMBER.sub("", innermost).strip()
    letters = sum(c.isalpha() for c in heading)
    return heading if letters > sum(c.isdigit() for c in heading) else ""


@dataclass(frozen=True)
class _Piece:
    kind: str
    text: str
    block: Block
    anchor: str
    starts_block: bool
    # An entry of a list by its structure: a list item or a table row.
    entry: bool


def build_units(blocks: Sequence[Block], *, title: str = "") -> list[UnitRecord]:
    """Every unit of the blocks, in reading order; a text repeated in the document counts once.

    A sentence ending in a colon is a lead-in; the entries right after it, of one kind (list
    items, table rows, or short lines), up to MAX_ITEMS, point to it. Cells come after their
    table's rows.
    """
    units: list[UnitRecord] = []
    seen: set[str] = set()
    lead: int | None = None
    items = 0
    for block in blocks:
        for piece in _pieces(block):
            text = piece.text.strip()
            if len(text) < MIN_CHARS or text in seen:
                continue
            seen.add(text)
            is_entry = piece.entry or (piece.starts_block and len(text) <= ITEM_MAX_CHARS)
            # A lead-in's entries are all of one kind: a plain line after its items ends the list.
            same_kind = items == 0 or units[-1].kind == piece.kind
            if lead is not None and not (piece.starts_block and is_entry and same_kind and items < MAX_ITEMS):
                lead = None
            is_lead = piece.kind == "sentence" and bool(_LEAD_END.search(text))
            listed = piece.starts_block and not is_lead and is_entry
            units.append(
                UnitRecord(
                    order=len(units),
                    kind=piece.kind,
                    text=text,
                    heading=heading_name(block.section, title),
                    section=" > ".join(block.section),
                    page=block.page,
                    anchor=piece.anchor,
                    group=_group(units, piece, listed),
                    lead=None if is_lead or piece.kind == "cell" else lead,
                    is_lead=is_lead,
                    listed=listed,
                )
            )
            items = items + 1 if lead is not None else 0
            if is_lead:
                lead, items = len(units) - 1, 0
    return units


def _group(before: Sequence[UnitRecord], piece: _Piece, listed: bool) -> str:
    """The group a new unit joins: an entry right after an entry of the same kind and section
    continues its list; a sentence continues its paragraph; anything else starts a group."""
    previous = before[-1] if before else None
    if previous is not None and previous.section == " > ".join(piece.block.section):
        if listed and previous.listed and previous.kind == piece.kind:
            return previous.group
        if not piece.starts_block and previous.anchor == piece.anchor:
            return previous.group
    return piece.anchor if piece.kind != "row" else piece.block.anchor


def _pieces(block: Block) -> list[_Piece]:
    if block.kind == "heading":
        return []
    if block.kind == "table":
        return _table_pieces(block)
    if block.kind == "item":
        text = render_item(block)
        if len(text) <= ITEM_MAX_QUOTE:
            return [_Piece("item", text, block, block.anchor, True, True)]
        sentences = _SPLIT.split(text)
        return [
            _Piece("item" if n == 0 else "sentence", s, block, block.anchor, n == 0, n == 0)
            for n, s in enumerate(sentences)
        ]
    return [
        _Piece("sentence", s, block, block.anchor, n == 0, False)
        for n, s in enumerate(_SPLIT.split(block.text))
    ]


def row_text(header: Sequence[str], row: Sequence[str]) -> str:
    """A table row with its column headers, a merged cell said once.

    Loaders fill a merged cell into every column it spans, so a benefit paid alike by three
    plans arrives as three equal cells. Adjacent body cells with the same text are rendered once
    under their headers joined ("Standard, Plus: 30% of the surgeon's fee"); a row whose cells
    are all one text (a line across the table) is that text. Equal figures in adjacent columns
    read the same way, which says the same thing.
    """
    if not header or len(header) != len(row):
        return render_row(list(header), list(row))
    labels, values = [header[0]], [row[0].strip()]
    for label, cell in zip(header[1:], row[1:], strict=True):
        cell = cell.strip()
        if cell and len(values) > 1 and cell == values[-1]:
            labels[-1] = _joined_labels(labels[-1], label)
        else:
            labels.append(label)
            values.append(cell)
    if len(values) == 2 and values[0] and values[0] == values[1]:
        return values[0]
    return render_row(labels, values)


def _joined_labels(first: str, second: str) -> str:
    if not second or second == first or second in first.split(_LABEL_JOIN[_has_cjk(first)]):
        return first
    if not first:
        return second
    return f"{first}{_LABEL_JOIN[_has_cjk(first + second)]}{second}"


_LABEL_JOIN = {False: ", ", True: "、"}


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" for c in text)


def _table_pieces(block: Block) -> list[_Piece]:
    """Each row with its column headers, then (in a table of CELL_MIN_COLUMNS or more, the first
    column naming the row) each cell with its row's name and its column's header."""
    rows: list[_Piece] = []
    cells: list[_Piece] = []
    header = block.header
    for number, row in enumerate(block.rows):
        if not any(c.strip() for c in row):
            continue
        anchor = f"{block.anchor}-r{number}"
        text = row_text(header, row)
        rows.append(_Piece("row", text, block, anchor, True, True))
        # A line across the table (one merged cell) has no cells of its own.
        if len(row) < CELL_MIN_COLUMNS or not row[0].strip() or text == row[0].strip():
            continue
        for column in range(1, len(row)):
            if row[column].strip():
                labels = [header[0], header[column]] if len(header) == len(row) else []
                text = render_row(labels, [row[0], row[column]])
                cells.append(_Piece("cell", text, block, anchor, False, False))
    if not rows and header:
        rows.append(_Piece("row", " | ".join(header), block, block.anchor, True, True))
    return rows + cells


def with_vectors(units: Sequence[UnitRecord], vectors: Sequence[Sequence[float]]) -> list[UnitRecord]:
    """The units with their vectors, unit-normalised (a cosine is then a dot product)."""
    if not units:
        return []
    matrix = np.asarray(vectors, dtype=np.float32).reshape(len(units), -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix /= np.where(norms == 0, 1.0, norms)
    return [dataclasses.replace(u, vector=v) for u, v in zip(units, matrix, strict=True)]


def store_version(
    doc: PlanDocument, version: str, blocks: Sequence[Block], units: Sequence[UnitRecord], embedder: str
) -> DocumentVersion:
    """Make `version` the document's only stored version, with its blocks and units.

    Call it in the transaction that makes the version live: the replaced version's units go
    with it, and a question never reads units of a version that is not the document's.
    """
    with transaction.atomic():
        DocumentVersion.objects.filter(document=doc).delete()
        row = DocumentVersion.objects.create(
            document=doc, version=version, blocks=[b.as_dict() for b in blocks], embedder=embedder
        )
        AnswerUnit.objects.bulk_create(
            [
                AnswerUnit(
                    version=row,
                    order=u.order,
                    kind=u.kind,
                    text=u.text,
                    heading=u.heading,
                    section=u.section,
                    page=u.page,
                    anchor=u.anchor,
                    group=u.group,
                    lead=u.lead,
                    is_lead=u.is_lead,
                    listed=u.listed,
                    vector=b"" if u.vector is None else np.asarray(u.vector, dtype=np.float32).tobytes(),
                )
                for u in units
            ],
            batch_size=500,
        )
    return row


def stored_blocks(doc: PlanDocument, version: str) -> list[Block] | None:
    """The blocks stored with `version` of the document, or None when it has none stored."""
    row = (
        DocumentVersion.objects.filter(document=doc, version=version).values_list("blocks", flat=True).first()
    )
    return None if row is None else [Block.from_dict(b) for b in row]


# Units of a version never change; a version's are read once per process (the key names the
# embedder too: `reindex` with another embedder rebuilds the same version with new vectors).
CACHE_VERSIONS = 256
_cache: dict[tuple[str, str, str], tuple[UnitRecord, ...]] = {}
_cache_lock = threading.Lock()


def units_of_version(doc_id: str, version: str, embedder: str) -> tuple[UnitRecord, ...]:
    """The stored units of one version of a document, in order; () when none are stored."""
    key = (doc_id, version, embedder)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    rows = AnswerUnit.objects.filter(
        version__document__doc_id=doc_id, version__version=version, version__embedder=embedder
    ).values_list(
        "order",
        "kind",
        "text",
        "heading",
        "section",
        "page",
        "anchor",
        "group",
        "lead",
        "is_lead",
        "listed",
        "vector",
    )
    units = tuple(
        UnitRecord(*row[:-1], vector=np.frombuffer(bytes(row[-1]), dtype=np.float32) if row[-1] else None)
        for row in rows
    )
    if units:  # an empty answer may be a version whose units are not committed yet
        with _cache_lock:
            if len(_cache) >= CACHE_VERSIONS:
                _cache.clear()
            _cache[key] = units
    return units
