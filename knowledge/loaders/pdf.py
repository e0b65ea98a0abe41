"""PDF: words and ruled tables by position (see `pdf_page`), read as a person reads the page.

- Tables are found from their ruling lines, and tables set without rules from the
  white space running down between their columns (see `borderless`); their words are
  not read again as text.
  A table that ends one page and opens the next is one table.
- A page set in two columns is read column by column; a line or table across both
  columns (a title, a wide table) closes the columns above it.
- Lines in the top and bottom margins that recur on most pages (running headers,
  footers, page numbers) are dropped.
- Wrapped lines are joined into paragraphs and list items (see `wrap.join_lines`);
  headings are lines set larger, or bold, than the body text.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from knowledge.loaders.borderless import Borderless, find_tables
from knowledge.loaders.model import (
    PAGE_BREAK,
    Block,
    DocumentError,
    clean_line,
    item_of,
    strip_bullet,
    table_block,
)
from knowledge.loaders.pdf_page import Box, PageContent, is_bold, read_page
from knowledge.loaders.wrap import CJK, join_lines, vocabulary

MARGIN = 0.12  # share of the page height, top and bottom, where running headers and footers sit
RECUR_SHARE = 0.6  # a margin line on at least this share of pages (and two) is a running header/footer
GUTTER_MIN = 10.0  # points of clear space between two columns
HEADING_SIZE_STEP = 1.2  # points above the body size that make a line a heading
HEADING_MAX_CHARS = 100
PITCH_SLACK = 1.15  # a step up to this times the usual line pitch still wraps the same paragraph
_SENTENCE_END = re.compile(r"[.。:：;；,，]$")
# pdfminer writes a glyph its font cannot map to Unicode as "(cid:127)": at the start of a
# line that is a symbol font's bullet; anywhere else it is unreadable and dropped.
_UNMAPPED = re.compile(r"\(cid:\d+\)")


Words = list[dict[str, Any]]


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    page: int
    table: Block | None = None  # a placeholder for a table, at the table's position
    words: list[dict[str, Any]] = field(default_factory=list, repr=False)
    # A header-less borderless table's lines, read as text unless it continues the table before.
    fallback: list[Line] = field(default_factory=list, repr=False)


def load_pdf(raw: bytes) -> list[Block]:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(raw)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DocumentError("the PDF is encrypted; upload an unprotected copy") from None
        raise DocumentError(f"the PDF is corrupt: {exc}") from None
    try:
        pages = [_read_page(read_page(document[i], i + 1), i + 1) for i in range(len(document))]
    finally:
        document.close()
    if not any(line.text.strip() or line.table for page in pages for line in page[1]):
        raise DocumentError("the PDF has no text layer (scanned images only); upload a text PDF")
    _drop_running_lines(pages)
    lines = [line for _, page_lines in pages for line in page_lines]
    words = vocabulary(line.text for line in lines)
    return _blocks(lines, words)


# --- one page --------------------------------------------------------------------------


def _read_page(content: PageContent, number: int) -> tuple[float, list[Line]]:
    """The page's height and its lines in reading order, tables as placeholder lines."""
    boxes = [t.bbox for t in content.tables]
    words = [w for w in content.words if not _inside(w, boxes)]
    in_tables = [w for w in content.words if _inside(w, boxes)]
    borderless, clusters = find_tables(_baselines(words), number, lambda ws: _line(ws, number).text)
    borderless, clusters = _continuations_at_top(borderless, clusters, boxes, content.height)
    gutter = _gutter(clusters, content.width)
    lines = [_line(part, number) for cluster in clusters for part in _split(cluster, gutter)]
    lines += [_table_line(t, number, in_tables) for t in content.tables]
    lines += [_borderless_line(t, number) for t in borderless]
    lines = [line for line in lines if line.text or line.table]
    return content.height, _reading_order(lines, gutter)


def _continuations_at_top(
    found: list[Borderless], clusters: list[Words], boxes: list[Box], height: float
) -> tuple[list[Borderless], list[Words]]:
    """Keep a header-less borderless table only where it can continue the table before: with
    nothing above it on the page but the top margin. Elsewhere its lines are text again, read
    (columns and all) as they were before any table was looked for."""
    kept: list[Borderless] = []
    for table in found:
        top = table.bbox[1]
        tops = [max(w["bottom"] for w in c) for c in clusters] + [b[3] for b in boxes]
        tops += [t.bbox[3] for t in found if t is not table]
        if table.block.header or not any(height * MARGIN < bottom <= top for bottom in tops):
            kept.append(table)
        else:
            clusters = clusters + table.lines
    return kept, clusters


