"""The structured document model every loader produces: typed blocks in reading order.

A `Block` is what the chunker, the fidelity figures and the document viewer read:

- ``heading``: ``text`` and ``level`` (1 = outermost);
- ``paragraph``: ``text``;
- ``item``: one list item, ``text`` without its bullet glyph; ``marker`` keeps a
  number or letter that labels it ("1.", "(a)", "一、"), and ``lead`` the sentence
  that introduces its list ("The plan does not pay for:"), if any;
- ``table``: ``header_rows`` as printed (merged cells repeated in every column they
  span), ``header`` one label per column (the header rows joined), and ``rows`` the
  body rows, each as long as ``header``.

A text block may carry ``strong``: the (start, end) character spans of its ``text`` the
document sets in bold, and ``breaks``: the offsets where a line its author ended begins
(an address line, a "Label: value" line, a definition), so the viewer can show both
without taking any markup from the document. The text itself reads as before, the lines
joined, for everything that reads text. A loader marks them with `EMPHASIS_START`/
`EMPHASIS_END` around bold text and `LINE_BREAK` before a line; `finish` turns the marks
into offsets. A ``paragraph`` read from a definition list names
its ``term``; its text stays "term: definition", as every reader of text expects. A table
that runs across pages lists ``page_breaks``: (row, page) where each further page begins;
a paragraph or item that runs across pages, (character offset, page). A loader marks the
text's with `PAGE_BREAK` where the page begins and lists (-1, page) for each, in order.

Every block has the ``page`` it starts on (PDFs; ``None`` elsewhere), its ``section``
path (the headings it sits under, outermost first; a heading's own path excludes
itself) and an ``anchor``: an id unique within the document and stable for a given
file, because loading is deterministic ("h3", "p7", "t2", the kind's letter and the
block's ordinal). `finish` fills ``section`` and ``anchor`` and cleans every text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "item", "table"]


class DocumentError(ValueError):
    """The file cannot be read as a plan document; the message says why, for the uploader."""


@dataclass
class Block:
    kind: BlockKind
    text: str = ""
    level: int = 0
    page: int | None = None
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    header_rows: list[list[str]] = field(default_factory=list)
    marker: str = ""
    lead: str = ""
    section: tuple[str, ...] = ()
    anchor: str = ""
    strong: list[tuple[int, int]] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)
    term: str = ""
    page_breaks: list[tuple[int, int]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready copy (the section path as a list)."""
        data = asdict(self)
        data["section"] = list(self.section)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Block:
        """The block `as_dict` made; unknown keys are refused (TypeError), missing ones default."""
        return cls(
            **{
                **data,
                "section": tuple(data.get("section", ())),
                "strong": [(a, b) for a, b in data.get("strong", ())],
                "page_breaks": [(a, b) for a, b in data.get("page_breaks", ())],
            }
        )


# Glyphs that mark a list item. U+007F and private-use code points are what a PDF or
# Word symbol font's bullet becomes once its font is gone.
BULLETS = "\u2022\u00b7\u25aa\u25ab\u25cf\u25cb\u25e6\u2023\u2043\u2219\u25a0\u25a1\u25c6\u25c7\u2605\u2606\u27a2\u2713\u2714\u2794\u25ba\u25b6\u2027\u30fb\uff65\x7f"
_BULLET_RUN = re.compile(rf"^[{BULLETS}\ue000-\uf8ff]+\s*")
_DASH_BULLET = re.compile(r"^[-*+–]\s+")
# A label that numbers an item: 1. 1) (1) (a) a) (i) 一、 （一） 第一條 — kept as the item's marker.
ITEM_LABEL = re.compile(
    r"^(?:\d{1,2}[.)](?!\d)|[（(](?:\d{1,2}|[a-zA-Z]|[ivx]{1,4}|[一二三四五六七八九十]{1,3})[)）]"
    r"|[a-zA-Z][.)](?=\s)|[一二三四五六七八九十]{1,3}[、．])\s*"
)
# Private marks a loader puts around bold text and before an authored line (noncharacters:
# never in a document's text; `decode_text` removes any a file brings).
EMPHASIS_START, EMPHASIS_END, LINE_BREAK, PAGE_BREAK = "\ufdd0", "\ufdd1", "\ufdd2", "\ufdd3"
MARKS = EMPHASIS_START + EMPHASIS_END + LINE_BREAK + PAGE_BREAK
_EMPHASIS = str.maketrans(dict.fromkeys(MARKS))
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f]+")
_INVISIBLE = {"Cc", "Cf", "Co", "Cs"}
# Line and tab controls become spaces; every other control, format (soft hyphen, zero-width
# space) and private-use character of the Basic Multilingual Plane is deleted.
_CLEAN = str.maketrans(
    {
        **{chr(c): None for c in range(0x10000) if unicodedata.category(chr(c)) in _INVISIBLE},
        **dict.fromkeys("\ufffe\uffff"),  # noncharacters: never text
        **dict.fromkeys("\t\n\r\x0b\x0c", " "),
    }
)


