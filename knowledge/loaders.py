"""Turn a plan document file into an ordered list of blocks: headings, text and table rows.

Each loader keeps what the chunker needs to cite a fact: the heading a block sits
under, the page it came from and, for tables, the column headers of each row.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from charset_normalizer import from_bytes


class DocumentError(ValueError):
    """The file cannot be read as a plan document; the message says why, for the uploader."""


@dataclass
class Block:
    kind: str  # "heading" | "text" | "table"
    text: str = ""
    level: int = 0
    page: int | None = None
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


SUPPORTED_SUFFIXES = {".pdf", ".docx", ".html", ".htm", ".md", ".markdown", ".txt"}
DOCX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
DOCX_MAX_RATIO = 100


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
    if suffix == ".pdf":
        blocks = _load_pdf(raw)
    elif suffix == ".docx":
        blocks = _load_docx(raw)
    elif suffix in {".html", ".htm"}:
        blocks = _load_html(decode_text(raw))
    elif suffix in {".md", ".markdown"}:
        blocks = _load_markdown(decode_text(raw))
    else:
        blocks = _load_plain(decode_text(raw))
    if not any(b.text.strip() or b.rows for b in blocks):
        raise DocumentError("no text could be extracted from the file")
    return blocks


def decode_text(raw: bytes) -> str:
    """Decode UTF-8 (with or without BOM), Big5 or GB18030 text."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(raw, cp_isolation=["big5hkscs", "big5", "gb18030"]).best()
    if best is not None and best.chaos < 0.2:
        return str(best)
    raise DocumentError("the text encoding is not UTF-8, Big5 or GB18030")


# --- Markdown and plain text -------------------------------------------------------------

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
_NUMBERED_HEADING = re.compile(
    r"^(?:\d{1,2}(?:\.\d{1,2})*\.?|[一二三四五六七八九十]{1,3}[、．.]|第[一二三四五六七八九十\d]{1,3}[章節节部分條条])\s*\S"
)


def _split_row(line: str) -> list[str]:
    return [cell.strip().replace("**", "") for cell in line.strip().strip("|").split("|")]


def _clean_inline(text: str) -> str:
    return re.sub(r"\*\*|__|`", "", text).strip()


def _load_markdown(text: str) -> list[Block]:
    blocks: list[Block] = []
    lines = text.splitlines()
    i = 0
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("text", _clean_inline(" ".join(paragraph))))
            paragraph.clear()

    while i < len(lines):
        line = lines[i].rstrip()
        heading = _MD_HEADING.match(line)
        if heading:
            flush()
            blocks.append(Block("heading", _clean_inline(heading.group(2)), level=len(heading.group(1))))
        elif (
            line.strip().startswith("|")
            and i + 1 < len(lines)
            and _TABLE_SEPARATOR.match(lines[i + 1].strip())
        ):
            flush()
            header = _split_row(line)
            rows = []
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(_split_row(lines[i]))
                i += 1
            blocks.append(Block("table", header=header, rows=rows))
            continue
        elif not line.strip():
            flush()
        elif re.match(r"^\s*([-*+]|\d+[.)])\s+", line):
            flush()
            paragraph.append(line.strip())
            flush()
        else:
            paragraph.append(line.strip())
        i += 1
    flush()
    return blocks


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > 80 or stripped.endswith((".", "。", ",", "，", ";", "；", ":")):
        return False
    letters = [c for c in stripped if c.isalpha() and c.isascii()]
    if letters and len(letters) >= 4 and all(c.isupper() for c in letters):
        return True
    return bool(_NUMBERED_HEADING.match(stripped)) and len(stripped) <= 40


