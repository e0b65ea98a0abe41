"""Loaders: every format keeps what a citation needs, and bad files fail with a clear reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from knowledge.chunking import chunk_blocks, text_units
from knowledge.loaders import DocumentError, decode_text, load_blocks
from tests.conftest import DEMO_CORPUS

DOCS = DEMO_CORPUS / "docs"


def test_pdf_keeps_page_numbers_and_tables() -> None:
    blocks = load_blocks(DOCS / "lantau-bridgecare-medical.pdf")
    pages = {b.page for b in blocks}
    assert pages >= {1, 2}, "blocks carry the page they came from"
    chunks = chunk_blocks(blocks)
    assert all(c.page for c in chunks)
    assert any("4,000,000" in c.text for c in chunks)


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_heading("Benefits", level=1)
    document.add_paragraph("The plan pays hospital bills.")
    table = document.add_table(rows=3, cols=3)
    for row, cells in zip(
        table.rows,
        [
            ["Benefit", "Standard", "Premier"],
            ["Room and board", "HK$1,000", "HK$2,000"],
            ["Surgery", "HK$50,000", "HK$90,000"],
        ],
        strict=True,
    ):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_headings_and_table_rows_with_their_headers() -> None:
    blocks = load_blocks(Path("plan.docx"), _docx_bytes())
    assert blocks[0].kind == "heading" and blocks[0].text == "Benefits"
    chunks = chunk_blocks(blocks)
    text = "\n".join(c.text for c in chunks)
    assert "Benefit: Surgery; Standard: HK$50,000; Premier: HK$90,000" in text
    assert all(c.section == "Benefits" for c in chunks)


def test_html_drops_scripts_styles_and_navigation_keeps_headings_and_tables() -> None:
    html = """<html><head><style>p{color:red}</style><script>alert('x')</script></head>
    <body><nav>Home | Plans</nav><h1>ShopSafe</h1><h2>Rates</h2>
    <table><thead><tr><th>Category</th><th>Rate</th></tr></thead>
    <tbody><tr><td>E-scooters</td><td>0.9%</td></tr></tbody></table>
    <p>Claims within 30 days.</p><script>document.write('injected')</script></body></html>"""
    chunks = chunk_blocks(load_blocks(Path("p.html"), html.encode()))
    text = "\n".join(c.text for c in chunks)
    assert "Category: E-scooters; Rate: 0.9%" in text
    assert "alert" not in text and "injected" not in text and "color" not in text and "Home" not in text
    assert chunks[0].section == "ShopSafe > Rates"


def test_markdown_sections_and_pipe_tables() -> None:
    md = "# Plan\n\n## Premiums\n\n| Age | Premium |\n|---|---|\n| 31–40 | HK$11,280 |\n\n## Claims\n\nFile within 90 days.\n"
    chunks = chunk_blocks(load_blocks(Path("p.md"), md.encode()))
    assert [c.section for c in chunks] == ["Plan > Premiums", "Plan > Claims"]
    assert "Age: 31–40; Premium: HK$11,280" in chunks[0].text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "big5", "gb18030"])
def test_text_encodings_are_detected(encoding: str) -> None:
    text = "等候期\n\n一般疾病的等候期為三十日，意外受傷無須等候。保費按年齡計算，每年續保。\n"
    if encoding == "gb18030":
        text = "等候期\n\n一般疾病的等候期为三十日，意外受伤无须等候。保费按年龄计算，每年续保。\n"
    blocks = load_blocks(Path("p.txt"), text.encode(encoding))
    assert "三十日" in " ".join(b.text for b in blocks)


def test_undecodable_text_is_refused() -> None:
    with pytest.raises(DocumentError, match="encoding"):
        decode_text(bytes(range(128, 256)) * 8)


def test_chinese_is_measured_in_characters() -> None:
    assert text_units("等候期為三十日") == 7
    assert text_units("waiting period 30 days") == 4
    long_chinese = "保障" * 400
    chunks = chunk_blocks(load_blocks(Path("p.txt"), long_chinese.encode()))
    assert len(chunks) > 1, "a long Chinese paragraph is split although it has no spaces"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.pdf", b"", "empty"),
        ("blank.txt", b"   \n\n ", "empty"),
        ("corrupt.pdf", b"%PDF-1.7\nthis is not really a pdf", r"corrupt|no text"),
        ("corrupt.docx", b"PK\x03\x04 broken zip", "corrupt"),
        ("notes.exe", b"MZ", "unsupported"),
    ],
)
def test_bad_files_fail_with_a_clear_reason(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(DocumentError, match=reason):
        load_blocks(Path(name), data)


def test_encrypted_pdf_is_refused() -> None:
    writer = PdfWriter(clone_from=PdfReader(DOCS / "lantau-bridgecare-medical.pdf"))
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(DocumentError, match="encrypted"):
        load_blocks(Path("locked.pdf"), buffer.getvalue())


def test_image_only_pdf_is_refused() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(DocumentError, match="no text layer"):
        load_blocks(Path("scan.pdf"), buffer.getvalue())


def test_docx_zip_bomb_is_refused_before_inflating() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (300 * 1024 * 1024))
    assert len(buffer.getvalue()) < 2 * 1024 * 1024
    with pytest.raises(DocumentError, match=r"zip bomb|expands"):
        load_blocks(Path("bomb.docx"), buffer.getvalue())