def clean_text(text: str) -> str:
    """One line of text: control, format and private-use characters gone, spaces collapsed.

    Ideographic spaces (U+3000) are kept: in Chinese text they separate items.
    """
    return _SPACES.sub(" ", text.translate(_CLEAN).translate(_EMPHASIS)).strip()


def clean_marked(text: str) -> tuple[str, list[tuple[int, int]], list[int], list[int]]:
    """`clean_text`, with the spans the loader marked as bold, the offsets where it marked a
    line, and the offset of each page break it marked (one per mark, in order)."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    breaks: list[int] = []
    pages: list[int] = []
    start: int | None = None
    for char in _SPACES.sub(" ", text.translate(_CLEAN)).strip():
        if char == EMPHASIS_START:
            start = len(out) if start is None else start
        elif char == EMPHASIS_END:
            if start is not None:
                spans.append((start, len(out)))
            start = None
        elif char == LINE_BREAK:
            breaks.append(len(out))
        elif char == PAGE_BREAK:
            pages.append(len(out))
        elif char != " " or (out and out[-1] != " "):
            out.append(char)
    cleaned = "".join(out).rstrip()
    if start is not None:
        spans.append((start, len(cleaned)))
    page_starts = [_past_spaces(cleaned, offset) for offset in pages]
    return cleaned, _tidy(cleaned, spans), _line_starts(cleaned, breaks), page_starts


def _past_spaces(text: str, offset: int) -> int:
    while offset < len(text) and text[offset] == " ":
        offset += 1
    return offset


def _line_starts(text: str, breaks: list[int]) -> list[int]:
    """Each marked line's first character (past a space the join left), once, inside the text."""
    starts: list[int] = []
    for offset in map(lambda o: _past_spaces(text, o), breaks):
        if 0 < offset < len(text) and (not starts or offset > starts[-1]):
            starts.append(offset)
    return starts


