"""The answer units of the documents a question is about, as the scorer and composer read them.

Units are built once, at ingest, from the loader's structure and stored with the document's
version (knowledge.units): sentences, list items with their lead-in, table rows with their
headers. Here they are read for the documents retrieved, each given the citation of its
document (a `RetrievedChunk` naming the unit's section and page), and numbered across the
documents of one question, so `order` and `lead` index the candidate list.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from chat import safety
from knowledge.embeddings import embedder_id
from knowledge.retrieval import RetrievedChunk
from knowledge.units import UnitRecord, units_of_version

# The kinds the chat scores. Cells are stored for table lookups, not scored yet: each restates
# a part of its row, and the fitted model has learnt rows.
SCORED_KINDS = frozenset({"sentence", "item", "row"})
MAX_ITEMS = 10


@dataclass(frozen=True)
class Unit:
    # The unit's document, section and page as a citation needs them; units of one passage or
    # list share it (its chunk_id names the group).
    chunk: RetrievedChunk
    text: str
    order: int
    heading: str = ""
    # The order of the lead-in this list item completes, if any.
    lead: int | None = None
    is_lead: bool = False
    # One entry of a list: a list item, a table row, or a short line.
    listed: bool = False
    kind: str = "sentence"
    # The viewer's anchor of the element holding the unit.
    anchor: str = ""
    # Its vector (unit-normalised), computed at ingest.
    vector: np.ndarray | None = None


def version_of(chunk: RetrievedChunk) -> str:
    """The document version a chunk belongs to (chunk ids are "<doc_id>:<version>:<n>")."""
    parts = chunk.chunk_id.rsplit(":", 2)
    return parts[1] if len(parts) == 3 else ""


DocumentUnits = tuple[Unit, ...]
_cache: dict[tuple[object, ...], DocumentUnits] = {}
_cache_lock = threading.Lock()
CACHE_DOCUMENTS = 256


def document_units(chunk: RetrievedChunk) -> DocumentUnits:
    """The units of the document (version) `chunk` comes from, numbered from 0, each citing it.

    A unit addressed to the assistant or promising payment is never quoted (chat.safety).
    Kept per process, keyed by everything the citations carry.
    """
    key = (
        chunk.doc_id,
        version_of(chunk),
        chunk.title,
        chunk.insurer,
        chunk.product,
        chunk.language,
        chunk.effective_date,
        chunk.is_current,
        embedder_id(),
    )
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    records = [
        r
        for r in units_of_version(chunk.doc_id, version_of(chunk), embedder_id())
        if not safety.must_not_quote(r.text)
    ]
    units = numbered(chunk, records)
    if units:
        with _cache_lock:
            if len(_cache) >= CACHE_DOCUMENTS:
                _cache.clear()
            _cache[key] = units
    return units


def numbered(template: RetrievedChunk, records: Sequence[UnitRecord]) -> DocumentUnits:
    """The stored units the chat scores (SCORED_KINDS), numbered from 0, each citing `template`'s document."""
    records = [r for r in records if r.kind in SCORED_KINDS]
    position = {r.order: n for n, r in enumerate(records)}
    sources: dict[str, RetrievedChunk] = {}
    units = []
    for number, record in enumerate(records):
        source = sources.get(record.group)
        if source is None:
            source = replace(
                template,
                chunk_id=f"{template.doc_id}:{version_of(template)}:{record.group}",
                text="",
                section=record.section,
                page=record.page,
                score=0.0,
            )
            sources[record.group] = source
        units.append(
            Unit(
                source,
                record.text,
                number,
                record.heading,
                position.get(record.lead) if record.lead is not None else None,
                record.is_lead,
                record.listed,
                record.kind,
                record.anchor,
                record.vector,
            )
        )
    return tuple(units)


def units_of(documents: Sequence[DocumentUnits]) -> list[Unit]:
    """The units of several documents as one candidate list: `order` and `lead` index it."""
    units: list[Unit] = []
    for mine in documents:
        offset = len(units)
        if offset == 0:
            units.extend(mine)
            continue
        units.extend(
            replace(u, order=u.order + offset, lead=None if u.lead is None else u.lead + offset) for u in mine
        )
    return units


def items_of(lead: Unit, units: Sequence[Unit]) -> list[Unit]:
    return [u for u in units if u.lead == lead.order]


def list_of(unit: Unit, units: Sequence[Unit]) -> list[Unit]:
    """The entries of the list `unit` belongs to: the listed units of its group around it."""
    if not unit.listed:
        return []

    def belongs(other: Unit) -> bool:
        return other.listed and other.chunk.chunk_id == unit.chunk.chunk_id

    start = unit.order
    while start > 0 and belongs(units[start - 1]):
        start -= 1
    end = unit.order
    while end + 1 < len(units) and belongs(units[end + 1]):
        end += 1
    return list(units[start : end + 1])[:MAX_ITEMS]


# A paragraph opening with a step's number ("Step 2:", "2.", "(2)", "第二步", "步驟二", "②"): an
# entry of a numbered list whose structure the loader did not keep (a PDF's lines, a document's
# plain paragraphs). The number's form is kept apart from its value, so "Step 1…Step 4" is one
# list and a "1." further on starts another.
_STEP = re.compile(
    r"^\s*(?:(step)\s*\d{1,2}\b|(第)\s*[\d一二三四五六七八九十]{1,3}\s*步|(步[骤驟])\s*[\d一二三四五六七八九十]{1,3}"
    r"|\d{1,2}([.)、])(?!\d)|([（(])[\d一二三四五六七八九十]{1,2}[)）]|([①-⑳])|[一二三四五六七八九十]{1,3}(、))",
    re.IGNORECASE,
)


def step_form(unit: Unit) -> str:
    """The form of the step number `unit` opens with ("step", "第", "." …), or "" for none."""
    match = _STEP.match(unit.text)
    if match is None:
        return ""
    return next(g for g in match.groups() if g).lower() if not match.group(6) else "①"


def steps_of(unit: Unit, units: Sequence[Unit]) -> list[Unit]:
    """The numbered paragraphs of the list `unit` is a step of, in order: the run around it, in
    its document and section, of paragraphs opening with a step number of its form (the other
    sentences of a step's paragraph come with it). [] when `unit` opens with no step number."""
    form = step_form(unit)
    if not form:
        return []

    def step_of(at: int) -> Unit:
        """The first unit of the paragraph the unit at `at` is a sentence of."""
        while at > 0 and (units[at - 1].anchor, units[at - 1].chunk.doc_id) == (
            units[at].anchor,
            units[at].chunk.doc_id,
        ):
            at -= 1
        return units[at]

    def belongs(at: int) -> bool:
        other = units[at]
        same_place = other.chunk.doc_id == unit.chunk.doc_id and other.heading == unit.heading
        return same_place and step_form(step_of(at)) == form

    start = step_of(unit.order).order
    while start > 0 and belongs(start - 1):
        start -= 1
    end = unit.order
    while end + 1 < len(units) and belongs(end + 1):
        end += 1
    return list(units[start : end + 1])[:MAX_ITEMS]
