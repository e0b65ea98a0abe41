"""How faithfully the loaders read a set of plan documents: tables, headed rows, clean text, true headings.

Figures are counted over the blocks each loader returns (and the chunk lines built
from them), so they can be compared before and after a loader change on any folder
of documents, including ones the loaders were never tuned on.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.chunking import chunk_blocks
from knowledge.loaders import SUPPORTED_SUFFIXES, Block, DocumentError, load_blocks
from knowledge.loaders.model import ITEM_LABEL

# A glyph that marks a list item; in clean text it is gone (the block says it is an item).
_BULLET_START = re.compile(
    r"^[\u2022\u00b7\u25aa\u25cf\u25e6\u2023\u2043\u2219\u25a0\u25a1\uf0b7\u00a7\u27a2]"
)
# What layout leaves behind: a rule of dashes or pipes, a word cut by a hyphen at a line end.
_RULE = re.compile(r"(?:-{3,}|={3,}|_{3,}|\+-{2,}|\|\s*\|)")
_BROKEN_WORD = re.compile(r"[a-z]-\s+[a-z]")


@dataclass
class DocumentFidelity:
    path: str
    tables: int = 0
    rows: int = 0
    rows_with_headers: int = 0
    blocks: int = 0
    clean_blocks: int = 0
    lines: int = 0
    clean_lines: int = 0
    headings: int = 0
    true_headings: int = 0
    error: str = ""
    dirty: list[str] = field(default_factory=list)
    false_headings: list[str] = field(default_factory=list)


def text_is_clean(text: str, *, starts_sentence: bool = True) -> bool:
    """No control or private-use characters, no bullet glyph, no rule of dashes, no cut word,
    and, for a paragraph (`starts_sentence`), not the tail of a sentence: a line the loader
    failed to join to the one above. (A list item or a cell may start in lower case.)"""
    if any(unicodedata.category(c) in {"Cc", "Co", "Cs"} for c in text if c not in "\n"):
        return False
    if "\xad" in text or "\ufffe" in text or _BULLET_START.match(text.strip()):
        return False
    if _RULE.search(text) or _BROKEN_WORD.search(text):
        return False
    return not (starts_sentence and text[:1].islower())


def _row_has_headers(header: list[str], row: list[str]) -> bool:
    return bool(header) and len(header) == len(row) and all(h.strip() for h in header)


def _is_figure_row(text: str) -> bool:
    """A line of figures ("31–40 4,940 3,150") is a table row, whatever its font."""
    letters = sum(c.isalpha() for c in text)
    return sum(c.isdigit() for c in text) >= letters


def measure(path: Path) -> DocumentFidelity:
    result = DocumentFidelity(str(path))
    try:
        blocks = load_blocks(path)
    except DocumentError as exc:
        result.error = str(exc)
        return result
    cells = {c.strip() for b in blocks if b.kind == "table" for r in [b.header, *b.rows] for c in r}
    for block in blocks:
        _count_block(result, block, cells)
    for chunk in chunk_blocks(blocks):
        for line in chunk.text.splitlines():
            result.lines += 1
            item = line.startswith("- ") or bool(ITEM_LABEL.match(line))
            result.clean_lines += text_is_clean(line.removeprefix("- "), starts_sentence=not item)
    return result


def _count_block(result: DocumentFidelity, block: Block, cells: set[str]) -> None:
    if block.kind == "table":
        result.tables += 1
        result.rows += len(block.rows)
        result.rows_with_headers += sum(_row_has_headers(block.header, r) for r in block.rows)
        texts = [c for r in [block.header, *block.rows] for c in r if c]
    else:
        texts = [block.text]
    result.blocks += 1
    sentence = block.kind not in {"table", "item"}
    dirty = [t for t in texts if not text_is_clean(t, starts_sentence=sentence)]
    result.clean_blocks += not dirty
    if dirty and len(result.dirty) < 5:
        result.dirty.append(dirty[0][:80])
    if block.kind == "heading":
        result.headings += 1
        true = block.text.strip() not in cells and not _is_figure_row(block.text)
        result.true_headings += true
        if not true:
            result.false_headings.append(block.text[:80])


def document_paths(directories: Iterable[Path]) -> list[Path]:
    """The plan documents of each folder: its docs/ subfolder when it has one."""
    paths: list[Path] = []
    for directory in directories:
        root = directory / "docs" if (directory / "docs").is_dir() else directory
        paths.extend(sorted(p for p in root.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES))
    return paths


def total(results: list[DocumentFidelity]) -> dict[str, float | int]:
    def ratio(part: str, whole: str) -> float:
        denominator = sum(getattr(r, whole) for r in results)
        return round(sum(getattr(r, part) for r in results) / denominator, 4) if denominator else 1.0

    return {
        "documents": len(results),
        "failed": sum(bool(r.error) for r in results),
        "tables": sum(r.tables for r in results),
        "rows": sum(r.rows for r in results),
        "rows_with_headers": sum(r.rows_with_headers for r in results),
        "rows_with_headers_share": ratio("rows_with_headers", "rows"),
        "clean_blocks": ratio("clean_blocks", "blocks"),
        "clean_chunk_lines": ratio("clean_lines", "lines"),
        "headings": sum(r.headings for r in results),
        "true_headings": ratio("true_headings", "headings"),
    }
