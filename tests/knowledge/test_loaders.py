"""Loaders: every format keeps what a citation needs, and bad files fail with a clear reason."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from knowledge.chunking import chunk_blocks, text_units
from knowledge.loaders import Block, DocumentError, decode_text, load_blocks
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


# --- awkward cases: each failed with the line-based loaders -------------------------------


def _rows(blocks: list[Block]) -> str:
    return "\n".join(c.text for c in chunk_blocks(blocks))


def test_docx_merged_header_cells_label_every_column() -> None:
    document = docx.Document()
    document.add_heading("Limits", level=1)
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "Benefit"
    table.cell(0, 1).merge(table.cell(0, 2)).text = "Limit (HK$)"
    for column, text in [(1, "Standard"), (2, "Plus")]:
        table.cell(1, column).text = text
    for row, cells in [(2, ["Surgery", "50,000", "90,000"]), (3, ["Room, per day", "1,000", "2,000"])]:
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    (block,) = [b for b in load_blocks(Path("merged.docx"), buffer.getvalue()) if b.kind == "table"]
    assert block.header == ["Benefit", "Limit (HK$) / Standard", "Limit (HK$) / Plus"]
    assert block.header_rows == [["Benefit", "Limit (HK$)", "Limit (HK$)"], ["Benefit", "Standard", "Plus"]]
    assert block.rows == [["Surgery", "50,000", "90,000"], ["Room, per day", "1,000", "2,000"]]
    assert "Benefit: Surgery; Limit (HK$) / Standard: 50,000; Limit (HK$) / Plus: 90,000" in _rows([block])


ASCII_TABLES = """ZONES AND RATES

Zone  Destination markets          Rate
----  ---------------------------  -----
A     United States, Canada        0.30%
B     European Union, United       0.45%
      Kingdom
C     Rest of the world            0.80%

+-----------+------------+
| Benefit   | Limit      |
+-----------+------------+
| Outpatient| 12 visits  |
| Dental    | HK$3,000   |
+-----------+------------+

Benefit item              Standard   Plus
Room and board            1,200      2,600
Anaesthetist's fee        30% of the surgeon's fee
"""


def test_ascii_tables_with_dashes_boxes_or_aligned_columns_become_tables() -> None:
    blocks = load_blocks(Path("rates.txt"), ASCII_TABLES.encode())
    tables = [b for b in blocks if b.kind == "table"]
    assert [t.header for t in tables] == [
        ["Zone", "Destination markets", "Rate"],
        ["Benefit", "Limit"],
        ["Benefit item", "Standard", "Plus"],
    ]
    assert tables[0].rows[1] == ["B", "European Union, United Kingdom", "0.45%"], (
        "a wrapped cell stays in its row"
    )
    assert tables[1].rows[0] == ["Outpatient", "12 visits"]
    assert tables[2].rows[1] == ["Anaesthetist's fee", "30% of the surgeon's fee", "30% of the surgeon's fee"]
    text = _rows(blocks)
    assert "Zone: A; Destination markets: United States, Canada; Rate: 0.30%" in text
    assert "---" not in text and "+--" not in text and "|" not in text
    assert [b.text for b in blocks if b.kind == "heading"] == ["ZONES AND RATES"], "'12 visits' is a cell"


def test_big5_text_with_boxed_table_and_bullets() -> None:
    text = (
        "一、等候期\n\n一般疾病的等候期為三十日，\n意外受傷無須等候。\n\n"
        "不保事項：\n■ 美容手術；\n■ 牙科治療。\n\n"
        "+--------+----------+\n| 年齡   | 年保費   |\n+--------+----------+\n| 18-30  | 3,860    |\n+--------+----------+\n"
    )
    blocks = load_blocks(Path("plan.txt"), text.encode("big5"))
    assert [(b.kind, b.text) for b in blocks if b.kind != "table"][:3] == [
        ("heading", "一、等候期"),
        ("paragraph", "一般疾病的等候期為三十日，意外受傷無須等候。"),
        ("paragraph", "不保事項："),
    ]
    items = [b for b in blocks if b.kind == "item"]
    assert [(i.text, i.lead) for i in items] == [("美容手術；", "不保事項："), ("牙科治療。", "不保事項：")]
    (table,) = [b for b in blocks if b.kind == "table"]
    assert table.header == ["年齡", "年保費"] and table.rows == [["18-30", "3,860"]]


def test_control_characters_are_cleaned_everywhere() -> None:
    text = "BENEFITS\n\n\x7f Hospital\x0b cover\u200b for 180 days;\n\x7f Surgery\xad fees.\n"
    blocks = load_blocks(Path("p.txt"), text.encode())
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "BENEFITS"),
        ("item", "Hospital cover for 180 days;"),
        ("item", "Surgery fees."),
    ]


BOILERPLATE_HTML = """<!doctype html><html><head><title>ShopSafe</title></head><body>
<div id="cookie-banner" class="cookie-consent"><p>We use cookies to improve your visit.</p>
<button>Accept all</button></div>
<div class="site-header"><a href="/">Home</a> <a href="/plans">All plans</a>
<p>Call us: 0000 0000</p></div>
<nav><ul><li>Products</li><li>Claims</li></ul></nav>
<main>
  <h1>ShopSafe Seller Cover</h1>
  <div class="breadcrumbs"><p>Home &gt; Plans &gt; ShopSafe</p></div>
  <h2>Rates</h2>
  <table>
    <thead><tr><th rowspan="2">Category</th><th colspan="2">Rate</th></tr>
           <tr><th>Standard</th><th>Plus</th></tr></thead>
    <tbody><tr><td>E-scooters</td><td>0.9%</td><td>1.2%</td></tr></tbody>
  </table>
  <p>The plan does not pay for:</p>
  <ul><li>&#8226; counterfeit goods;</li><li>sanctioned buyers.</li></ul>
