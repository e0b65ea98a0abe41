"""DOCX: headings by paragraph style, list items by numbering or glyph, tables with merged cells.

Word's automatic numbering is reproduced (see `numbering`): a numbered list item keeps
its label as its marker ("1.", "(a)", "一、") and a numbered heading starts with it
("2.1 Hospital cover", "一、保障範圍"), as Word shows them.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from knowledge.loaders.grid import Cell, header_count
from knowledge.loaders.model import (
    EMPHASIS_END,
    EMPHASIS_START,
    LINE_BREAK,
    Block,
    DocumentError,
    clean_line,
    clean_text,
    item_of,
    strip_bullet,
    table_block,
)
from knowledge.loaders.numbering import Label, Numbering

DOCX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
DOCX_MAX_RATIO = 100
_HEADING_STYLE = re.compile(r"(?:Heading|標題|标题)\s*(\d)")
_LIST_STYLE = re.compile(r"List", re.IGNORECASE)


def check_zip(raw: bytes) -> None:
    """Refuse zip bombs before python-docx inflates anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            total = 0
            for info in archive.infolist():
                total += info.file_size
                # Any part past 1 MB: a 34 KB file inflating 292:1 to 10 MB of XML took minutes.
                if (
                    info.compress_size
                    and info.file_size / info.compress_size > DOCX_MAX_RATIO
                    and info.file_size > 1024 * 1024
                ):
                    raise DocumentError("the DOCX file looks like a zip bomb (compression ratio too high)")
            if total > DOCX_MAX_UNCOMPRESSED:
                raise DocumentError("the DOCX file expands to more than 200 MB")
    except zipfile.BadZipFile:
        raise DocumentError("the DOCX file is corrupt (not a valid zip archive)") from None


def load_docx(raw: bytes) -> list[Block]:
    check_zip(raw)
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as exc:  # python-docx raises many types for damaged files
        raise DocumentError(f"the DOCX file cannot be read: {exc}") from None
    # Style names by id, read once: `Paragraph.style` searches the style part on every call
    # (most of a DOCX's load time). A paragraph without a style id has the default style.
    style_names = {s.style_id: s.name or "" for s in document.styles}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = (default.name or "") if default is not None else ""
    default_id = (default.style_id or "") if default is not None else ""
    numbering = _numbering(document)
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            style_id = item._p.style or default_id
            style = style_names.get(style_id, default_name)
            # Every numbered paragraph counts, an empty one too: Word shows it its number.
            label = numbering.label(item._p.pPr, style_id)
            block = _paragraph(item, style, label)
            if block is not None:
                blocks.append(block)
        elif isinstance(item, Table):
            table = _table(item)
            if table is not None:
                blocks.append(table)
    return blocks


def _numbering(document: Any) -> Numbering:
    """The document's numbering definitions (none when it has no numbering part)."""
    try:
        numbering = document.part.numbering_part.element
    except (KeyError, NotImplementedError):
        numbering = None
    return Numbering(numbering, document.styles.element)


def _paragraph(paragraph: Any, style: str, label: Label | None) -> Block | None:
    # A line break typed in the paragraph (Shift+Enter: an address, a contact line) stays one.
    text = clean_line(_marked_text(paragraph).replace("\n", f" {LINE_BREAK}"))
    if not text:
        return None
    heading = _HEADING_STYLE.match(style)
    if heading or style == "Title":
        if label is not None and not label.bullet and label.text:
            text = f"{label.text}{label.separator}{text}"
        return Block("heading", text, level=int(heading.group(1)) if heading else 1)
    if label is not None:  # a bullet's glyph is no label; a number is the item's marker
        return Block("item", strip_bullet(text)[1], marker="" if label.bullet else clean_text(label.text))
    item = item_of(text)
    if item is not None:
        return item
    if _LIST_STYLE.search(style):
        return Block("item", text)
    return Block("paragraph", text)


def _marked_text(paragraph: Any) -> str:
    """The paragraph's text, its runs set in bold marked for `finish` (the text is unchanged)."""
    parts: list[str] = []
    for content in paragraph.iter_inner_content():
        text = content.text or ""
        bold = getattr(content, "bold", None) is True and text.strip()
        parts.append(f"{EMPHASIS_START}{text}{EMPHASIS_END}" if bold else text)
    return "".join(parts)


def _table(table: Any) -> Block | None:
    """The table's grid, merged cells repeated; header rows from Word's flag or from the merges.

    python-docx lists a merged cell once per grid column and row it covers, as the same
    cell object, so spans are counted from repeats of one underlying <w:tc>.
    """
    rows: list[list[Cell]] = []
    above: list[Any] = []
    for row in table.rows:
        tcs = [cell._tc for cell in row.cells]
        flagged = (
            row._tr.trPr is not None
            and row._tr.trPr.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader")
            is not None
        )
        cells: list[Cell] = []
        for column, (cell, tc) in enumerate(zip(row.cells, tcs, strict=True)):
            if column and tcs[column - 1] is tc:
                cells[-1].colspan += 1
                continue
            continued = column < len(above) and above[column] is tc
            cells.append(Cell("" if continued else clean_text(cell.text), is_header=flagged))
            if continued and rows:
                _widen_down(rows, above, column)
        rows.append(cells)
        above = tcs
    if not rows:
        return None
    grid = _grid(table)
    heads = header_count(rows) if len(rows) > 1 else 0
    return table_block(grid[:heads], grid[heads:])


def _widen_down(rows: list[list[Cell]], above: list[Any], column: int) -> None:
    """Mark the cell above as spanning down (for header_count), finding it by grid column."""
    position = 0
    for cell in rows[-1]:
        if position <= column < position + cell.colspan:
            cell.rowspan += 1
            return
        position += cell.colspan


def _grid(table: Any) -> list[list[str]]:
    """Texts by grid position: python-docx already repeats a merged cell in every slot."""
    return [[clean_text(cell.text) for cell in row.cells] for row in table.rows]
