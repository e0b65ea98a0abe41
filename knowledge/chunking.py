"""Split a document's blocks into chunks that follow its sections.

Chunks never cross a heading, so each one carries one section path; a table row
is rendered with its column headers so it still reads correctly on its own.
Length is measured in "units": one per CJK character, one per other word, so
Chinese and English chunks hold comparable amounts of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.loaders import Block, section_paths

TARGET_UNITS = 180
MAX_UNITS = 320
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9$%.,'/-]+")


def text_units(text: str) -> int:
    """CJK characters plus other words; additive: text_units(a + "\\n" + b) == text_units(a) + text_units(b)."""
    return len(_CJK.findall(text)) + len(_WORD.findall(_CJK.sub(" ", text)))


@dataclass
class Chunk:
    text: str
    section: str
    page: int | None
    index: int = 0


def render_row(header: list[str], row: list[str]) -> str:
    """A table row with its headers: 'Age band: 31–40; Premier: HK$11,280'.

    A two-column table without headers is a list of pairs: 'Policy fee: Nil'.
    """
    if header and len(header) == len(row):
        return "; ".join(f"{h}: {c}" if h else c for h, c in zip(header, row, strict=True) if c)
    if not header and len(row) == 2 and all(row):
        return f"{row[0]}: {row[1]}"
    return " | ".join(c for c in row if c)


def render_item(block: Block) -> str:
    """A list item on its own line, with its label ("1.", "(a)") or a plain "-" for a bullet."""
    return f"{block.marker or '-'} {block.text}"


def chunk_blocks(blocks: list[Block], *, title: str = "") -> list[Chunk]:
    """Chunks in document order, each within one section; their `index` is their position."""
    chunks: list[Chunk] = []
    path: tuple[str, ...] = ()
    buffer: list[str] = []
    # Units add up across a line break, so the buffer's count is kept, not re-measured per piece.
    buffer_units = 0
    buffer_page: int | None = None

    def section() -> str:
        return " > ".join(path)

    def flush() -> None:
        nonlocal buffer_page, buffer_units
        if buffer:
            chunks.append(Chunk("\n".join(buffer), section(), buffer_page))
            buffer.clear()
        buffer_units = 0
        buffer_page = None

    def add(piece: str, page: int | None) -> None:
        nonlocal buffer_page, buffer_units
        if buffer and buffer_units + text_units(piece) > TARGET_UNITS:
            flush()
        if buffer_page is None:
            buffer_page = page
        for part in _split_long(piece):
            units = text_units(part)
            if buffer and buffer_units + units > MAX_UNITS:
                flush()
                buffer_page = page
            buffer.append(part)
            buffer_units += units

    for block, above in zip(blocks, section_paths(blocks), strict=True):
        if block.kind == "heading":
            flush()
            path = (*above, block.text)
        elif block.kind == "table":
            flush()
            for row in block.rows:
                add(render_row(block.header, row), block.page)
            if not block.rows and block.header:
                add(" | ".join(block.header), block.page)
            flush()
        elif block.kind == "item":
            add(render_item(block), block.page)
        elif block.text.strip():
            add(block.text.strip(), block.page)
    flush()
    for i, chunk in enumerate(chunks):
        chunk.index = i
    return chunks


def _split_long(text: str) -> list[str]:
    """Split an over-long paragraph at sentence ends."""
    if text_units(text) <= MAX_UNITS:
        return [text]
    sentences = re.split(r"(?<=[.!?。！？；;])\s*", text)
    parts: list[str] = []
    current = ""
    current_units = 0
    for sentence in sentences:
        units = text_units(sentence)
        if current and current_units + units > TARGET_UNITS:
            parts.append(current)
            current, current_units = sentence, units
        else:
            current = f"{current} {sentence}".strip()
            current_units += units
    if current:
        parts.append(current)
    return [piece for part in parts for piece in _hard_split(part)]


_UNIT = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\u3400-\u9fff\uf900-\ufaff\s]+\s*|\s+")


def _hard_split(text: str) -> list[str]:
    """Cut a sentence with no sentence end (a long table cell, unpunctuated Chinese) by units."""
    if text_units(text) <= MAX_UNITS:
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    count = 0
    for unit in _UNIT.findall(text):
        current.append(unit)
        count += 1 if unit.strip() else 0
        if count >= TARGET_UNITS:
            pieces.append("".join(current).strip())
            current, count = [], 0
    if "".join(current).strip():
        pieces.append("".join(current).strip())
    return pieces
