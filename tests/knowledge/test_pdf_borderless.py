"""PDF tables set without ruling lines are tables; text that merely aligns is not.

Every PDF is built here with reportlab: platypus tables with no grid (flowed, across a
page break too), a table drawn at column positions on a canvas, a Chinese table in
STSong-Light, and the look-alikes that must stay text: two columns of prose,
"label: value" lines at a tab stop, and a list with hanging bullets.
"""

from __future__ import annotations

import io
import textwrap
from itertools import zip_longest
from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

from knowledge.chunking import chunk_blocks
from knowledge.loaders import Block, load_blocks

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13)
TITLE = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=6)
# No GRID, no BOX, no LINEBELOW: nothing for a ruling-line finder to find.
BARE = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("ALIGN", (1, 0), (-1, -1), "LEFT"),
    ]
)


def _tables(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if b.kind == "table"]


def _build(story: list[object]) -> bytes:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


BENEFITS = [
    ["Benefit", "Standard plan", "Premier plan"],
    ["Room and board (per day)", "HK$1,200", "HK$2,800"],
    ["Surgeon's fee", "HK$40,000", "HK$90,000"],
    ["Outpatient visits", "12 visits", "20 visits"],
    ["Annual limit", "HK$500,000", "HK$1,500,000"],
]


def test_a_borderless_english_table_with_a_bold_header_is_a_table() -> None:
    story = [
        Paragraph("Schedule of benefits", TITLE),
        Paragraph("The plan pays up to the limits below in each policy year.", BODY),
        Table(BENEFITS, style=BARE),
        Paragraph("Limits are per insured person and are reviewed at each renewal.", BODY),
    ]
    blocks = load_blocks(Path("benefits.pdf"), _build(story))
    (table,) = _tables(blocks)
    assert table.header == BENEFITS[0]
    assert table.rows == BENEFITS[1:]
    assert [b.kind for b in blocks] == ["heading", "paragraph", "table", "paragraph"]
    assert table.section == ("Schedule of benefits",)
    lines = "\n".join(c.text for c in chunk_blocks(blocks))
    assert "Benefit: Surgeon's fee; Standard plan: HK$40,000; Premier plan: HK$90,000" in lines


