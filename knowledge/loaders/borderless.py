"""PDF tables set without ruling lines, found by the white space that runs down between their columns.

A page's baselines are cut into pieces where two words stand further apart than a
word space. A run of consecutive baselines whose pieces leave clear vertical channels
all the way down is a table candidate: the channels part its columns. It is a table
only when it passes every guard, so that text which happens to align stays text:

- at least `MIN_ROWS` of its lines have two or more pieces;
- its columns are not prose set in columns: on a two-column page every column is
  wide and its lines fill it;
- it is not a list (a first column of bullets or item numbers) nor "label: value"
  lines (a first column of labels ending in a colon);
- its first row can be told for a header: set in another font (bold or size) than
  the rows below, or shaped unlike them (a label such as "Age 18-30" above a column
  of figures, or no figures at all above rows that have some). A run without one is
  returned header-less: the caller keeps it only as the continuation of a table that
  ended the page before, and reads it as text otherwise.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass

from knowledge.loaders.model import ITEM_LABEL, Block, strip_bullet, table_block
from knowledge.loaders.pdf_page import Box, Word, is_bold
from knowledge.loaders.wrap import CJK

Words = list[Word]

CELL_GAP = 0.8  # ems of clear space between two words that part two cells
MIN_CHANNEL = 0.5  # ems: narrowest clear channel that still parts two columns
MIN_ROWS = 3  # lines with two or more cells: a header and two rows
MAX_STEP = 3.0  # ems from one baseline to the next within a table
PROSE_WIDTH = 14.0  # ems: a column whose lines are this wide, and fill it, is a text column
PROSE_FILL = 0.75
PROSE_WORDS = 6  # median words per line of a text column
WRAP_STEP = 1.08  # a step up to this times the smallest is a cell's wrapped line, when rows are further apart
_DIGIT = re.compile(r"\d")
CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


@dataclass
class Borderless:
    block: Block  # ``header_rows`` empty: only a continuation of the table before
    bbox: Box
    lines: list[Words]  # the run's baselines, to read as text when it is not kept as a table


@dataclass
class _Piece:
    x0: float
    x1: float
    words: Words


def find_tables(
    clusters: list[Words], page: int, text_of: Callable[[Words], str]
) -> tuple[list[Borderless], list[Words]]:
    """The borderless tables among a page's baselines (top to bottom), and the baselines left over."""
    pieces = [_pieces(cluster) for cluster in clusters]
    tables: list[Borderless] = []
    kept: list[Words] = []
    i = 0
    while i < len(clusters):
        end, channels = _run(clusters, pieces, i)
        table = _table(clusters[i:end], pieces[i:end], channels, page, text_of) if end > i + 1 else None
        if table is None:
            kept.extend(clusters[i:end] if end > i else clusters[i : i + 1])
            i = max(end, i + 1)
            continue
        tables.append(table)
        i = end
    return tables, kept


def _size(words: Words) -> float:
    return max((w["size"] for w in words), default=10.0) or 10.0


def _pieces(cluster: Words) -> list[_Piece]:
    pieces: list[_Piece] = []
    for word in cluster:
        if pieces and word["x0"] - pieces[-1].x1 < CELL_GAP * max(word["size"], 1):
            pieces[-1].words.append(word)
            pieces[-1].x1 = max(pieces[-1].x1, word["x1"])
        else:
            pieces.append(_Piece(word["x0"], word["x1"], [word]))
    return pieces


def _gaps(pieces: list[_Piece], em: float) -> list[tuple[float, float]]:
    return [(a.x1, b.x0) for a, b in itertools.pairwise(pieces) if b.x0 - a.x1 >= MIN_CHANNEL * em]


def _narrow(
    channels: list[tuple[float, float]], pieces: list[_Piece], em: float
) -> list[tuple[float, float]]:
    """The channels left clear by a line's pieces (a piece reaching into one narrows it)."""
    result: list[tuple[float, float]] = []
    for x0, x1 in channels:
        for piece in pieces:
            if piece.x0 < x1 and piece.x1 > x0:
                if piece.x0 - x0 >= x1 - piece.x1:
                    x1 = min(x1, piece.x0)
                else:
                    x0 = max(x0, piece.x1)
        if x1 - x0 >= MIN_CHANNEL * em:
            result.append((x0, x1))
    return result


def _run(
    clusters: list[Words], pieces: list[list[_Piece]], start: int
) -> tuple[int, list[tuple[float, float]]]:
    """The end of the run of aligned lines from `start`, and the channels clear through all of it.

    A line of one piece may join the run (a wrapped cell, a row with one cell) when it
    closes no channel; trailing ones are given back.
    """
    if len(pieces[start]) < 2:
        return start, []
    em = _size(clusters[start])
    channels = _gaps(pieces[start], em)
    end = start + 1
    while end < len(clusters):
        step = clusters[end][0]["top"] - clusters[end - 1][0]["top"]
        if step > MAX_STEP * max(em, _size(clusters[end])):
            break
        narrowed = _narrow(channels, pieces[end], em)
        if (len(pieces[end]) >= 2 and narrowed) or (len(pieces[end]) == 1 and len(narrowed) == len(channels)):
            channels = narrowed
        else:
            break
        end += 1
    while end > start + 1 and len(pieces[end - 1]) < 2:
        end -= 1
    return end, channels


