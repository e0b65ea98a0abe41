"""A document's structure as accessible HTML: rendered once per version and language, the cited units per request.

Rendering each unit in Python (not a template loop) and caching the result keeps the
viewer's page fast for long documents: a request re-renders only the units it highlights.
"""

from __future__ import annotations

from itertools import pairwise

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from knowledge.viewer import CACHE_SECONDS, Highlight, Structure, Unit


def article_html(
    structure: Structure, highlight: Highlight, *, original_url: str, version_key: str
) -> SafeString:
    """The document's units as HTML, with the units of `highlight` marked."""
    key = f"{version_key}:html:{get_language()}"
    parts = cache.get(key)
    depths = heading_depths(structure.units)
    if not isinstance(parts, list) or len(parts) != len(structure.units):
        parts = [unit_html(u, original_url, Highlight(), depths.get(u.anchor)) for u in structure.units]
        cache.set(key, parts, CACHE_SECONDS)
    if highlight.anchors:
        parts = [
            unit_html(u, original_url, highlight, depths.get(u.anchor))
            if _involves(u, highlight.anchors)
            else html
            for u, html in zip(structure.units, parts, strict=True)
        ]
    return mark_safe("\n".join(_grouped(structure.units, parts)))  # noqa: S308 - every text is escaped


def heading_depths(units: list[Unit]) -> dict[str, int]:
    """Each heading's rank under the page's <h1>: one deeper than the heading above it at most,
    so a document whose outermost heading is a section (level 2) never skips a rank."""
    depths: dict[str, int] = {}
    open_levels: list[tuple[int, int]] = []  # (document level, rank) of the headings above
    for unit in units:
        if unit.kind != "heading":
            continue
        while open_levels and open_levels[-1][0] >= unit.level:
            open_levels.pop()
        rank = min((open_levels[-1][1] if open_levels else 1) + 1, 6)
        open_levels.append((unit.level, rank))
        depths[unit.anchor] = rank
    return depths


def _group(unit: Unit) -> str:
    if unit.kind == "item":
        return "ul"
    return "dl" if unit.kind == "paragraph" and unit.term else ""


def _grouped(units: list[Unit], parts: list[str]) -> list[str]:
    """The parts, each run of list items inside one list, each run of definitions in one definition list."""
    out: list[str] = []
    current = ""
    for unit, html in zip(units, parts, strict=True):
        group = _group(unit)
        if group != current:
            if current:
                out.append(f"</{current}>")
            if group:
                out.append('<ul class="items">' if group == "ul" else '<dl class="definitions">')
            current = group
        out.append(html)
    if current:
        out.append(f"</{current}>")
    return out


def _involves(unit: Unit, anchors: frozenset[str]) -> bool:
    return unit.anchor in anchors or any(row.anchor in anchors for row in unit.rows)


def unit_html(unit: Unit, original_url: str, highlight: Highlight, depth: int | None = None) -> str:
    """One unit as HTML; `depth` is a heading's rank (see `heading_depths`), its level + 1 without.

    Words of the interface inside the document's <article lang> carry the page's language.
    """
    cited = ' class="cited"' if unit.anchor in highlight.anchors else ""
    if unit.kind == "page":
        return f'<p class="page-marker" id="{unit.anchor}">{_page_link(unit.page, original_url)}</p>'
    if unit.kind == "heading":
        tag = f"h{depth or min(unit.level + 1, 6)}"
        link = (
            f'<a class="anchor" href="#{unit.anchor}" lang="{_ui_lang()}"'
            f' aria-label="{escape(_("Link to this section"))}">#</a>'
        )
        return f'<{tag} id="{unit.anchor}"{cited}>{escape(unit.text)} {link}</{tag}>'
    if unit.kind == "table":
        return _table_html(unit, highlight, original_url)
    if unit.kind == "item":
        # A numbered item keeps its own label ("1.", "(a)", "一、"); a bulleted one gets the list's bullet.
        marker = f'<span class="marker">{escape(unit.marker)}</span> ' if unit.marker else ""
        classes = " ".join(c for c in ("marked" if unit.marker else "", "cited" if cited else "") if c)
        class_attr = f' class="{classes}"' if classes else ""
        return f'<li id="{unit.anchor}"{class_attr}>{marker}{_text_html(unit, highlight, original_url)}</li>'
    if unit.term and unit.text.startswith(f"{unit.term}: "):
        definition = _after(unit, len(unit.term) + 2)
        return f'<dt>{escape(unit.term)}</dt><dd id="{unit.anchor}"{cited}>{_text_html(definition, highlight, original_url)}</dd>'
    if unit.term:
        return f'<dd id="{unit.anchor}"{cited}>{_text_html(unit, highlight, original_url)}</dd>'
    return f'<p id="{unit.anchor}"{cited}>{_text_html(unit, highlight, original_url)}</p>'


