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
    return mark_safe("\n".join(parts))  # noqa: S308 - every text below is escaped


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
    classes = " ".join(c for c in ("item" if unit.kind == "item" else "", "cited" if cited else "") if c)
    class_attr = f' class="{classes}"' if classes else ""
    return f'<p id="{unit.anchor}"{class_attr}>{_text_html(unit, highlight)}</p>'


def _text_html(unit: Unit, highlight: Highlight) -> str:
    parts = highlight.split(unit.anchor, unit.text)
    if parts is None:
        return str(escape(unit.text))
    before, quoted, after = parts
    return f"{escape(before)}<mark>{escape(quoted)}</mark>{escape(after)}"


def _table_html(unit: Unit, highlight: Highlight) -> str:
    named = f' aria-labelledby="{unit.heading}"' if unit.heading else ""
    out = [f'<div class="table-wrap" id="{unit.anchor}"><table{named}>']
    if unit.header_rows:
        out.append("<thead>")
        for header in unit.header_rows:
            out.append("<tr>" + "".join(f'<th scope="col">{escape(c)}</th>' for c in header) + "</tr>")
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
