"""A plan document as the viewer shows it: the loader's blocks as addressable units, and quotes found in them.

Every unit (heading, paragraph, list item, table row) gets an anchor `u-<n>` that is
stable for one version of the document, so a citation can open the viewer at the
quoted unit. The structure is built from `knowledge.loaders.load_blocks` (the same
reading ingestion indexes) once per document version and cached.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.core.cache import cache

from knowledge import loaders
from knowledge.chunking import render_row
from knowledge.loaders import Block, load_blocks
from knowledge.models import PlanDocument
from knowledge.units import stored_blocks

logger = logging.getLogger(__name__)
# Bump when the structure's shape changes: cached structures of the old shape are ignored.
STRUCTURE_VERSION = 5
# A new loader reads documents anew: its source names the reading, so a cache shared between
# deployments (Redis) never serves the old reading after an upgrade.
_READING = hashlib.sha256(
    b"".join(p.read_bytes() for p in sorted(Path(loaders.__file__).parent.glob("*.py")))
).hexdigest()[:8]
CACHE_SECONDS = 24 * 3600
# A quote shorter than this (after normalising) is too short to find a unit by.
MIN_QUOTE_CHARS = 4
# A fuzzy match needs this share of the quote's words (or CJK characters) in one unit.
FUZZY_SHARE = 0.6
MAX_QUOTED_UNITS = 12


@dataclass(frozen=True, slots=True)
class Row:
    anchor: str
    cells: tuple[str, ...]
    text: str  # as a citation quotes it: the cells with their column headers


@dataclass(frozen=True, slots=True)
class Unit:
    """One rendered element: a heading, paragraph, item or table block, or a page (a PDF page marker)."""

    kind: str
    anchor: str
    text: str = ""
    level: int = 0
    page: int | None = None
    marker: str = ""  # a list item's label ("1.", "(a)"), if it has one
    lead: str = ""  # the sentence that introduces a list item's list
    header_rows: tuple[tuple[str, ...], ...] = ()
    rows: tuple[Row, ...] = ()
    heading: str = ""  # the anchor of the heading a table sits under: its accessible name
    strong: tuple[tuple[int, int], ...] = ()  # spans of `text` the document sets in bold
    breaks: tuple[int, ...] = ()  # offsets of `text` where a line its author ended begins
    term: str = ""  # the term a paragraph defines (a definition list's entry)
    # Where the block's further pages begin: (row, page) in a table, (offset, page) in a text.
    page_breaks: tuple[tuple[int, int], ...] = ()


@dataclass
class Structure:
    """A document's units in reading order, with a normalised text per quotable anchor for finding quotes."""

    units: list[Unit]
    pages: bool  # the document has page numbers (a PDF)
    _texts: dict[str, str] = field(default_factory=dict)
    # A row also as its cells alone ("a | b | c"): how a table's plain rendering quotes it.
    _cells: dict[str, str] = field(default_factory=dict)
    _pages: dict[str, int | None] = field(default_factory=dict)
    _order: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for unit in self.units:
            if unit.kind == "table":
                breaks = dict(unit.page_breaks)
                page = unit.page
                for number, row in enumerate(unit.rows):
                    page = breaks.get(number, page)
                    self._texts[row.anchor] = normalise(row.text)
                    self._cells[row.anchor] = normalise(" | ".join(row.cells))
                    self._pages[row.anchor] = page
            elif unit.kind != "page":
                self._texts[unit.anchor] = normalise(unit.text)
                self._pages[unit.anchor] = unit.page
        self._order = {anchor: n for n, anchor in enumerate(self._texts)}

    def locate(self, quote: str, *, page: int | None = None) -> list[str]:
        """The anchors of the units that hold `quote`, in document order; [] when it is not found.

        A quote inside one unit (a sentence of a paragraph, a table row) gives that unit;
        a quote spanning several (the start of a chunk) gives each unit it contains; a
        quote the loader now reads a little differently gives the unit sharing most of its
        words. With `page`, units on that page are preferred.
        """
        wanted = normalise(quote)
        if len(wanted) < MIN_QUOTE_CHARS:
            return []
        anchors = self._on_page_first(page)
        forms = {
            a: [t for t in (self._texts[a], self._cells.get(a, "")) if len(t) >= MIN_QUOTE_CHARS]
            for a in anchors
        }
        holding = [a for a in anchors if any(wanted in t for t in forms[a])]
        if holding:
            return holding[:1]
        inside = [a for a in anchors if any(t in wanted for t in forms[a])]
        if inside:
            return sorted(inside, key=self._order.__getitem__)[:MAX_QUOTED_UNITS]
        # Several lines (rows of a table, items of a list, the last cut short in a link): each line
        # is found on its own.
        lines = [line for line in quote.splitlines() if len(normalise(line)) >= MIN_QUOTE_CHARS]
        if len(lines) > 1:
            found = dict.fromkeys(a for line in lines for a in self.locate(line, page=page))
            return sorted(found, key=self._order.__getitem__)[:MAX_QUOTED_UNITS]
        best = _best_overlap(wanted, {a: " ".join(forms[a]) for a in anchors})
        return [best] if best else []

    def _on_page_first(self, page: int | None) -> list[str]:
        anchors = list(self._texts)
        if page is None or not self.pages:
            return anchors
        return [a for a in anchors if self._pages[a] == page] + [a for a in anchors if self._pages[a] != page]