</main>
<aside class="sidebar"><p>Related: TradeGuard</p></aside>
<footer><p><a href="/privacy">Privacy</a> &middot; <a href="/terms">Terms of use</a></p>
<p>&copy; 2026 Example Insurance. All rights reserved.</p></footer>
</body></html>"""


def test_html_navigation_and_banners_are_dropped_and_the_footer_keeps_its_notice_not_its_links() -> None:
    blocks = load_blocks(Path("shopsafe.html"), BOILERPLATE_HTML.encode())
    text = " ".join([b.text for b in blocks] + [c for b in blocks for r in b.rows for c in r])
    for boilerplate in ["cookies", "Accept", "Home", "Call us", "Products", "Related", "Privacy", "Terms"]:
        assert boilerplate not in text
    # The document's own legal notice is content; the footer's links are the site's navigation.
    assert blocks[-1].text == "© 2026 Example Insurance. All rights reserved."
    (table,) = [b for b in blocks if b.kind == "table"]
    assert table.header == ["Category", "Rate / Standard", "Rate / Plus"]
    assert table.rows == [["E-scooters", "0.9%", "1.2%"]]
    items = [b for b in blocks if b.kind == "item"]
    assert [(i.text, i.lead) for i in items] == [
        ("counterfeit goods;", "The plan does not pay for:"),
        ("sanctioned buyers.", "The plan does not pay for:"),
    ]
    assert table.section == ("ShopSafe Seller Cover", "Rates")


def test_blocks_have_stable_anchors_sections_and_a_json_form() -> None:
    md = "# Plan\n\n## Premiums\n\n| Age | Premium |\n|---|---|\n| 31–40 | HK$11,280 |\n\nPaid yearly.\n"
    first = load_blocks(Path("p.md"), md.encode())
    again = load_blocks(Path("p.md"), md.encode())
    assert [b.anchor for b in first] == [b.anchor for b in again] == ["h0", "h1", "t2", "p3"]
    assert len({b.anchor for b in first}) == len(first)
    assert first[2].as_dict()["section"] == ["Plan", "Premiums"]
    assert [Block.from_dict(json.loads(json.dumps(b.as_dict()))) for b in first] == first
    assert first[1].section == ("Plan",)


def test_dot_leaders_and_spaced_labels_keep_one_fact_per_line() -> None:
    text = (
        "What we pay of eligible expenses:\n\n"
        "Any hospital in Hong Kong ................ 100%\n"
        "Mainland non-network hospital ........... 80%\n\n"
        "Plan levels:\n\n"
        "  Standard  - area of cover: Hong Kong, Macao and the nine mainland\n"
        "              GBA cities\n"
        "  Prestige  - area of cover: Asia\n"
    )
    blocks = load_blocks(Path("p.txt"), text.encode())
    (table,) = [b for b in blocks if b.kind == "table"]
    assert table.rows == [["Any hospital in Hong Kong", "100%"], ["Mainland non-network hospital", "80%"]]
    assert "Any hospital in Hong Kong: 100%" in _rows(blocks)
    assert [b.text for b in blocks if b.kind == "paragraph"][-2:] == [
        "Standard - area of cover: Hong Kong, Macao and the nine mainland GBA cities",
        "Prestige - area of cover: Asia",
    ]


def test_chinese_columns_aligned_by_display_width_are_a_table_under_their_numbered_heading() -> None:
    """A Chinese character takes two columns of a monospaced layout: cells padded to one display
    column start at different characters. A numbered heading followed at once by its text (no blank
    line) is a heading, not a list entry swallowing the paragraph under it."""
    text = (
        "一、產品簡介\n"
        "本保單保障出口商的貨款損失。\n\n"
        "二、保障範圍\n"
        "項目                              內容\n"
        "商業風險賠償比例                  80%（可選90%，保費另加15%）\n"
        "政治風險賠償比例                  90%\n"
        "保單年費                          港幣1,000元\n\n"
        "三、投保資格\n"
        "1. 持有有效商業登記證的香港註冊公司；\n"
        "2. 最少兩年貿易紀錄；\n"
    )
    blocks = load_blocks(Path("plan.txt"), text.encode("big5"))
    assert [b.text for b in blocks if b.kind == "heading"] == ["一、產品簡介", "二、保障範圍", "三、投保資格"]
    (table,) = [b for b in blocks if b.kind == "table"]
    assert table.header == ["項目", "內容"]
    assert table.rows[0] == ["商業風險賠償比例", "80%（可選90%，保費另加15%）"]
    assert table.section == ("二、保障範圍",)
    items = [b for b in blocks if b.kind == "item"]
    assert [i.text for i in items] == ["持有有效商業登記證的香港註冊公司；", "最少兩年貿易紀錄；"]
    assert all(i.section == ("三、投保資格",) for i in items)


def test_a_numbered_list_stays_a_list_and_a_wrapped_entry_is_no_heading() -> None:
    text = (
        "How to claim\n\n"
        "Send us the claim form with the receipts and the reports within 90 days of the\n"
        "treatment. We settle claims within 30 days of receiving all the documents we ask.\n\n"
        "1. Keep copies of everything you send to us until the claim is settled and\n"
        "   tell us at once of any change\n"
        "2. Call the hotline\n"
        "3. Send the receipts\n"
    )
    blocks = load_blocks(Path("claims.txt"), text.encode())
    assert [b.kind for b in blocks if b.kind != "heading"] == ["paragraph", "item", "item", "item"]


def test_a_boxed_table_keeps_wrapped_cells_in_their_row_and_a_wrapped_definition_whole() -> None:
    text = (
        "BENEFITS\n\n"
        "+------------------------------+------------------------------+\n"
        "| Item                         | GoldenYears                  |\n"
        "+------------------------------+------------------------------+\n"
        "| Guaranteed IRR at end of     | 5-year pay: 2.05%            |\n"
        "|   annuity period             | 10-year pay: 2.25%           |\n"
        "| Death benefit                | 101% of premiums paid less   |\n"
        "|                              | annuity paid                 |\n"
        "+------------------------------+------------------------------+\n\n"
        "+--------------+----------------+-----------+\n"
        "| Premium term | Annuity start  | 10-year   |\n"
        "|              | age            | period    |\n"
        "+--------------+----------------+-----------+\n"
        "| 5 years      | 60             | 1,214     |\n"
        "|              | 65             | 1,372     |\n"
        "+--------------+----------------+-----------+\n\n"
        "DEFINITIONS\n\n"
        " Annuitant ............ the person who receives the annuity.\n"
        " QDAP ................. a deferred annuity certified by the Insurance\n"
        "                        Authority as meeting the tax deduction rules.\n"
    )
    tables = [b for b in load_blocks(Path("summary.txt"), text.encode()) if b.kind == "table"]
    assert tables[0].rows == [
        ["Guaranteed IRR at end of annuity period", "5-year pay: 2.05% 10-year pay: 2.25%"],
        ["Death benefit", "101% of premiums paid less annuity paid"],
    ]
    assert tables[1].header == ["Premium term", "Annuity start age", "10-year period"]
    # A row whose first cell is merged with the row above is a row of its own.
    assert tables[1].rows == [["5 years", "60", "1,214"], ["", "65", "1,372"]]
    assert tables[2].rows[1] == [
        "QDAP",
        "a deferred annuity certified by the Insurance Authority as meeting the tax deduction rules.",
    ]
