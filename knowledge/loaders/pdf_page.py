"""What a PDF page holds, read with PDFium: its words (with font and size) and its ruled tables.

PDFium (pypdfium2) reads a page's characters and drawing paths about ten times faster
than pdfminer, which keeps PDF ingestion close to the embedder's pace. The table
finder is pdfplumber's (lines strategy: cells from the intersections of ruling
lines), given the ruling lines PDFium reads here.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from typing import Any

Word = dict[str, Any]
Box = tuple[float, float, float, float]  # x0, top, x1, bottom, from the page's top-left corner

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
# A character further than this share of its font size from the one before starts a new word.
WORD_GAP = 0.25


@dataclass
class PageContent:
    width: float
    height: float
    words: list[Word]
    tables: list[Any]  # pdfplumber.table.Table: .bbox, .rows[i].cells (a Box or None), .rows[i].bbox


def is_bold(words: list[Word]) -> bool:
    """Most of the words' characters are set in a bold face."""
    bold = sum(len(w["text"]) for w in words if _BOLD.search(w["fontname"] or ""))
    return bold * 2 > sum(len(w["text"]) for w in words)


def read_page(page: Any, number: int) -> PageContent:
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    textpage = page.get_textpage()
    try:
        words = _words(textpage, height, pdfium_c)
    finally:
        textpage.close()
    return PageContent(width, height, words, _tables(_edges(page, height, pdfium_c), width, height))


def _words(textpage: Any, height: float, pdfium_c: Any) -> list[Word]:
    raw = textpage.raw
    name = ctypes.create_string_buffer(128)
    flags = ctypes.c_int()
    words: list[Word] = []
    current: Word | None = None
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # characters outside the BMP: read them one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 32) for i in range(count))
    # PDFium marks a hyphen that ends a line as U+FFFE; it is a hyphen (`wrap` decides its fate).
    text = text.replace("\ufffe", "-")
    for i, char in enumerate(text):
        if char.isspace():  # PDFium's own inserted spaces and line breaks too
            current = None
            continue
        left, bottom, right, top = textpage.get_charbox(i, loose=True)
        size = round(pdfium_c.FPDFText_GetFontSize(raw, i), 1)
        box = {"x0": left, "x1": right, "top": height - top, "bottom": height - bottom}
        if current is None or not _same_word(current, box, size):
            pdfium_c.FPDFText_GetFontInfo(raw, i, name, len(name), ctypes.byref(flags))
            current = {"text": "", **box, "size": size, "fontname": name.value.decode("latin-1")}
            words.append(current)
        current["text"] += char
        current["x1"] = max(current["x1"], right)
        current["top"] = min(current["top"], box["top"])
        current["bottom"] = max(current["bottom"], box["bottom"])
    return words


def _same_word(word: Word, box: dict[str, float], size: float) -> bool:
    gap = box["x0"] - word["x1"]
    return (
        abs(box["top"] - word["top"]) < 0.5 * max(size, 1)
        and -0.5 * size <= gap <= WORD_GAP * max(size, 1)
        and abs(size - word["size"]) < 0.5
    )


def _edges(page: Any, height: float, pdfium_c: Any) -> list[dict[str, Any]]:
    """Straight horizontal and vertical segments of the page's paths (lines and rectangle sides)."""
    edges: list[dict[str, Any]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    matrix = pdfium_c.FS_MATRIX()
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH]):
        pdfium_c.FPDFPageObj_GetMatrix(obj.raw, ctypes.byref(matrix))
        start: tuple[float, float] | None = None
        previous: tuple[float, float] | None = None
        for i in range(pdfium_c.FPDFPath_CountSegments(obj.raw)):
            segment = pdfium_c.FPDFPath_GetPathSegment(obj.raw, i)
            pdfium_c.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            point = (
                matrix.a * x.value + matrix.c * y.value + matrix.e,
                height - (matrix.b * x.value + matrix.d * y.value + matrix.f),
            )
            kind = pdfium_c.FPDFPathSegment_GetType(segment)
            if kind == pdfium_c.FPDF_SEGMENT_MOVETO or previous is None:
                start = point
            elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
                _add_edge(edges, previous, point)
            if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                _add_edge(edges, point, start)
            previous = point
    return edges


def _add_edge(edges: list[dict[str, Any]], a: tuple[float, float], b: tuple[float, float]) -> None:
    x0, x1 = sorted((a[0], b[0]))
    top, bottom = sorted((a[1], b[1]))
    if bottom - top < 1 and x1 - x0 >= 1:
        orientation = "h"
    elif x1 - x0 < 1 and bottom - top >= 1:
        orientation = "v"
    else:
        return  # a slanted line or a point: no table rule
    edges.append(
        {
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "doctop": top,
            "width": x1 - x0,
            "height": bottom - top,
            "orientation": orientation,
            "object_type": "line",
        }
    )


@dataclass
class _RuledPage:
    """What pdfplumber's TableFinder reads of a page under the lines strategy."""

    edges: list[dict[str, Any]]
    bbox: Box


def _tables(edges: list[dict[str, Any]], width: float, height: float) -> list[Any]:
    if not edges:
        return []
    from pdfplumber.table import TableFinder

    finder = TableFinder(_RuledPage(edges, (0.0, 0.0, width, height)))  # type: ignore[arg-type]
    return [t for t in finder.tables if len(t.rows) >= 2]