def _inside(word: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _baselines(words: Words) -> list[Words]:
    """Words at one height, left to right (both columns' words when they share a baseline)."""
    clusters: list[Words] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        for cluster in reversed(clusters[-3:]):
            if abs(cluster[0]["top"] - word["top"]) <= 0.4 * max(word["size"], 1):
                cluster.append(word)
                break
        else:
            clusters.append([word])
    return [sorted(c, key=lambda w: w["x0"]) for c in clusters]


def _split(cluster: Words, gutter: float | None) -> list[Words]:
    """A baseline's words as one line, or as a left and a right line when the gutter parts them."""
    if gutter is None or any(_crosses(w, gutter) for w in cluster):
        return [cluster]
    parts = [[w for w in cluster if w["x1"] <= gutter], [w for w in cluster if w["x0"] >= gutter]]
    return [part for part in parts if part]


def _crosses(word: dict[str, Any], x: float) -> bool:
    return bool(word["x0"] < x + GUTTER_MIN / 2 and word["x1"] > x - GUTTER_MIN / 2)


def _gutter(clusters: list[Words], width: float) -> float | None:
    """The x of the clear space between two text columns, or None on a one-column page.

    Candidates are the xs in the middle of the page that few lines cross and many lines
    have text on each side of. A label-and-value layout has such an x too; a text
    column is told from it by its lines filling it up to the gutter.
    """
    if len(clusters) < 4:
        return None
    import numpy as np

    xs = np.arange(int(width * 0.3), int(width * 0.7), 2, dtype=float)
    starts = np.array([min(w["x0"] for w in c) for c in clusters])
    ends = np.array([max(w["x1"] for w in c) for c in clusters])
    crossing = np.zeros(len(xs), dtype=int)
    for cluster in clusters:
        x0 = np.array([w["x0"] for w in cluster])[:, None]
        x1 = np.array([w["x1"] for w in cluster])[:, None]
        crossing += ((x0 < xs + GUTTER_MIN / 2) & (x1 > xs - GUTTER_MIN / 2)).any(axis=0)
    left = (starts[:, None] < xs).sum(axis=0)
    right = (ends[:, None] > xs).sum(axis=0)
    both = np.minimum(left, right)
    score = np.where((both >= 3) & (crossing * 5 <= both), left + right - 5 * crossing, -1)
    if score.max() < 0:
        return None
    gutter = float(xs[int(score.argmax())])
    column_left = float(starts.min())
    lefts = [
        max(w["x1"] for w in c if w["x1"] <= gutter) for c in clusters if any(w["x1"] <= gutter for w in c)
    ]
    filled = sum(gutter - end < 0.25 * (gutter - column_left) for end in lefts)
    return gutter if filled * 2 >= len(lefts) else None


def _line(words: Words, page: int) -> Line:
    text = ""
    for previous, word in zip([None, *words], words, strict=False):
        if previous is None:
            text = word["text"]
        elif CJK.match(previous["text"][-1]) and CJK.match(word["text"][0]):
            gap = word["x0"] - previous["x1"]
            text += ("" if gap < word["size"] * 0.6 else " ") + word["text"]
        else:
            text += " " + word["text"]
    text = _UNMAPPED.sub("", _UNMAPPED.sub("\u2022", text, count=1) if _UNMAPPED.match(text) else text)
    sizes = Counter(round(w["size"], 1) for w in words for _ in w["text"])
    return Line(
        clean_line(text),
        min(w["x0"] for w in words),
        max(w["x1"] for w in words),
        min(w["top"] for w in words),
        max(w["bottom"] for w in words),
        sizes.most_common(1)[0][0],
        is_bold(words),
        page,
        words=words,
    )


def _table_line(table: Any, page: int, words: Words) -> Line:
    x0, top, x1, bottom = table.bbox
    return Line("", x0, x1, top, bottom, 0.0, False, page, table=_table(table, page, words))


def _borderless_line(table: Borderless, page: int) -> Line:
    x0, top, x1, bottom = table.bbox
    fallback = [_line(words, page) for words in table.lines]
    return Line("", x0, x1, top, bottom, 0.0, False, page, table=table.block, fallback=fallback)


def _cell_text(box: tuple[float, float, float, float], words: Words) -> str:
    """The words inside a cell, line by line (the page's words, read once, not a crop per cell)."""
    inside = [w for w in words if _inside(w, [box])]
    return join_lines([_line(line, 0).text for line in _baselines(inside)])


def _table(table: Any, page: int, words: Words) -> Block:
    """The table's text grid, merged cells repeated; the header is the first row, and the
    second too when the first has a cell spanning columns or rows (a group label)."""
    rows = table.rows
    grid: list[list[str]] = []
    spans = False
    for r, row in enumerate(rows):
        texts: list[str] = []
        for c, box in enumerate(row.cells):
            if box is None:
                above = next(
                    (
                        grid[k][c]
                        for k in range(r - 1, -1, -1)
                        if rows[k].cells[c] is not None and rows[k].cells[c][3] > row.bbox[1] + 1
                    ),
                    None,
                )
                texts.append(above if above is not None else (texts[-1] if texts else ""))
                spans = spans or r == 0
            else:
                texts.append(_cell_text(box, words))
                spans = spans or (r == 0 and box[3] > row.bbox[3] + 1)
        grid.append(texts)
    heads = 2 if spans and len(grid) > 2 else 1
    return table_block(grid[:heads], grid[heads:], page=page)


def _reading_order(lines: list[Line], gutter: float | None) -> list[Line]:
    """Top to bottom; within a run of two-column lines, the left column before the right."""
    ordered = sorted(lines, key=lambda line: (line.top, line.x0))
    if gutter is None:
        return ordered
    result: list[Line] = []
    left: list[Line] = []
    right: list[Line] = []
    for line in ordered:
        if line.x1 <= gutter + GUTTER_MIN / 2:
            left.append(line)
        elif line.x0 >= gutter - GUTTER_MIN / 2:
            right.append(line)
        else:  # across the gutter: the columns above it end here
            result += left + right + [line]
            left, right = [], []
    return result + left + right


# --- the document ----------------------------------------------------------------------


def _drop_running_lines(pages: list[tuple[float, list[Line]]]) -> None:
    """Remove margin lines that recur (digits aside) on most pages: running headers, footers, folios.

    A margin row is compared whole and line by line, so a footer split by a column gutter
    on one page still matches its unsplit self on the others.
    """
    if len(pages) < 2:
        return
    seen: Counter[str] = Counter()
    for height, lines in pages:
        seen.update(
            set(_margin_shapes(lines, height).values())
            | {_shape(ln.text) for ln in lines if _in_margin(ln, height)}
        )
    needed = max(2, math.ceil(RECUR_SHARE * len(pages)))
    for index, (height, lines) in enumerate(pages):
        rows = _margin_shapes(lines, height)
        kept = [
            line
            for line in lines
            if not (
                _in_margin(line, height) and max(seen[_shape(line.text)], seen[rows[_row(line)]]) >= needed
            )
        ]
        pages[index] = (height, kept)


def _row(line: Line) -> int:
    return round(line.top / 2)


def _margin_shapes(lines: list[Line], height: float) -> dict[int, str]:
    """The text of each margin row of a page (its lines left to right), digits as '#'."""
    rows: dict[int, list[Line]] = {}
    for line in lines:
        if _in_margin(line, height):
            rows.setdefault(_row(line), []).append(line)
    return {
        key: _shape(" ".join(ln.text for ln in sorted(row, key=lambda ln: ln.x0)))
        for key, row in rows.items()
    }


def _in_margin(line: Line, height: float) -> bool:
    return line.table is None and (line.bottom <= height * MARGIN or line.top >= height * (1 - MARGIN))


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower())


