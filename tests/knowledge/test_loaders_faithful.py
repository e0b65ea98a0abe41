"""Documents shown as their authors set them: lines ended on purpose, bold, definition lists,
a footer's notice, a text file's title, and page markers where pages begin.

Every document is built here. A block's text reads as it did (lines joined) for everything
that reads text; what the author set apart is kept beside it (`breaks`, `strong`, `term`)
and rendered by the viewer as <br>, <strong> and <dl> — never as markup from the document.
"""

from __future__ import annotations

import io
import itertools
import json
import textwrap
from pathlib import Path

import docx
from bs4 import BeautifulSoup
from django.utils import translation

from knowledge.document_html import article_html, heading_depths, unit_html
from knowledge.loaders import Block, load_blocks
from knowledge.loaders.model import finish, table_block
from knowledge.viewer import Highlight, Unit, build_structure

PROSE = (
    "The plan pays the eligible hospital expenses of members who live or work in the Greater "
    "Bay Area, at network hospitals in the nine mainland cities and in Hong Kong and Macao, up "
    "to the overall annual limit shown in the schedule of benefits."
)
CONTACT = [
    "Harbour Health Insurance Limited (fictional)",
    "Hotline: +852 0000 1111 (Monday to Friday)",
    "Email: care@harbour.example",
    "Address: 1/F, Sample Tower, Central, Hong Kong",
]
DEFINITIONS = [
    "Network hospital: a hospital with a direct billing agreement with us.",
    "Policy year: each 12 months from the start date.",
]


def _lines(block: Block) -> list[str]:
    """The block's text cut at the lines its author ended."""
    cuts = [0, *block.breaks, len(block.text)]
    return [block.text[a:b].strip() for a, b in itertools.pairwise(cuts)]


def _paragraphs(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if b.kind == "paragraph"]


def test_text_keeps_lines_its_author_ended_and_joins_wrapped_prose() -> None:
    text = "\n".join(
        [
            "A notice for testing only.",
            "HARBOUR CARE PLAN",
            "",
            "1. OVERVIEW",
            "",
            *textwrap.wrap(PROSE, 72),
            "",
            "2. DEFINITIONS",
            "",
            *DEFINITIONS,
            "",
            "3. CONTACT",
            "",
            *CONTACT,
        ]
    )
    blocks = load_blocks(Path("plan.txt"), text.encode())
    prose, definitions, contact = _paragraphs(blocks)[1:]
    assert prose.text == PROSE and prose.breaks == [], "a wrapped paragraph is one paragraph"
    assert definitions.text == " ".join(DEFINITIONS), "the text reads on, for units and answers"
    assert _lines(definitions) == DEFINITIONS
    assert _lines(contact) == CONTACT


def test_unwrapped_chinese_lines_stay_lines_without_spaces_added() -> None:
    lines = [
        "盐田港财产保险股份有限公司（虚构公司）",
        "理赔热线：+86 755 0000 3616",
        "电子邮箱：xinbao@example.cn",
    ]
    blocks = load_blocks(Path("plan.txt"), "\n".join(["九、联系方式", "", *lines]).encode())
    (contact,) = _paragraphs(blocks)
    assert contact.text == "".join(lines)
    assert _lines(contact) == lines


def test_a_text_files_title_is_a_heading_above_its_sections() -> None:
    text = "Sample document for testing.\n\n「港湾」医疗保险 产品说明书\nHarbour Medical\n\n一、产品概述\n\n保障住院费用。\n"
    blocks = load_blocks(Path("plan.txt"), text.encode())
    headings = [(b.text, b.level) for b in blocks if b.kind == "heading"]
    assert headings == [("「港湾」医疗保险 产品说明书", 1), ("一、产品概述", 2)]
    assert blocks[0].text == "Sample document for testing.", "a sentence is not a title"
    assert blocks[2].text == "Harbour Medical", "the title's next line stays a paragraph"


def test_markdown_bold_labels_and_hard_breaks() -> None:
    md = (
        "# Plan\n\n**Insurer:** Harbour Health\n**Effective date:** 2026-01-01\n\n"
        "The plan pays for a stay in a ward,\nup to the limit. See **section 3**.\n\n"
        "Harbour Health  \n1 Sample Road\n"
    )
    header, prose, address = _paragraphs(load_blocks(Path("p.md"), md.encode()))
    assert header.text == "Insurer: Harbour Health Effective date: 2026-01-01"
    assert _lines(header) == ["Insurer: Harbour Health", "Effective date: 2026-01-01"]
    assert [header.text[a:b] for a, b in header.strong] == ["Insurer:", "Effective date:"]
    assert prose.breaks == [], "a Markdown soft break is a space"
    assert [prose.text[a:b] for a, b in prose.strong] == ["section 3"]
    assert _lines(address) == ["Harbour Health", "1 Sample Road"], "two trailing spaces break the line"


