"""PDF layout: two columns, running headers and footers, a table across a page break, Chinese.

Every PDF is generated here with reportlab, the way plan documents are typeset:
drawn line by line on a canvas, or flowed by platypus with ruled tables.
"""

from __future__ import annotations

import io
import textwrap
from itertools import zip_longest
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from knowledge.chunking import chunk_blocks
from knowledge.document_html import unit_html
from knowledge.loaders import Block, load_blocks
from knowledge.viewer import Highlight, build_structure

LEFT = (
    "Hospital cover. The plan pays for a stay in a ward or a semi-private room in Hong Kong, "
    "Macao and the nine mainland cities of the Greater Bay Area, up to the overall annual limit "
    "shown in the schedule of benefits."
)
RIGHT = (
    "Claims. Send the claim form within ninety days after you leave hospital, with the receipts "
    "and the discharge summary; we pay within ten working days after we receive everything."
)
HEADER = "Harbour Health Insurance Limited | CareBridge Plan"
BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=6)
GRID = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTSIZE", (0, 0), (-1, -1), 9)])


def _kinds(blocks: list[Block], kind: str) -> list[Block]:
    return [b for b in blocks if b.kind == kind]


def _two_column_pdf() -> bytes:
    """A title across the page, then two columns drawn row by row (left line, right line, ...)."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    _, height = A4
    page.setFont("Helvetica-Bold", 16)
    page.drawString(50, height - 60, "CareBridge Plan: key facts for members")
    page.setFont("Helvetica", 10)
    y = height - 100
    for left, right in zip_longest(textwrap.wrap(LEFT, 44), textwrap.wrap(RIGHT, 44), fillvalue=""):
        page.drawString(50, y, left)
        page.drawString(310, y, right)
        y -= 13
    page.save()
    return buffer.getvalue()


def test_two_column_page_is_read_column_by_column() -> None:
    blocks = load_blocks(Path("two-columns.pdf"), _two_column_pdf())
    texts = [b.text for b in _kinds(blocks, "paragraph")]
    assert texts == [LEFT, RIGHT], "each column's paragraph is whole, the left one first"
    assert blocks[0].kind == "heading" and blocks[0].text.startswith("CareBridge Plan")
    assert all(b.section == ("CareBridge Plan: key facts for members",) for b in blocks[1:])


def _running_pages_pdf(rows: int, repeat_header: bool = True) -> bytes:
    """Three-odd pages flowed by platypus, a running header and footer on each, a long ruled table."""

    def decorate(page: canvas.Canvas, document: SimpleDocTemplate) -> None:
        page.saveState()
        page.setFont("Helvetica", 8)
        page.drawString(50, A4[1] - 40, HEADER)
        page.drawString(50, 30, f"Fictional specimen for testing. Page {document.page}")
        page.restoreState()

    story = [Paragraph("Premiums", TITLE), Paragraph("Annual premium in HK$ by age band.", BODY)]
    data = [["Age", "Standard", "Plus"]] + [
        [f"{n}", f"{1000 + n * 37:,}", f"{2000 + n * 53:,}"] for n in range(rows)
    ]
    story += [Table(data, repeatRows=1 if repeat_header else 0, style=GRID), Spacer(1, 12)]
    story += [Paragraph("Premiums are reviewed at each renewal and are not guaranteed.", BODY)]
    story += [Paragraph("Exclusions", TITLE), Paragraph(LEFT + " " + RIGHT, BODY)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_table_across_a_page_break_is_one_table_with_its_header_once(repeat_header: bool) -> None:
    blocks = load_blocks(Path("premiums.pdf"), _running_pages_pdf(rows=70, repeat_header=repeat_header))
    tables = _kinds(blocks, "table")
    assert len(tables) == 1
    table = tables[0]
    assert table.header == ["Age", "Standard", "Plus"]
    assert len(table.rows) == 70 and ["Age", "Standard", "Plus"] not in table.rows
    assert table.rows[-1] == ["69", "3,553", "5,657"]
    assert {b.page for b in blocks} >= {1, 2}, "the table starts on page 1 and ends on page 2"
    rows = "\n".join(c.text for c in chunk_blocks(blocks))
    assert "Age: 45; Standard: 2,665; Plus: 4,385" in rows
    # The viewer marks page 2 where it begins: before the first row printed on it.
    assert len(table.page_breaks) == 1
    first, page = table.page_breaks[0]
    assert page == 2 and 0 < first < 70
    assert [int(r[0]) for r in table.rows] == list(range(70)), "rows in order, none dropped at the break"


def test_running_headers_footers_and_page_numbers_are_dropped() -> None:
    blocks = load_blocks(Path("premiums.pdf"), _running_pages_pdf(rows=70))
    text = "\n".join([b.text for b in blocks] + [c for b in blocks for r in b.rows for c in r])
    assert "Harbour Health Insurance" not in text and "Fictional specimen" not in text
    assert "Page 2" not in text
    assert [b.text for b in _kinds(blocks, "heading")] == ["Premiums", "Exclusions"]
    assert _kinds(blocks, "paragraph")[-1].text == LEFT + " " + RIGHT


def _chinese_pdf() -> bytes:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    heading = ParagraphStyle("h", fontName="STSong-Light", fontSize=15, leading=20, spaceAfter=6)
    body = ParagraphStyle("b", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK")
    style = TableStyle(
        [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("FONTNAME", (0, 0), (-1, -1), "STSong-Light")]
    )
    story = [
        Paragraph("一、保障內容", heading),
        Paragraph(CHINESE_PARAGRAPH, body),
        Table(
            [
                ["保障項目", "標準計劃", "尊尚計劃"],
                ["每年保障限額", "1,500,000", "4,000,000"],
                ["門診", "12次", "20次"],
            ],
            style=style,
        ),
        Paragraph("二、等候期", heading),
        Paragraph("一般疾病的等候期為三十日，意外受傷無須等候。", body),
    ]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


CHINESE_PARAGRAPH = (
    "本計劃為居於粵港澳大灣區的香港居民提供住院及手術保障，於香港、澳門及大灣區內地九市的醫院住院均可獲賠償，"
    "並可於網絡醫院直接結算，毋須先行墊支醫療費用。"
)


def test_chinese_pdf_keeps_headings_paragraphs_and_table_cells() -> None:
    blocks = load_blocks(Path("計劃.pdf"), _chinese_pdf())
    assert [b.text for b in _kinds(blocks, "heading")] == ["一、保障內容", "二、等候期"]
    assert _kinds(blocks, "paragraph")[0].text == CHINESE_PARAGRAPH, (
        "wrapped Chinese lines join without spaces"
    )
    (table,) = _kinds(blocks, "table")
    assert table.header == ["保障項目", "標準計劃", "尊尚計劃"]
    assert table.rows[1] == ["門診", "12次", "20次"]
    assert table.section == ("一、保障內容",)
    cells = {c for r in table.rows for c in r}
    assert not any(b.text in cells for b in _kinds(blocks, "heading")), "a table cell is never a heading"


# A bullet from the Symbol font is read as "•"; one from a font without a Unicode map is
# read as "(cid:127)" (the \x7f that reached answers).
@pytest.mark.parametrize("font", ["Symbol", "Helvetica"])
def test_bullet_glyphs_become_items_without_the_glyph(font: str) -> None:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 10)
    page.drawString(50, 780, "The plan does not pay for:")
    for n, text in enumerate(["cosmetic treatment;", "dental treatment, unless after an accident."]):
        page.setFont(font, 10)
        page.drawString(50, 760 - 14 * n, "\u2022")
        page.setFont("Helvetica", 10)
        page.drawString(62, 760 - 14 * n, text)
    page.save()
    items = _kinds(load_blocks(Path("list.pdf"), buffer.getvalue()), "item")
    assert [i.text for i in items] == ["cosmetic treatment;", "dental treatment, unless after an accident."]
    assert all(i.lead == "The plan does not pay for:" for i in items)


def test_wrapped_lines_are_joined_and_line_end_hyphens_resolved() -> None:
    """'treat-' + 'ment' is one word the document uses elsewhere; 'non-' + 'network' keeps its hyphen."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 10)
    for n, line in enumerate(
        [
            "The plan pays for hospital treat-",
            "ment in Hong Kong and at non-",
            "network hospitals in the mainland.",
        ]
    ):
        page.drawString(50, 780 - 13 * n, line)
    page.drawString(50, 730, "Treatment at non-network hospitals is paid at 80%.")
    page.save()
    paragraphs = [b.text for b in load_blocks(Path("wrap.pdf"), buffer.getvalue())]
    assert paragraphs == [
        "The plan pays for hospital treatment in Hong Kong and at non-network hospitals in the mainland.",
        "Treatment at non-network hospitals is paid at 80%.",
    ]


