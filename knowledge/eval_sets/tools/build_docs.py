"""Rebuild an evaluation set's PDF, DOCX and legacy-encoded TXT documents from <set>/tools/src/*.txt.

Each source is UTF-8 with a small line markup:
  @format pdf|docx|big5|gb18030   output format (required, first directive)
  @font NAME                      PDF font: MSung-Light, STSong-Light (CID) or Helvetica
  @header TEXT / @footer TEXT     running header and footer (PDF, DOCX)
  @spacer N                       vertical space of N points (PDF)
  @columns 2 / @columns 1         switch to a two-column / one-column page from the next page (PDF)
  # TITLE, ## HEADING             title and headings
  - ITEM                          bulleted item
  | a | b |                       table row (first row is the header)
  |= a | b:3 |                    header row; "x:3" spans three columns, "^" merges with the cell above
Other lines are paragraphs. big5/gb18030 sources are written verbatim in that encoding.

Run from anywhere: python knowledge/eval_sets/tools/build_docs.py knowledge/eval_sets/<set>
(the set's sources stay in <set>/tools/src; the documents are written to <set>/docs).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path



def parse(text: str) -> tuple[dict[str, str], list[tuple[str, object]]]:
    meta: dict[str, str] = {}
    blocks: list[tuple[str, object]] = []
    table: list[list[str]] = []
    heads: list[list[str]] = []

    def flush() -> None:
        nonlocal table, heads
        if table or heads:
            blocks.append(("table", (heads, table)))
        table, heads = [], []

    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith("|="):
            heads.append([c.strip() for c in line[2:].strip().strip("|").split("|")])
            continue
        if line.startswith("|"):
            table.append([c.strip() for c in line.strip().strip("|").split("|")])
            continue
        flush()
        if not line:
            continue
        if line.startswith("@"):
            key, _, value = line[1:].partition(" ")
            if key in ("spacer", "columns"):
                blocks.append((key, value))
            else:
                meta[key] = value
        elif line.startswith("## "):
            blocks.append(("h2", line[3:]))
        elif line.startswith("# "):
            blocks.append(("h1", line[2:]))
        elif line.startswith("- "):
            blocks.append(("li", line[2:]))
        else:
            blocks.append(("p", line))
    flush()
    return meta, blocks


def _expand_heads(heads: list[list[str]]) -> list[list[str]]:
    """Header rows as grid rows: spans repeat the text, '^' repeats the cell above."""
    grid: list[list[str]] = []
    for row in heads:
        out: list[str] = []
        for cell in row:
            m = re.fullmatch(r"(.*):(\d+)", cell)
            text, span = (m.group(1), int(m.group(2))) if m else (cell, 1)
            out.extend([text] * span)
        grid.append(out)
    for r in range(1, len(grid)):
        grid[r] = [grid[r - 1][c] if v == "^" else v for c, v in enumerate(grid[r])]
    return grid


def build_pdf(meta: dict[str, str], blocks: list[tuple[str, object]], out: Path) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )

    font = meta.get("font", "Helvetica")
    if font != "Helvetica":
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    cjk = font != "Helvetica"
    body = ParagraphStyle("b", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK" if cjk else None)
    cell = ParagraphStyle("c", parent=body, fontSize=8.5, leading=11)
    h1 = ParagraphStyle("h1", parent=body, fontSize=15, leading=20, spaceAfter=6)
    h2 = ParagraphStyle("h2", parent=body, fontSize=11.5, leading=16, spaceBefore=8, spaceAfter=3)
    width, height = A4
    margin = 50
    pages: list[int] = []
    total = {"n": 0}

    def decorate(canvas: object, doc: object) -> None:
        c = canvas  # type: ignore[assignment]
        c.saveState()
        c.setFont(font, 8)
        c.drawString(margin, height - 32, meta.get("header", ""))
        c.drawString(margin, 28, meta.get("footer", ""))
        n = c.getPageNumber()
        pages.append(n)
        label = meta.get("pagelabel", "Page {n} of {N}")
        c.drawRightString(width - margin, 16, label.replace("{n}", str(n)).replace("{N}", str(total["n"])))
        c.restoreState()

    one = Frame(margin, margin, width - 2 * margin, height - 2 * margin - 10, id="one")
    col_w = (width - 2 * margin - 16) / 2
    left = Frame(margin, margin, col_w, height - 2 * margin - 10, id="left")
    right = Frame(margin + col_w + 16, margin, col_w, height - 2 * margin - 10, id="right")
    doc = BaseDocTemplate(str(out), pagesize=A4, title=meta.get("title", out.stem), author="test data")
    doc.addPageTemplates(
        [
            PageTemplate(id="one", frames=[one], onPage=decorate),
            PageTemplate(id="two", frames=[left, right], onPage=decorate),
        ]
    )
    story: list[object] = []
    for kind, value in blocks:
        if kind == "h1":
            story.append(Paragraph(str(value), h1))
        elif kind == "h2":
            story.append(Paragraph(str(value), h2))
        elif kind == "li":
            story.append(Paragraph("• " + str(value), body))
        elif kind == "p":
            story.append(Paragraph(str(value), body))
        elif kind == "spacer":
            story.append(Spacer(1, float(str(value))))
        elif kind == "columns":
            story.append(NextPageTemplate("two" if str(value) == "2" else "one"))
            story.append(PageBreak())
        elif kind == "table":
            heads, rows = value  # type: ignore[misc]
            grid = _expand_heads(heads) if heads else []
            data = grid + list(rows)
            data = [[Paragraph(c, cell) for c in r] for r in data]
            n_head = len(grid) if grid else 1
            t = Table(data, repeatRows=n_head)
            style = [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, n_head - 1), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
            t.setStyle(TableStyle(style))
            story.append(t)
            story.append(Spacer(1, 6))

    # Two passes so that "of N" is right: the first only counts the pages.
    import copy

    first = copy.deepcopy(story)
    doc.build(first)
    total["n"] = max(pages)
    pages.clear()
    doc.build(story)


def build_docx(meta: dict[str, str], blocks: list[tuple[str, object]], out: Path) -> None:
    import docx

    d = docx.Document()
    sec = d.sections[0]
    if meta.get("header"):
        sec.header.paragraphs[0].text = meta["header"]
    if meta.get("footer"):
        sec.footer.paragraphs[0].text = meta["footer"]
    for kind, value in blocks:
        if kind == "h1":
            d.add_heading(str(value), level=0)
        elif kind == "h2":
            d.add_heading(str(value), level=1)
        elif kind == "li":
            d.add_paragraph(str(value), style="List Bullet")
        elif kind == "p":
            d.add_paragraph(str(value))
        elif kind == "table":
            heads, rows = value  # type: ignore[misc]
            grid = _expand_heads(heads) if heads else []
            ncols = len((grid or rows)[0])
            t = d.add_table(rows=0, cols=ncols)
            t.style = "Table Grid"
            for r_i, row in enumerate(grid):
                cells = t.add_row().cells
                for c_i, text in enumerate(row):
                    cells[c_i].text = text
            # merge spans: same text to the right (horizontal) or below (vertical, from '^')
            for r_i, raw in enumerate(heads):
                c_i = 0
                for item in raw:
                    m = re.fullmatch(r"(.*):(\d+)", item)
                    span = int(m.group(2)) if m else 1
                    if item == "^":
                        top = t.cell(r_i - 1, c_i)
                        t.cell(r_i, c_i).text = ""
                        merged = top.merge(t.cell(r_i, c_i))
                        merged.text = grid[r_i - 1][c_i]
                    elif span > 1:
                        first = t.cell(r_i, c_i)
                        for k in range(1, span):
                            t.cell(r_i, c_i + k).text = ""
                        merged = first.merge(t.cell(r_i, c_i + span - 1))
                        merged.text = grid[r_i][c_i]
                    c_i += span
            for row in rows:
                cells = t.add_row().cells
                for c_i, text in enumerate(row):
                    cells[c_i].text = text
    d.core_properties.title = meta.get("title", out.stem)
    d.core_properties.author = "test data"
    d.save(str(out))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build an evaluation set's documents from its sources.")
    ap.add_argument("set", type=Path, help="the set's folder, e.g. knowledge/eval_sets/team")
    root = ap.parse_args(argv).set.resolve()
    docs = root / "docs"
    built = []
    for src in sorted((root / "tools" / "src").glob("*.txt")):
        text = src.read_text(encoding="utf-8")
        fmt = re.search(r"^@format (\S+)", text, re.M)
        if not fmt:
            continue
        kind = fmt.group(1)
        if kind in ("big5", "gb18030"):
            body = "\n".join(ln for ln in text.splitlines() if not ln.startswith("@format")) + "\n"
            out = docs / src.name
            out.write_bytes(body.replace("\n", "\r\n").encode(kind))
        else:
            meta, blocks = parse(text)
            out = docs / (src.stem + "." + kind)
            (build_pdf if kind == "pdf" else build_docx)(meta, blocks, out)
        built.append(out.name)
    print("built:", ", ".join(built))
    return 0


if __name__ == "__main__":
    sys.exit(main())