def normalise(text: str) -> str:
    """Text compared for quotes: NFKC, lower case, no markup or list markers, single spaces."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"\[\d+\]|[*_`#|•·▪\u200b-\u200d\ufeff]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    # CJK text has no spaces to rely on; a line break inside it must not matter either.
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", text)


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"[\u3400-\u9fff]|[a-z0-9$%.,]+", text))


def _best_overlap(wanted: str, texts: dict[str, str]) -> str:
    quote = _tokens(wanted)
    if not quote:
        return ""
    best, best_share = "", FUZZY_SHARE
    for anchor, text in texts.items():
        share = len(quote & _tokens(text)) / len(quote)
        if share > best_share:
            best, best_share = anchor, share
    return best


def structure_of(doc: PlanDocument) -> Structure:
    """The document's structure, from the cache when this version was built before.

    Raises knowledge.loaders.DocumentError when the file cannot be read.
    """
    key = cache_key(doc)
    cached = cache.get(key)
    if isinstance(cached, Structure):
        return cached
    built = build_structure(_blocks(doc))
    cache.set(key, built, CACHE_SECONDS)
    return built


def _blocks(doc: PlanDocument) -> list[Block]:
    """The blocks ingestion stored with the indexed version, else (a document not indexed
    since blocks were stored, or a replacement waiting to be indexed) the file's."""
    if doc.checksum and doc.status == PlanDocument.Status.READY:
        stored = stored_blocks(doc, doc.checksum[:16])
        if stored is not None:
            return stored
    with doc.file.open("rb") as handle:
        data = handle.read()
    return load_blocks(Path(doc.file.name), data)


def remember(doc: PlanDocument, blocks: list[Block]) -> None:
    """Cache the structure of the version `doc` now names, from blocks already read (at ingest).

    Never fails the caller: a cache that is down only means the first visitor reads the file.
    """
    try:
        cache.set(cache_key(doc), build_structure(blocks), CACHE_SECONDS)
    except Exception:
        logger.warning("caching the viewer structure of %s failed", doc.doc_id, exc_info=True)


def cache_key(doc: PlanDocument) -> str:
    """Names the document's version: its indexed checksum and its stored file (a replacement
    waiting to be indexed is another file, which must not be cached as the indexed version)."""
    version = hashlib.sha256(f"{doc.checksum}:{doc.file.name}".encode()).hexdigest()[:24]
    return f"knowledge:viewer:{STRUCTURE_VERSION}.{_READING}:{doc.doc_id}:{version}"


def build_structure(blocks: list[Block]) -> Structure:
    """Units from the loader's blocks, with a page marker wherever a PDF page begins.

    A unit's anchor is its block's (the loader's, stable for a given file); a table row's is
    the table's with its row number.
    """
    units: list[Unit] = []
    page: int | None = None
    heading = ""
    for number, block in enumerate(blocks):
        if block.page and block.page != page:
            page = block.page
            units.append(Unit("page", f"page={page}", page=page))
        anchor = block.anchor or f"u{number}"
        if block.kind == "table":
            unit = _table(anchor, block, page, heading)
        elif block.kind == "heading":
            unit = Unit("heading", anchor, block.text, level=min(max(block.level, 1), 5), page=page)
            heading = anchor
        else:
            unit = Unit(
                block.kind,
                anchor,
                block.text,
                page=page,
                marker=block.marker,
                lead=block.lead,
                strong=tuple((a, b) for a, b in block.strong),
                breaks=tuple(block.breaks),
                page_breaks=tuple((a, b) for a, b in block.page_breaks),
                term=block.term,
            )
        if unit.text or unit.rows or unit.header_rows:
            units.append(unit)
        if unit.page_breaks:  # the block ends on a later page, marked inside it
            page = unit.page_breaks[-1][1]
    return Structure(units, any(b.page for b in blocks))


def _table(anchor: str, block: Block, page: int | None, heading: str) -> Unit:
    # Header rows as printed (a merged cell repeated in each column it spans); one label per column.
    header_rows = [h for h in (block.header_rows or [block.header]) if any(c.strip() for c in h)]
    labels = block.header or (header_rows[-1] if header_rows else [])
    kept = [n for n, cells in enumerate(block.rows) if any(c.strip() for c in cells)]
    rows = tuple(Row(f"{anchor}-r{n}", tuple(block.rows[n]), render_row(labels, block.rows[n])) for n in kept)
    breaks = tuple((sum(k < row for k in kept), later) for row, later in block.page_breaks if kept)
    return Unit(
        "table",
        anchor,
        page=page,
        header_rows=tuple(tuple(h) for h in header_rows),
        rows=rows,
        heading=heading,
        page_breaks=breaks,
    )


@dataclass(frozen=True)
class Highlight:
    """What one request highlights: the quoted units, and the quote's words inside them."""

    anchors: frozenset[str] = frozenset()
    quote: str = ""

    def split(self, anchor: str, text: str) -> tuple[str, str, str] | None:
        """`text` cut around the quote (before, quoted, after) when `anchor` is quoted and holds it."""
        if anchor not in self.anchors or not self.quote:
            return None
        pattern = _quote_pattern(self.quote)
        found = pattern.search(text) if pattern else None
        if found is None:
            return None
        return text[: found.start()], found.group(0), text[found.end() :]


def _quote_pattern(quote: str) -> re.Pattern[str] | None:
    """The quote's characters in order, with any run of spaces or markup between its words allowed."""
    words = re.findall(
        r"[\u3400-\u9fff\uff00-\uffef]|[^\s\u3400-\u9fff\uff00-\uffef]+", unicodedata.normalize("NFKC", quote)
    )
    words = [w for w in words if not re.fullmatch(r"[*_`#|•·▪]+|\[\d+\]", w)]
    if not words:
        return None
    return re.compile(r"[\s*_`]*".join(re.escape(w) for w in words), re.IGNORECASE)
