"""Documents cut into quotable units: sentences, table rows and list items, in document order.

A unit knows the section it sits in (its heading says what a bare table row or
list item is about: "Exclusions", "Waiting periods") and, for a list item, the
lead-in sentence that introduces its list ("The plan does not pay for:"), so a
chosen item can be shown with its lead-in and a chosen lead-in with its items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from chat import safety
from knowledge.retrieval import RetrievedChunk

# Sentence ends; an abbreviation such as "e.g." does not end one.
_SPLIT = re.compile(r"(?<!\be\.g\.)(?<!\bi\.e\.)(?<=[.!?])\s+|(?<=[。！？])")
# A line that starts in lower case, or follows one that stops mid-phrase, is a wrapped line
# (PDF text layers break lines at the page width, not at sentence ends).
_CONTINUATION = re.compile(r"^[a-z(]")
_OPEN_END = re.compile(r"([,，、(（/&–—-]|\b(and|or|the|of|to|a|an|in|for|by|with|per|on))$")
_LEAD_END = re.compile(r"[:：]$")
_ITEM_MARK = re.compile(
    r"^([-•*·▪]|\d{1,2}[.)、]|[（(][\w]{1,3}[)）]|[一二三四五六七八九十]+、|第\S{1,6}[：:])"
)
# A list item without a marker is a short line.
ITEM_MAX_CHARS = 160
MAX_ITEMS = 10
# A marked list item up to this length is one unit, however many sentences it has.
ITEM_MAX_QUOTE = 400
_HEADING_NUMBER = re.compile(r"^\s*([\dA-Za-z]{1,3}[.)]|[一二三四五六七八九十]+[、.])\s*")
_NOTICE = re.compile(r"^(sample document for testing|測試用樣本文件|测试用样本文件)", re.IGNORECASE)


@dataclass(frozen=True)
class Unit:
    chunk: RetrievedChunk
    text: str
    order: int
    heading: str = ""
    # The order of the lead-in this list item completes, if any.
    lead: int | None = None
    is_lead: bool = False
    # A short line or marked item: one entry of a list such as the network hospitals.
    listed: bool = False


def chunk_position(chunk: RetrievedChunk) -> int:
    """The chunk's place in its document (ids end in ":<n>")."""
    tail = chunk.chunk_id.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


def heading_of(chunk: RetrievedChunk) -> str:
    """The innermost section name, without its numbering ("4. Exclusions" → "Exclusions")."""
    innermost = chunk.section.split(">")[-1].strip()
    if innermost and innermost == chunk.title.strip():
        return ""
    heading = _HEADING_NUMBER.sub("", innermost).strip()
    # A "heading" of figures is a table line the loader took for one: it names no section.
    letters = sum(c.isalpha() for c in heading)
    return heading if letters > sum(c.isdigit() for c in heading) else ""


def units_of(chunks: Sequence[RetrievedChunk]) -> list[Unit]:
    """Every unit of the chunks, in document order; a text repeated within one document counts once."""
    ordered = sorted(dict.fromkeys(chunks), key=lambda c: (c.doc_id, chunk_position(c)))
    seen: set[tuple[str, str]] = set()
    units: list[Unit] = []
    lead: int | None = None
    items = 0
    for number, chunk in enumerate(ordered):
        heading = heading_of(chunk)
        # A lead-in that ends its chunk introduces the next chunk's lines (a table chunked apart).
        continues = number > 0 and ordered[number - 1].doc_id == chunk.doc_id and items == 0
        if not continues:
            lead, items = None, 0
        for line in _lines(safety.without_instructions(chunk.text)):
            # A list item is quoted whole ("Section C: 15 days. Only orders delivered after…").
            pieces = [line] if _ITEM_MARK.match(line) and len(line) <= ITEM_MAX_QUOTE else _SPLIT.split(line)
            for place, piece in enumerate(pieces):
                text = piece.strip()
                if len(text) < 4 or (chunk.doc_id, text) in seen or _NOTICE.match(text):
                    continue
                if safety.must_not_quote(text):  # addressed to the assistant, or a promise: never quoted
                    continue
                seen.add((chunk.doc_id, text))
                starts_line = place == 0
                if lead is not None and not (starts_line and _is_item(text) and items < MAX_ITEMS):
                    lead = None
                is_lead = bool(_LEAD_END.search(text))
                listed = starts_line and not is_lead and _is_item(text)
                units.append(
                    Unit(chunk, text, len(units), heading, None if is_lead else lead, is_lead, listed)
                )
                items = items + 1 if lead is not None else 0
                if is_lead:
                    lead, items = len(units) - 1, 0
    return units


def _lines(text: str) -> list[str]:
    lines: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if (
            lines
            and (_CONTINUATION.match(line) or _OPEN_END.search(lines[-1]))
            and not _ITEM_MARK.match(line)
        ):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def _is_item(text: str) -> bool:
    return bool(_ITEM_MARK.match(text)) or len(text) <= ITEM_MAX_CHARS


def items_of(lead: Unit, units: Sequence[Unit]) -> list[Unit]:
    return [u for u in units if u.lead == lead.order]


def list_of(unit: Unit, units: Sequence[Unit]) -> list[Unit]:
    """The entries of the list `unit` belongs to: the run of listed lines around it in its chunk.

    In a marked list ("1.", "-") only marked lines are entries: a plain line after it ends it.
    """
    if not unit.listed:
        return []

    def belongs(other: Unit) -> bool:
        marked = bool(_ITEM_MARK.match(unit.text))
        return (
            other.listed
            and other.chunk.chunk_id == unit.chunk.chunk_id
            and (not marked or bool(_ITEM_MARK.match(other.text)))
        )

    start = unit.order
    while start > 0 and belongs(units[start - 1]):
        start -= 1
    end = unit.order
    while end + 1 < len(units) and belongs(units[end + 1]):
        end += 1
    return list(units[start : end + 1])[:MAX_ITEMS]