def _table(
    clusters: list[Words],
    pieces: list[list[_Piece]],
    channels: list[tuple[float, float]],
    page: int,
    text_of: Callable[[Words], str],
) -> Borderless | None:
    if sum(len(p) >= 2 for p in pieces) < MIN_ROWS or not channels:
        return None
    width = len(channels) + 1
    grid: list[list[Words]] = []
    for line, wrapped in zip(pieces, _wrapped(clusters), strict=True):
        cells: list[Words] = [[] for _ in range(width)]
        for piece in line:
            middle = (piece.x0 + piece.x1) / 2
            cells[sum(middle > x0 for x0, _ in channels)].extend(piece.words)
        if wrapped and grid:
            grid[-1] = [a + b for a, b in zip(grid[-1], cells, strict=True)]
        else:
            grid.append(cells)
    if _prose(grid) or _list_or_labels(grid, text_of):
        return None
    texts = [[text_of(cell) if cell else "" for cell in row] for row in grid]
    heads = _header_rows(grid, texts)
    words = [w for cluster in clusters for w in cluster]
    bbox = (
        min(w["x0"] for w in words),
        min(w["top"] for w in words),
        max(w["x1"] for w in words),
        max(w["bottom"] for w in words),
    )
    return Borderless(table_block(texts[:heads], texts[heads:], page=page), bbox, clusters)


def _wrapped(clusters: list[Words]) -> list[bool]:
    """Which lines continue the row above: closer to it than rows are to each other."""
    steps = [b[0]["top"] - a[0]["top"] for a, b in itertools.pairwise(clusters)]
    if not steps:
        return [False] * len(clusters)
    smallest = min(steps)
    if max(steps) <= WRAP_STEP * smallest:
        return [False] * len(clusters)  # evenly spaced: every line is a row
    return [False] + [step <= WRAP_STEP * smallest for step in steps]


def _prose(grid: list[list[Words]]) -> bool:
    """Every column is a text column: wide, and its lines run (nearly) to its right edge or
    hold as many words as a line of text does."""
    for column in range(len(grid[0])):
        cells = [row[column] for row in grid if row[column]]
        if not cells:
            return False
        em = statistics.median(_size(c) for c in cells)
        left = min(w["x0"] for c in cells for w in c)
        widths = [max(w["x1"] for w in c) - left for c in cells]
        full = max(widths)
        filled = statistics.median(widths) >= PROSE_FILL * full
        wordy = statistics.median(_word_count(c) for c in cells) >= PROSE_WORDS
        if full < PROSE_WIDTH * em or not (filled or wordy):
            return False
    return True


def _word_count(words: Words) -> float:
    """Words, a Chinese character counting as half of one (about as much text per em)."""
    return sum(max(sum(1 for ch in w["text"] if CJK.match(ch)) / 2, 1.0) for w in words)


def _list_or_labels(grid: list[list[Words]], text_of: Callable[[Words], str]) -> bool:
    """A first column of bullets or item numbers (a list), or of labels ending in a colon."""
    firsts = [text_of(row[0]) for row in grid if row[0]]
    if not firsts:
        return False
    markers = sum(
        bool(strip_bullet(t)[0] and not strip_bullet(t)[1].strip())
        or bool((m := ITEM_LABEL.match(t)) and m.end() == len(t))
        for t in firsts
    )
    colons = sum(t.endswith((":", "：")) for t in firsts)
    return markers * 2 > len(firsts) or colons * 2 > len(firsts)


def _header_rows(grid: list[list[Words]], texts: list[list[str]]) -> int:
    """1 when the first row reads as a header, else 0. A header is set in its own font (bold,
    or larger), or its text has another shape than the column below it (see `_shape_differs`)."""
    head_words = [w for cell in grid[0] for w in cell]
    body_words = [w for row in grid[1:] for cell in row for w in cell]
    if not head_words or not body_words:
        return 0
    if is_bold(head_words) and not is_bold(body_words):
        return 1
    if (
        statistics.median(w["size"] for w in head_words) - statistics.median(w["size"] for w in body_words)
        >= 0.9
    ):
        return 1
    return 1 if _shape_differs(texts) else 0


def _shape_differs(texts: list[list[str]]) -> bool:
    """Some column's body cells all have one shape ("1,200", "港幣1,200元": figures set alike) and
    its first cell another ("Premium", "Age 18-30"); or the first row has no figures where the
    rows below have some."""
    for column in range(len(texts[0])):
        body = {_shape(row[column]) for row in texts[1:] if row[column]}
        filled = sum(bool(row[column]) for row in texts[1:])
        if filled >= 2 and len(body) == 1 and texts[0][column] and _shape(texts[0][column]) not in body:
            return True
    figures = [any(_DIGIT.search(cell) for cell in row[1:]) for row in texts]
    return not any(_DIGIT.search(cell) for cell in texts[0]) and any(figures[1:])


def _shape(text: str) -> str:
    """The text's shape: each run of digits "9", of Chinese characters "字", of letters "a";
    spaces and punctuation as they are."""
    shape = CJK_RUN.sub("\x01", re.sub(r"\d+", "9", text))
    return re.sub(r"[^\W\d_]+", "a", shape).replace("\x01", "字")