def _blocks(lines: list[Line], words: set[str]) -> list[Block]:
    body = _body_size(lines)
    levels = _heading_levels(lines, body)
    builder = _Builder(words, _line_pitch(lines))
    for line in lines:
        if line.table is not None and (line.table.header or builder.continues(line)):
            builder.table(line)
            continue
        for text_line in line.fallback if line.table is not None else [line]:
            level = levels.get(_style(text_line), 0) if _is_heading(text_line, body) else 0
            builder.line(text_line, level)
    return builder.finish()


def _line_pitch(lines: list[Line]) -> dict[float, float]:
    """The distance from one wrapped line to the next, by font size: the smallest step that
    recurs (paragraph spacing is larger, and may well be the commoner one).
    """
    steps: dict[float, Counter[float]] = {}
    for last, line in itertools.pairwise(lines):
        step = round((line.top - last.top) * 2) / 2
        text_pair = line.table is None and last.table is None
        if (
            text_pair
            and line.page == last.page
            and line.size == last.size
            and line.size <= step <= 2.5 * line.size
        ):
            steps.setdefault(line.size, Counter())[step] += 1
    return {
        size: min((s for s, n in counter.items() if n >= 2), default=max(counter))
        for size, counter in steps.items()
    }


def _body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        if line.table is None:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _style(line: Line) -> tuple[float, bool]:
    return (round(line.size * 2) / 2, line.bold)


