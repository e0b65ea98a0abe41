"""Turn a plan document file into its structured model: typed blocks in reading order.

`load_blocks` is the one entry point; `Block` (see `knowledge.loaders.model`) is the
document model the chunker, the fidelity figures and the document viewer share.
"""

from __future__ import annotations

from pathlib import Path

from knowledge.loaders.model import Block, BlockKind, DocumentError, clean_text, finish, section_paths
from knowledge.loaders.text import decode_text, load_markdown, load_plain
from knowledge.loaders.word import DOCX_MAX_RATIO, DOCX_MAX_UNCOMPRESSED

__all__ = [
    "DOCX_MAX_RATIO",
    "DOCX_MAX_UNCOMPRESSED",
    "SUPPORTED_SUFFIXES",
    "Block",
    "BlockKind",
    "DocumentError",
    "clean_text",
    "decode_text",
    "load_blocks",
    "section_paths",
]

SUPPORTED_SUFFIXES = {".pdf", ".docx", ".html", ".htm", ".md", ".markdown", ".txt"}


def load_blocks(path: Path, data: bytes | None = None) -> list[Block]:
    """Read `path` (or `data`, named by `path`) into blocks; raise DocumentError on bad input."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(
            f"unsupported file type {suffix or '(none)'}; use PDF, DOCX, HTML, Markdown or text"
        )
    raw = path.read_bytes() if data is None else data
    if not raw.strip():
        raise DocumentError("the file is empty")
    blocks = finish(_read(suffix, raw))
    if not any(b.text or b.rows for b in blocks):
        raise DocumentError("no text could be extracted from the file")
    return blocks


def _read(suffix: str, raw: bytes) -> list[Block]:
    if suffix == ".pdf":
        from knowledge.loaders.pdf import load_pdf

        return load_pdf(raw)
    if suffix == ".docx":
        from knowledge.loaders.word import load_docx

        return load_docx(raw)
    if suffix in {".html", ".htm"}:
        from knowledge.loaders.web import load_html

        return load_html(decode_text(raw))
    if suffix in {".md", ".markdown"}:
        return load_markdown(decode_text(raw))
    return load_plain(decode_text(raw))