def test_a_table_drawn_at_column_positions_keeps_its_wrapped_cells_in_their_row() -> None:
    """Drawn line by line on a canvas; a description wraps inside its cell, rows are further apart."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 10)
    page.drawString(50, 790, "Waiting periods apply from the start date of the policy.")
    rows = [
        (["Condition", "Waiting period", "Notes"], []),
        (["Illness", "30 days", "From the policy start date"], []),
        (["Specified illness", "120 days", "Cancer, heart attack, stroke"], ["and kidney failure"]),
        (["Maternity", "300 days", "Both parents insured"], []),
    ]
    y = 760.0
    for cells, wrapped in rows:
        page.setFont("Helvetica-Bold" if y == 760.0 else "Helvetica", 10)
        for x, text in zip((50, 200, 320), cells, strict=True):
            page.drawString(x, y, text)
        for text in wrapped:
            y -= 12
            page.drawString(320, y, text)
        y -= 20
    page.save()
    (table,) = _tables(load_blocks(Path("waits.pdf"), buffer.getvalue()))
    assert table.header == ["Condition", "Waiting period", "Notes"]
    assert table.rows[1] == [
        "Specified illness",
        "120 days",
        "Cancer, heart attack, stroke and kidney failure",
    ]
    assert len(table.rows) == 3


def test_a_borderless_chinese_table_is_told_by_its_figures() -> None:
    """STSong-Light has no bold: the header is the row without figures above rows with them."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("zh", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK")
    data = [
        ["保障項目", "標準計劃", "尊尚計劃"],
        ["每年保障限額", "港幣1,500,000元", "港幣4,000,000元"],
        ["門診", "每年12次", "每年20次"],
        ["病房及膳食", "每日1,200元", "每日2,800元"],
    ]
    style = TableStyle([("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("FONTSIZE", (0, 0), (-1, -1), 10)])
    story = [
        Paragraph("本計劃每年賠償以下列限額為上限。", body),
        Table(data, style=style),
        Paragraph("限額按每名受保人計算。", body),
    ]
    blocks = load_blocks(Path("保障表.pdf"), _build(story))
    (table,) = _tables(blocks)
    assert table.header == data[0]
    assert table.rows == data[1:]
    assert [b.text for b in blocks if b.kind == "paragraph"] == [
        "本計劃每年賠償以下列限額為上限。",
        "限額按每名受保人計算。",
    ]


AGE_BANDS = [
    ["Plan", "Age 18-30", "Age 31-40", "Age 41-50"],
    ["Bronze", "1,200", "1,560", "2,340"],
    ["Silver", "2,100", "2,650", "3,880"],
    ["Gold", "3,400", "4,100", "5,950"],
]
BOOKTABS = [
    ("LINEABOVE", (0, 0), (-1, 0), 1, colors.black),
    ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.black),
]


@pytest.mark.parametrize(
    "style",
    [[("ALIGN", (0, 0), (-1, -1), "CENTER")], [*BOOKTABS, ("ALIGN", (1, 0), (-1, -1), "RIGHT")]],
    ids=["centred", "rules-across-only"],
)
def test_a_header_with_figures_of_its_own_is_told_by_its_shape(style: list[tuple[object, ...]]) -> None:
    """No bold and figures in the header ("Age 18-30"): the header is the row whose cells are not
    shaped like the figures under them. Horizontal rules alone make no ruled table."""
    blocks = load_blocks(
        Path("bands.pdf"),
        _build([Paragraph("Premiums by age.", BODY), Table(AGE_BANDS, style=TableStyle(style))]),
    )
    (table,) = _tables(blocks)
    assert table.header == AGE_BANDS[0]
    assert table.rows == AGE_BANDS[1:]


@pytest.mark.parametrize("repeat_header", [True, False])
def test_a_borderless_table_across_a_page_break_is_one_table(repeat_header: bool) -> None:
    data = [["Age", "Standard", "Plus"]] + [
        [f"{n}", f"{1000 + n * 37:,}", f"{2000 + n * 53:,}"] for n in range(80)
    ]
    story = [
        Paragraph("Premiums", TITLE),
        Paragraph("Annual premium in HK$ by age.", BODY),
        Table(data, repeatRows=1 if repeat_header else 0, style=BARE),
        Paragraph("Premiums are reviewed at each renewal and are not guaranteed.", BODY),
    ]
    blocks = load_blocks(Path("premiums.pdf"), _build(story))
    (table,) = _tables(blocks)
    assert table.header == ["Age", "Standard", "Plus"]
    assert table.rows == data[1:]
    assert blocks[-1].text == "Premiums are reviewed at each renewal and are not guaranteed."


PROSE_LEFT = (
    "Hospital cover. The plan pays for a stay of up to 180 days in a ward or a semi-private room "
    "in Hong Kong, Macao and the 9 mainland cities of the Greater Bay Area, up to the overall "
    "annual limit of HK$1,500,000 shown in the schedule of benefits. Day surgery is paid in full "
    "when it is done at a network hospital, and at 80% elsewhere in the area."
)
PROSE_RIGHT = (
    "Claims. Send the claim form within 90 days after you leave hospital, with the receipts and "
    "the discharge summary; we pay within 10 working days after we receive everything. Claims "
    "for treatment in the mainland are paid in renminbi at the rate of the day of payment, or in "
    "Hong Kong dollars when you ask us to in writing."
)


def test_two_columns_of_prose_with_figures_are_not_a_table() -> None:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 10)
    y = 790.0
    for left, right in zip_longest(
        textwrap.wrap(PROSE_LEFT, 46), textwrap.wrap(PROSE_RIGHT, 46), fillvalue=""
    ):
        page.drawString(50, y, left)
        page.drawString(310, y, right)
        y -= 13
    page.save()
    blocks = load_blocks(Path("two-columns.pdf"), buffer.getvalue())
    assert not _tables(blocks)
    assert [b.text for b in blocks] == [PROSE_LEFT, PROSE_RIGHT]


def test_label_value_lines_and_hanging_bullets_are_not_tables() -> None:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 10)
    facts = [
        ("Insurer:", "Harbour Health Insurance Limited"),
        ("Plan:", "CareBridge 2026"),
        ("Issue age:", "18 to 65"),
        ("Policy term:", "1 year, renewable"),
    ]
    for n, (label, value) in enumerate(facts):
        page.drawString(50, 790 - 14 * n, label)
        page.drawString(160, 790 - 14 * n, value)
    page.drawString(50, 720, "The plan does not pay for:")
    for n, text in enumerate(
        ["cosmetic treatment;", "treatment in the first 30 days;", "dental work over HK$5,000."]
    ):
        page.drawString(50, 704 - 14 * n, "\u2022")
        page.drawString(72, 704 - 14 * n, text)
    page.save()
    blocks = load_blocks(Path("facts.pdf"), buffer.getvalue())
    assert not _tables(blocks)
    assert blocks[0].text == " ".join(f"{a} {b}" for a, b in facts), "the labels' lines, read as text"
    assert [b.text for b in blocks if b.kind == "item"] == [
        "cosmetic treatment;",
        "treatment in the first 30 days;",
        "dental work over HK$5,000.",
    ]


def test_aligned_lines_without_a_header_stay_text_unless_they_continue_a_table() -> None:
    """Without a header, aligned figures are a table only at the top of a page, after a table
    that ended the page before; mid-page they are read as text, as before."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("Helvetica", 10)
    page.drawString(50, 790, "Premiums for the Bronze plan are:")
    for n, (band, premium) in enumerate(
        [("18 to 30", "HK$1,200"), ("31 to 40", "HK$1,560"), ("41 to 50", "HK$2,340")]
    ):
        page.drawString(50, 770 - 14 * n, band)
        page.drawString(200, 770 - 14 * n, premium)
    page.save()
    blocks = load_blocks(Path("bronze.pdf"), buffer.getvalue())
    assert not _tables(blocks)
    assert "41 to 50 HK$2,340" in " ".join(b.text for b in blocks)