def _is_heading(line: Line, body: float) -> bool:
    """Set larger than the body, or bold and not a sentence; never a bulleted line or a line of figures.

    A numbered line ("1. Overview", "一、產品概述") is a heading or a list item by its font.
    """
    text = line.text
    if len(text) > HEADING_MAX_CHARS or strip_bullet(text)[0]:
        return False
    if sum(c.isalpha() for c in text) <= sum(c.isdigit() for c in text):
        return False  # a line of figures is a table's row, whatever its font
    larger = line.size >= body + HEADING_SIZE_STEP
    return larger or (line.bold and line.size >= body - 0.5 and not _SENTENCE_END.search(text))


def _heading_levels(lines: list[Line], body: float) -> dict[tuple[float, bool], int]:
    """Heading styles ranked: larger first, then bold before regular at one size."""
    styles = {_style(line) for line in lines if line.table is None and _is_heading(line, body)}
    ranked = sorted(styles, key=lambda s: (-s[0], not s[1]))
    return {style: rank + 1 for rank, style in enumerate(ranked)}


class _Builder:
    """Turns lines into blocks: headings, paragraphs and items joined across line wraps."""

    def __init__(self, words: set[str], pitch: dict[float, float]) -> None:
        self.words = words
        self.pitch = pitch
        self.blocks: list[Block] = []
        self.open: Block | None = None
        self.pieces: list[str] = []
        self.last: Line | None = None
        self.page_of_last_block = 0

    def flush(self) -> None:
        if self.open is not None and self.pieces:
            self.open.text = join_lines(self.pieces, self.words)
            self.blocks.append(self.open)
        self.open, self.pieces = None, []

    def continues(self, line: Line) -> bool:
        """`line` is a table at the top of a page that goes on with the table ending the page before."""
        previous = self.blocks[-1] if self.blocks and self.open is None else None
        return (
            line.table is not None
            and previous is not None
            and previous.kind == "table"
            and self.last is not None
            and (self.last.table is not None and line.page == self.last.page + 1)
            and _continues(previous, line.table)
        )

    def table(self, line: Line) -> None:
        self.flush()
        assert line.table is not None
        if self.continues(line):
            _append(self.blocks[-1], line.table)
        else:
            self.blocks.append(line.table)
        self.last = line

    def line(self, line: Line, level: int) -> None:
        text = line.text
        if level:
            if self.open is not None and self.open.kind == "heading" and self._wraps(line, heading=True):
                self.pieces.append(text)  # a heading set on two lines
            else:
                self.flush()
                self.open, self.pieces = Block("heading", level=level, page=line.page), [text]
        else:
            item = item_of(text, page=line.page)
            if item is not None:
                self.flush()
                self.open, self.pieces = item, [item.text]
            elif self.open is not None and self.open.kind != "heading" and self._wraps(line, heading=False):
                if self.last is not None and line.page != self.last.page:  # the next page begins here
                    self.open.page_breaks.append((-1, line.page))
                    text = PAGE_BREAK + text
                self.pieces.append(text)
            else:
                self.flush()
                self.open, self.pieces = Block("paragraph", page=line.page), [text]
        self.last = line

    def _wraps(self, line: Line, *, heading: bool) -> bool:
        """`line` continues the open block: close below the last line, in the same style.

        Across a page break the last line of one page continues on the next when it
        does not end a sentence.
        """
        last = self.last
        if last is None or last.table is not None:
            return False
        if line.page != last.page or line.top < last.top:  # next page, or next column
            return not heading and not _SENTENCE_END.search(last.text) and not last.text.endswith((".", "。"))
        size = max(line.size, last.size)
        same = abs(line.size - last.size) <= 1.0 and (line.bold == last.bold or not heading)
        return same and line.top - last.top <= PITCH_SLACK * self.pitch.get(last.size, 1.2 * size)

    def finish(self) -> list[Block]:
        self.flush()
        return self.blocks


def _continues(previous: Block, table: Block) -> bool:
    """A table at the top of a page continues the one that ended the page before when
    it has the same columns (its header repeated, or no header at all)."""
    width = len(table.header) if table.header else max((len(r) for r in table.rows), default=0)
    return len(previous.header) == width and width > 0


def _append(previous: Block, table: Block) -> None:
    if table.page is not None:  # the next page begins at the first row appended
        previous.page_breaks.append((len(previous.rows), table.page))
    if table.header != previous.header:  # no repeated header: what looked like one is a row
        previous.rows.extend(table.header_rows)
    previous.rows.extend(table.rows)