def _after(unit: Unit, cut: int) -> Unit:
    """The unit's text from `cut` on, its bold spans and line starts moved with it."""
    return Unit(
        unit.kind,
        unit.anchor,
        unit.text[cut:],
        strong=tuple((max(a - cut, 0), b - cut) for a, b in unit.strong if b > cut),
        breaks=tuple(b - cut for b in unit.breaks if b > cut),
        page_breaks=tuple((b - cut, page) for b, page in unit.page_breaks if b > cut),
    )


def _ui_lang() -> str:
    return str(escape(get_language() or "en"))


def _page_link(page: int | None, original_url: str) -> str:
    label = escape(_("Page %(page)s") % {"page": page})
    return f'<a href="{escape(original_url)}#page={page}" lang="{_ui_lang()}">{label}</a>'


def _text_html(unit: Unit, highlight: Highlight, original_url: str) -> str:
    """The unit's text escaped, its bold spans in <strong>, the quoted words in <mark>, a <br>
    where its author ended a line."""
    text = unit.text
    parts = highlight.split(unit.anchor, text)
    marked = (len(parts[0]), len(text) - len(parts[2])) if parts is not None else None
    pages = dict(unit.page_breaks)
    if not unit.strong and not unit.breaks and not pages and marked is None:
        return str(escape(text))
    cuts = sorted(
        {0, len(text), *(i for span in unit.strong for i in span), *unit.breaks, *pages, *(marked or ())}
    )
    out: list[str] = []
    for start, end in pairwise(cuts):
        if start in pages:  # the next page begins inside this paragraph
            out.append(
                f'<span class="page-marker" id="page={pages[start]}">{_page_link(pages[start], original_url)}</span>'
            )
        if start in unit.breaks:
            out.append("<br>")
        piece = str(escape(text[start:end]))
        if any(a <= start and end <= b for a, b in unit.strong):
            piece = f"<strong>{piece}</strong>"
        if marked is not None and marked[0] <= start and end <= marked[1]:
            piece = f"<mark>{piece}</mark>"
        out.append(piece)
    return "".join(out)


def _table_html(unit: Unit, highlight: Highlight, original_url: str) -> str:
    named = f' aria-labelledby="{unit.heading}"' if unit.heading else ""
    # A wide table scrolls inside its wrapper: the wrapper takes focus so keyboard users can scroll it.
    region = named or f' aria-label="{escape(_("Table"))}"'
    out = [f'<div class="table-wrap" id="{unit.anchor}" role="region" tabindex="0"{region}><table{named}>']
    if unit.header_rows:
        out.append("<thead>")
        last = len(unit.header_rows) - 1
        for number, header in enumerate(unit.header_rows):
            out.append("<tr>" + _header_cells(header, spanning=number < last) + "</tr>")
        out.append("</thead>")
    out.append("<tbody>")
    breaks = dict(unit.page_breaks)
    width = max((len(r.cells) for r in unit.rows), default=1)
    for number, row in enumerate(unit.rows):
        if number in breaks:  # a table across pages: the next page begins at this row
            out.append(
                f'<tr class="page-marker" id="page={breaks[number]}">'
                f'<td colspan="{width}">{_page_link(breaks[number], original_url)}</td></tr>'
            )
        cited = ' class="cited"' if row.anchor in highlight.anchors else ""
        # The first cell names the row (a benefit, an age band): a row header for screen readers.
        cells = "".join(
            f'<th scope="row">{escape(c)}</th>' if n == 0 else f"<td>{escape(c)}</td>"
            for n, c in enumerate(row.cells)
        )
        out.append(f'<tr id="{row.anchor}"{cited}>{cells}</tr>')
    out.append("</tbody></table></div>")
    return "".join(out)


def _header_cells(header: tuple[str, ...], *, spanning: bool) -> str:
    """A header row's cells; above the last row, a merged cell (repeated by the loader) spans its columns."""
    if not spanning:
        return "".join(f'<th scope="col">{escape(c)}</th>' for c in header)
    cells: list[tuple[str, int]] = []
    for cell in header:
        if cells and cell and cells[-1][0] == cell:
            cells[-1] = (cell, cells[-1][1] + 1)
        else:
            cells.append((cell, 1))
    return "".join(
        f'<th scope="colgroup" colspan="{n}">{escape(c)}</th>'
        if n > 1
        else f'<th scope="col">{escape(c)}</th>'
        for c, n in cells
    )
