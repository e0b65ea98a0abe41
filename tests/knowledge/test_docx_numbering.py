"""Word's automatic numbering is shown as Word shows it: in the blocks, the chunk lines and the viewer.

Every file is built here with python-docx; numbering definitions the default template
lacks ("(a)", "一、", multi-level headings) are written into its numbering part.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from bs4 import BeautifulSoup
from docx.oxml import parse_xml

from knowledge.chunking import chunk_blocks
from knowledge.document_html import unit_html
from knowledge.loaders import Block, load_blocks
from knowledge.loaders.numbering import format_number
from knowledge.viewer import Highlight, build_structure

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _define(
    document: object, num_id: int, levels: list[tuple[str, str, str]], *, start: int | None = None
) -> None:
    """Add an abstract definition with `levels` (format, pattern, linked style id) and instance `num_id`."""
    numbering = document.part.numbering_part.element  # type: ignore[attr-defined]
    lvls = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        + (f'<w:pStyle w:val="{style}"/>' if style else "")
        + ('<w:suff w:val="nothing"/>' if pattern.endswith("、") else "")
        + f'<w:lvlText w:val="{pattern}"/></w:lvl>'
        for i, (fmt, pattern, style) in enumerate(levels)
    )
    abstract_id = 100 + num_id
    numbering.insert(
        0,
        parse_xml(f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'),
    )
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>' if start else ""
    )
    numbering.append(
        parse_xml(
            f'<w:num xmlns:w="{W_NS}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>'
        )
    )


def _number(paragraph: object, num_id: int, level: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()  # type: ignore[attr-defined]
    ppr.append(
        parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def _load(document: object) -> list[Block]:
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    return load_blocks(Path("numbered.docx"), buffer.getvalue())


def test_list_number_style_items_carry_words_numbers_and_bullets_none() -> None:
    document = docx.Document()
    document.add_paragraph("To claim:")
    for text in ["Fill in the claim form.", "Attach the receipts.", "Send both within 90 days."]:
        document.add_paragraph(text, style="List Number")
    document.add_paragraph("Not covered:")
    document.add_paragraph("Cosmetic treatment.", style="List Bullet")
    items = [b for b in _load(document) if b.kind == "item"]
    assert [(i.marker, i.text) for i in items] == [
        ("1.", "Fill in the claim form."),
        ("2.", "Attach the receipts."),
        ("3.", "Send both within 90 days."),
        ("", "Cosmetic treatment."),
    ]
    assert items[0].lead == "To claim:"


def test_letters_in_parentheses_and_chinese_counting_labels() -> None:
    document = docx.Document()
    _define(document, 901, [("lowerLetter", "(%1)", "")])
    _define(document, 902, [("chineseCounting", "%1、", "")])
    for text in ["cosmetic treatment;", "", "dental work;", "war or terrorism."]:
        _number(document.add_paragraph(text), 901)
    for text in [
        "住院保障",
        "門診保障",
        "牙科保障",
        "產科保障",
        "身故保障",
        "緊急救援",
        "醫療轉運",
        "海外醫療",
        "康復治療",
        "中醫診治",
        "其他保障",
    ]:
        _number(document.add_paragraph(text), 902)
    items = [b for b in _load(document) if b.kind == "item"]
    assert [i.marker for i in items[:3]] == ["(a)", "(c)", "(d)"], (
        "an empty numbered paragraph shows (b) in Word"
    )
    assert [i.marker for i in items[3:]] == [
        "一、",
        "二、",
        "三、",
        "四、",
        "五、",
        "六、",
        "七、",
        "八、",
        "九、",
        "十、",
        "十一、",
    ]
    lines = "\n".join(c.text for c in chunk_blocks(items))
    assert "(c) dental work;" in lines and "十一、 其他保障" in lines


def test_numbered_headings_restart_their_sub_levels_and_a_restarted_list_starts_again() -> None:
    document = docx.Document()
    # Multi-level heading numbers linked to the Heading styles, as Word's "1 / 1.1" list does.
    _define(document, 903, [("decimal", "%1.", "Heading1"), ("decimal", "%1.%2", "Heading2")])
    for style in ("Heading1", "Heading2"):
        ppr = document.styles[style.replace("g1", "g 1").replace("g2", "g 2")].element.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:numId w:val="903"/></w:numPr>'))
    document.add_heading("Cover", 1)
    document.add_heading("Hospital", 2)
    document.add_heading("Outpatient", 2)
    document.add_heading("Exclusions", 1)
    document.add_heading("General", 2)
    _define(document, 904, [("decimal", "%1.", "")])
    _number(document.add_paragraph("First step."), 904)
    _number(document.add_paragraph("Second step."), 904)
    # Word's "Restart at 1": a new instance of the same definition, with a start override.
    numbering = document.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:num xmlns:w="{W_NS}" w:numId="905"><w:abstractNumId w:val="1004"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )
    _number(document.add_paragraph("Again from one."), 905)
    _number(document.add_paragraph("Then two."), 905)
    blocks = _load(document)
    assert [b.text for b in blocks if b.kind == "heading"] == [
        "1. Cover",
        "1.1 Hospital",
        "1.2 Outpatient",
        "2. Exclusions",
        "2.1 General",
    ]
    assert blocks[-1].section == ("2. Exclusions", "2.1 General")
    assert [b.marker for b in blocks if b.kind == "item"] == ["1.", "2.", "1.", "2."]


def test_the_viewer_shows_the_numbers() -> None:
    document = docx.Document()
    _define(document, 906, [("lowerRoman", "%1)", "")])
    for text in ["the schedule;", "the proposal form."]:
        _number(document.add_paragraph(text), 906)
    structure = build_structure(_load(document))
    html = [BeautifulSoup(unit_html(u, "/x", Highlight()), "html.parser") for u in structure.units]
    assert [h.li.get_text() for h in html] == ["i) the schedule;", "ii) the proposal form."]


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (4, "upperRoman", "IV"),
        (28, "lowerLetter", "bb"),
        (20, "chineseCounting", "二十"),
        (105, "chineseCounting", "一百零五"),
        (3, "ideographTraditional", "丙"),
        (2, "decimalEnclosedCircle", "②"),
        (7, "decimalZero", "07"),
        (12, "decimalFullWidth", "１２"),
    ],
)
def test_word_number_formats(value: int, fmt: str, shown: str) -> None:
    assert format_number(value, fmt) == shown