def test_a_paragraph_across_a_page_break_marks_where_the_next_page_begins() -> None:
    """One paragraph, its last lines on the next page: the viewer marks page 2 inside it, not after it."""
    lines = textwrap.wrap(LEFT + " " + RIGHT, 80)
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 10)
    page.drawString(50, 780, "Hospital cover and claims in brief.")
    for n, line in enumerate(lines[:2]):
        page.drawString(50, 160 - 13 * n, line)
    page.showPage()
    page.setFont("Helvetica", 10)
    for n, line in enumerate(lines[2:]):
        page.drawString(50, 720 - 13 * n, line)
    page.drawString(50, 600, "Premiums are reviewed at each renewal.")
    page.save()
    blocks = load_blocks(Path("across.pdf"), buffer.getvalue())
    paragraph = next(b for b in blocks if b.text.startswith("Hospital cover. "))
    assert paragraph.text == LEFT + " " + RIGHT and paragraph.page == 1
    ((offset, page_number),) = paragraph.page_breaks
    assert page_number == 2 and paragraph.text[offset:].startswith(lines[2])
    structure = build_structure(blocks)
    html = BeautifulSoup(unit_html(structure.units[2], "/o", Highlight()), "html.parser")
    assert html.p.find(class_="page-marker")["id"] == "page=2"
    markers = [u.page for u in structure.units if u.kind == "page"]
    assert markers == [1], "the page begun inside the paragraph gets no second marker after it"