def _tidy(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans within the text, without the spaces at their edges, empty ones dropped, touching ones merged."""
    tidy: list[tuple[int, int]] = []
    for start, end in spans:
        end = min(end, len(text))
        while start < end and text[start] == " ":
            start += 1
        while end > start and text[end - 1] == " ":
            end -= 1
        if start >= end:
            continue
        if tidy and start <= tidy[-1][1] + (text[tidy[-1][1] : start] == " "):
            tidy[-1] = (tidy[-1][0], max(end, tidy[-1][1]))
        else:
            tidy.append((start, end))
    return tidy


def _clean_marked(text: str) -> str:
    """`clean_text` keeping the emphasis marks, for `finish` to read."""
    return _SPACES.sub(" ", text.translate(_CLEAN)).strip()


def clean_line(text: str) -> str:
    """`clean_text`, except that a leading bullet glyph (even a control or private-use
    character from a symbol font) becomes "•", so the line is still known as a list item.
    Emphasis marks stay, for `finish`."""
    bulleted, rest = strip_bullet(text.strip())
    return f"\u2022 {_clean_marked(rest)}" if bulleted and rest.strip() else _clean_marked(text)


def strip_bullet(text: str) -> tuple[bool, str]:
    """(True, the text without it) when `text` starts with a bullet glyph or a dash bullet."""
    for pattern in (_BULLET_RUN, _DASH_BULLET):
        match = pattern.match(text)
        if match:
            return True, text[match.end() :]
    return False, text


def item_of(text: str, page: int | None = None) -> Block | None:
    """The list item `text` is (bullet or numbered), or None when it is not marked as one."""
    bulleted, rest = strip_bullet(text)
    if bulleted:
        return Block("item", _clean_marked(rest), page=page)
    label = ITEM_LABEL.match(text)
    if label and text[label.end() :].strip():
        return Block("item", _clean_marked(text[label.end() :]), page=page, marker=label.group().strip())
    return None


def column_labels(header_rows: list[list[str]]) -> list[str]:
    """One label per column: the header rows' cells joined, a merged cell's text once."""
    if not header_rows:
        return []
    width = max(len(r) for r in header_rows)
    labels: list[str] = []
    for column in range(width):
        parts: list[str] = []
        for row in header_rows:
            cell = row[column] if column < len(row) else ""
            if cell and cell not in parts:
                parts.append(cell)
        labels.append(" / ".join(parts))
    return labels


def table_block(header_rows: list[list[str]], rows: list[list[str]], page: int | None = None) -> Block:
    """A table from its header rows and body rows; every row padded to the widest."""
    width = max((len(r) for r in [*header_rows, *rows]), default=0)

    def pad(row: list[str]) -> list[str]:
        return [clean_text(c) for c in row] + [""] * (width - len(row))

    header_rows = [pad(r) for r in header_rows]
    return Block(
        "table",
        header=column_labels(header_rows),
        rows=[pad(r) for r in rows],
        header_rows=header_rows,
        page=page,
    )


def section_paths(blocks: Iterable[Block]) -> list[tuple[str, ...]]:
    """Each block's section path: the headings above it, outermost first (a heading's excludes itself)."""
    path: list[tuple[int, str]] = []
    paths: list[tuple[str, ...]] = []
    for block in blocks:
        if block.kind == "heading":
            while path and path[-1][0] >= block.level:
                path.pop()
            paths.append(tuple(text for _, text in path))
            path.append((block.level, block.text))
        else:
            paths.append(tuple(text for _, text in path))
    return paths


def finish(blocks: list[Block]) -> list[Block]:
    """Clean every text, drop empty blocks, give list items their lead-in, fill sections and anchors."""
    kept: list[Block] = []
    for block in blocks:
        block.text, strong, breaks, pages = clean_marked(block.text)
        # A heading is set apart already, and a span covering the whole text adds nothing.
        block.strong = [] if block.kind == "heading" or strong == [(0, len(block.text))] else strong
        block.breaks = [] if block.kind == "heading" else breaks
        if block.kind == "table":
            kept_rows = [n for n, r in enumerate(block.rows) if any(c.strip() for c in r)]
            # A page break stays before the first kept row at or after the row it preceded.
            block.page_breaks = [(sum(k < row for k in kept_rows), page) for row, page in block.page_breaks]
            block.rows = [block.rows[n] for n in kept_rows]
            if not block.rows and not block.header:
                continue
        elif not block.text:
            continue
        else:  # the marked page breaks, paired in order with the pages the loader listed
            block.page_breaks = [
                (offset, page)
                for offset, (_, page) in zip(pages, block.page_breaks, strict=False)
                if 0 < offset < len(block.text)
            ]
        kept.append(block)
    _link_leads(kept)
    for number, (block, path) in enumerate(zip(kept, section_paths(kept), strict=True)):
        block.section = path
        block.anchor = f"{block.kind[0]}{number}"
    return kept


def _link_leads(blocks: list[Block]) -> None:
    """A list's lead-in is the paragraph right before its first item that ends with a colon
    ("The plan does not pay for:"); every item of the list gets it."""
    lead = ""
    for previous, block in zip([None, *blocks], blocks, strict=False):
        if block.kind != "item":
            continue
        if previous is not None and previous.kind == "paragraph":
            lead = previous.text if previous.text.endswith((":", "：")) else ""
        elif previous is None or previous.kind != "item":
            lead = ""
        block.lead = lead