HTML = """<html><body>
<div class="cookie-banner"><p>We use cookies.</p></div>
<main><h1>Plan</h1>
<p><strong>Sum insured:</strong> HK$500,000 per year, <b>no</b> sub-limits.</p>
<p>Harbour Health<br>Hotline: 0000 1111<br>Email: care@harbour.example</p>
<dl><dt>Insured</dt><dd>the person named in the schedule.</dd><dt>Year</dt><dd>12 months.</dd></dl>
</main>
<footer class="site-footer"><p><a href="/privacy">Privacy</a> · <a href="/terms">Terms</a></p>
<p>Privacy | Terms | Site map | Careers</p>
<p>&copy; 2026 Harbour Health (fictional). Sample for testing.</p></footer>
</body></html>"""


def test_html_keeps_bold_line_breaks_definitions_and_the_footers_notice() -> None:
    blocks = load_blocks(Path("p.html"), HTML.encode())
    texts = [b.text for b in blocks]
    assert texts == [
        "Plan",
        "Sum insured: HK$500,000 per year, no sub-limits.",
        "Harbour Health Hotline: 0000 1111 Email: care@harbour.example",
        "Insured: the person named in the schedule.",
        "Year: 12 months.",
        "© 2026 Harbour Health (fictional). Sample for testing.",
    ], "cookie banner and the footer's menus dropped, its notice kept"
    bold, contact, insured, year = blocks[1:5]
    assert [bold.text[a:b] for a, b in bold.strong] == ["Sum insured:", "no"]
    assert _lines(contact) == ["Harbour Health", "Hotline: 0000 1111", "Email: care@harbour.example"]
    assert (insured.term, year.term) == ("Insured", "Year")
    # What the viewer needs survives the JSON form a stored structure uses.
    assert [Block.from_dict(json.loads(json.dumps(b.as_dict()))) for b in blocks] == blocks


def test_docx_line_breaks_and_bold_runs_inside_a_paragraph_are_kept() -> None:
    document = docx.Document()
    run = document.add_paragraph().add_run("Harbour Health")
    run.add_break()
    run.add_text("Hotline: 0000 1111")
    paragraph = document.add_paragraph()
    paragraph.add_run("Waiting period:").bold = True
    paragraph.add_run(" 30 days.")
    buffer = io.BytesIO()
    document.save(buffer)
    contact, waiting = load_blocks(Path("p.docx"), buffer.getvalue())
    assert contact.text == "Harbour Health Hotline: 0000 1111"
    assert _lines(contact) == ["Harbour Health", "Hotline: 0000 1111"]
    assert waiting.text == "Waiting period: 30 days." and waiting.strong == [(0, 15)]


def test_the_viewer_renders_bold_breaks_and_quotes_safely() -> None:
    (block,) = finish([Block("paragraph", "\ufdd0<b>Hotline:\ufdd1 0000 1111 \ufdd2Email: a@b.example")])
    unit = build_structure([block]).units[0]
    html = unit_html(unit, "/x", Highlight(frozenset({unit.anchor}), "0000 1111 Email"))
    assert html == (
        f'<p id="{unit.anchor}" class="cited"><strong>&lt;b&gt;Hotline:</strong> '
        "<mark>0000 1111 </mark><br><mark>Email</mark>: a@b.example</p>"
    ), "the document's own markup is text; bold, line and quote are the viewer's"


def _article(blocks: list[Block], language: str = "en") -> BeautifulSoup:
    structure = build_structure(finish(blocks))
    with translation.override(language):
        html = article_html(structure, Highlight(), original_url="/o", version_key=f"test:{id(structure)}")
    return BeautifulSoup(html, "html.parser")


def test_definitions_render_as_a_definition_list() -> None:
    blocks = load_blocks(Path("p.html"), HTML.encode())
    article = _article(blocks)
    (dl,) = article.find_all("dl")
    assert [dt.get_text() for dt in dl.find_all("dt")] == ["Insured", "Year"]
    assert [dd.get_text() for dd in dl.find_all("dd")] == ["the person named in the schedule.", "12 months."]


def test_headings_never_skip_a_rank_below_the_pages_title() -> None:
    units = [Unit("heading", "a", "1. Overview", level=2), Unit("heading", "b", "1.1 Who", level=4)]
    units += [Unit("heading", "c", "Title", level=1), Unit("heading", "d", "Section", level=3)]
    assert heading_depths(units) == {"a": 2, "b": 3, "c": 2, "d": 3}


def test_a_page_begins_inside_a_table_that_runs_onto_it_and_its_marker_speaks_the_pages_language() -> None:
    table = table_block([["Age", "Premium"]], [[str(n), f"{n * 100}"] for n in range(4)], page=2)
    table.page_breaks = [(3, 3)]
    blocks = [Block("heading", "Premiums", level=1, page=2), table, Block("paragraph", "Renewable.", page=3)]
    article = _article(blocks, "zh-hant")
    markers = article.find_all(class_="page-marker")
    assert [m["id"] for m in markers] == ["page=2", "page=3"], "page 3 is marked once, where it begins"
    row_marker = markers[1]
    assert row_marker.name == "tr" and row_marker.find_next_sibling("tr").th.get_text() == "3"
    assert all(m.a["lang"] == "zh-hant" and m.a["href"].startswith("/o#page=") for m in markers)
    structure = build_structure(finish(blocks))
    assert structure.locate("Age: 3; Premium: 300", page=3) == ["t1-r3"]
