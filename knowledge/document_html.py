"""A document's structure as accessible HTML: rendered once per version and language, the cited units per request.

Rendering each unit in Python (not a template loop) and caching the result keeps the
viewer's page fast for long documents: a request re-renders only the units it highlights.
"""

from __future__ import annotations

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
    if not isinstance(parts, list) or len(parts) != len(structure.units):
        parts = [unit_html(u, original_url, Highlight()) for u in structure.units]
        cache.set(key, parts, CACHE_SECONDS)
    if highlight.anchors:
        parts = [
            unit_html(u, original_url, highlight) if _involves(u, highlight.anchors) else html
            for u, html in zip(structure.units, parts, strict=True)
        ]
    return mark_safe("\n".join(_in_lists(structure.units, parts)))  # noqa: S308 - every text is escaped


def _in_lists(units: list[Unit], parts: list[str]) -> list[str]:
    """The parts, each run of list items inside one list."""
    out: list[str] = []
    listing = False
    for unit, html in zip(units, parts, strict=True):
        if (unit.kind == "item") != listing:
            out.append('<ul class="items">' if not listing else "</ul>")
            listing = not listing
        out.append(html)
    if listing:
        out.append("</ul>")
    return out


def _involves(unit: Unit, anchors: frozenset[str]) -> bool:
    return unit.anchor in anchors or any(row.anchor in anchors for row in unit.rows)


def unit_html(unit: Unit, original_url: str, highlight: Highlight) -> str:
    cited = ' class="cited"' if unit.anchor in highlight.anchors else ""
    if unit.kind == "page":
        label = escape(_("Page %(page)s") % {"page": unit.page})
        return (
            f'<p class="page-marker" id="{unit.anchor}">'
            f'<a href="{escape(original_url)}#page={unit.page}">{label}</a></p>'
        )
    if unit.kind == "heading":
        tag = f"h{min(unit.level + 1, 6)}"
        link = (
            f'<a class="anchor" href="#{unit.anchor}" aria-label="{escape(_("Link to this section"))}">#</a>'
        )
        return f'<{tag} id="{unit.anchor}"{cited}>{escape(unit.text)} {link}</{tag}>'
    if unit.kind == "table":
        return _table_html(unit, highlight)
    if unit.kind == "item":
        # A numbered item keeps its own label ("1.", "(a)", "一、"); a bulleted one gets the list's bullet.
        marker = f'<span class="marker">{escape(unit.marker)}</span> ' if unit.marker else ""
        classes = " ".join(c for c in ("marked" if unit.marker else "", "cited" if cited else "") if c)
        class_attr = f' class="{classes}"' if classes else ""
        return f'<li id="{unit.anchor}"{class_attr}>{marker}{_text_html(unit, highlight)}</li>'
    return f'<p id="{unit.anchor}"{cited}>{_text_html(unit, highlight)}</p>'


def _text_html(unit: Unit, highlight: Highlight) -> str:
    parts = highlight.split(unit.anchor, unit.text)
    if parts is None:
        return str(escape(unit.text))
    before, quoted, after = parts
    return f"{escape(before)}<mark>{escape(quoted)}</mark>{escape(after)}"


def _table_html(unit: Unit, highlight: Highlight) -> str:
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
    for row in unit.rows:
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