def _lines_to_blocks(lines: list[str], page: int | None = None) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []
    table: list[list[str]] = []

    def flush() -> None:
        if paragraph:
            blocks.append(Block("text", " ".join(paragraph), page=page))
            paragraph.clear()
        if table:
            blocks.append(Block("table", header=table[0], rows=table[1:], page=page))
            table.clear()

    for raw_line in lines:
        line = raw_line.strip()
        if " | " in line or (line.startswith("|") and line.endswith("|")):
            if paragraph:
                blocks.append(Block("text", " ".join(paragraph), page=page))
                paragraph.clear()
            if not _TABLE_SEPARATOR.match(line):
                table.append(_split_row(line))
            continue
        if table:
            flush()
        if not line:
            flush()
        elif _looks_like_heading(line):
            flush()
            blocks.append(Block("heading", line, level=2 if _NUMBERED_HEADING.match(line) else 1, page=page))
        elif re.match(r"^([-*•·]|\(\w\)|\d+[.)])\s+", line):
            flush()
            paragraph.append(line)
            flush()
        else:
            paragraph.append(line)
    flush()
    return blocks


def _load_plain(text: str) -> list[Block]:
    return _lines_to_blocks(text.splitlines())


# --- HTML -----------------------------------------------------------------------------


def _load_html(text: str) -> list[Block]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "iframe", "nav", "footer", "form"]):
        tag.decompose()
    body = soup.body or soup
    blocks: list[Block] = []
    for element in body.find_all(
        ["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "table", "dt", "dd", "pre", "blockquote"]
    ):
        if element.find_parent(["table", "li"]) is not None and element.name != "li":
            continue
        if element.name == "li" and element.find_parent("li") is not None:
            continue
        if element.name == "table":
            blocks.append(_html_table(element))
        elif element.name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            blocks.append(Block("heading", element.get_text(" ", strip=True), level=int(element.name[1])))
        elif element.name == "dt":
            continue
        elif element.name == "dd":
            term = element.find_previous_sibling("dt")
            label = term.get_text(" ", strip=True) if term else ""
            blocks.append(Block("text", f"{label}: {element.get_text(' ', strip=True)}".strip(": ")))
        else:
            text_value = element.get_text(" ", strip=True)
            if text_value:
                blocks.append(Block("text", text_value))
    return blocks


def _html_table(table: object) -> Block:
    rows: list[list[str]] = []
    for tr in table.find_all("tr"):  # type: ignore[attr-defined]
        cells = [cell.get_text(" ", strip=True) for cell in tr.find_all(["th", "td"])]
        if cells:
            rows.append(cells)
    if not rows:
        return Block("text", "")
    return Block("table", header=rows[0], rows=rows[1:])


# --- DOCX -----------------------------------------------------------------------------


def _check_zip(raw: bytes) -> None:
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


def _load_docx(raw: bytes) -> list[Block]:
    _check_zip(raw)
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
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            text = item.text.strip()
            if not text:
                continue
            style_id = item._p.style
            style = style_names.get(style_id, default_name) if style_id else default_name
            match = re.match(r"(?:Heading|標題|标题)\s*(\d)", style)
            if match or style == "Title":
                blocks.append(Block("heading", text, level=int(match.group(1)) if match else 1))
            else:
                blocks.append(Block("text", text))
        elif isinstance(item, Table):
            rows = [[cell.text.strip() for cell in row.cells] for row in item.rows]
            if rows:
                blocks.append(Block("table", header=rows[0], rows=rows[1:]))
    return blocks


# --- PDF ------------------------------------------------------------------------------


def _load_pdf(raw: bytes) -> list[Block]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise DocumentError("the PDF is encrypted; upload an unprotected copy")
        pages = [page.extract_text() or "" for page in reader.pages]
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise DocumentError(f"the PDF is corrupt: {exc}") from None
    if not any(p.strip() for p in pages):
        raise DocumentError("the PDF has no text layer (scanned images only); upload a text PDF")
    blocks: list[Block] = []
    for number, text in enumerate(pages, start=1):
        blocks.extend(_lines_to_blocks(text.splitlines(), page=number))
    return blocks
