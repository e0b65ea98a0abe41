"""HTML: the page's content without its navigation, banners, footers and scripts."""

from __future__ import annotations

import re
from typing import Any

from knowledge.loaders.grid import Cell, expand, header_count
from knowledge.loaders.model import Block, clean_line, clean_text, item_of, table_block

# Elements that never hold a plan's content.
_NEVER = ["script", "style", "noscript", "template", "iframe", "nav", "form", "button", "svg", "dialog"]
# Landmarks around the content (ARIA roles; footers and asides). A <header> stays: once its
# navigation is gone, what is left is the document's title and notices.
_AROUND_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog"}
_AROUND_TAGS = ["footer", "aside"]
# Class or id words of the boilerplate sites wrap around content: cookie and consent
# banners, menus, breadcrumbs, share bars. Matched as whole words of the attribute.
_BOILERPLATE = re.compile(
    r"(?:^|[\s_-])(cookies?|consent|gdpr|banner|breadcrumbs?|navbar|nav|menu|sidebar|share|social|"
    r"skip-link|site-header|site-footer|footer|masthead|newsletter|popup|modal)(?:$|[\s_-])",
    re.IGNORECASE,
)
_BLOCK_TAGS = [
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "li",
    "table",
    "dt",
    "dd",
    "pre",
    "blockquote",
    "address",
]


def load_html(text: str) -> list[Block]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(_NEVER):
        tag.decompose()
    blocks: list[Block] = []
    for root in _content_roots(soup):
        _drop_boilerplate(root)
        for element in root.find_all(_BLOCK_TAGS):
            if element.name == "table" and not _inside_another(element):
                blocks.extend(_caption(element))
            block = _block(element)
            if block is not None:
                blocks.append(block)
    return blocks


def _caption(table: Any) -> list[Block]:
    """A table's caption, as the paragraph that introduces it."""
    caption = table.find("caption")
    text = clean_text(caption.get_text(" ", strip=True)) if caption is not None else ""
    return [Block("paragraph", text)] if text else []


def _content_roots(soup: Any) -> list[Any]:
    """The body: content can sit outside <main> (a notice, the title's header), so what
    is dropped is the boilerplate around it, by role, element and class (`_drop_boilerplate`)."""
    return [soup.body or soup]


def _drop_boilerplate(root: Any) -> None:
    doomed = []
    for element in root.find_all(True):
        role = (element.get("role") or "").lower()
        names = " ".join([element.get("id") or "", *(element.get("class") or [])])
        label = element.get("aria-label") or ""
        if (
            role in _AROUND_ROLES
            or (element.name in _AROUND_TAGS and not element.find(["h1", "h2", "h3"]))
            or (element.name == "footer")
            or (names and _BOILERPLATE.search(names) and not element.find(["h1", "h2", "table"]))
            or _BOILERPLATE.search(label)
        ):
            doomed.append(element)
    for element in doomed:
        if not element.decomposed:
            element.decompose()


def _inside_another(element: Any) -> bool:
    """A block nested in a table or list item is read as part of that one."""
    if element.name == "li":
        return element.find_parent("li") is not None or element.find_parent("table") is not None
    if element.name == "table":
        return element.find_parent("table") is not None
    return element.find_parent(["table", "li"]) is not None


def _block(element: Any) -> Block | None:
    if _inside_another(element):
        return None
    text = clean_line(element.get_text(" ", strip=True))
    name = element.name
    if name == "table":
        return _table(element)
    if name in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        return Block("heading", text, level=int(name[1]))
    if name == "li":
        marked = item_of(text)
        if marked is not None:  # a number typed into the item's text stays its label
            return marked
        parent = element.find_parent(["ol", "ul"])
        marker = ""
        if parent is not None and parent.name == "ol":
            marker = f"{len(element.find_previous_siblings('li')) + int(parent.get('start') or 1)}."
        return Block("item", text, marker=marker)
    if name == "dt":
        return None
    if name == "dd":
        term = element.find_previous_sibling("dt")
        label = clean_text(term.get_text(" ", strip=True)) if term else ""
        return Block("paragraph", f"{label}: {text}" if label else text)
    if element.find_parent(["p", "blockquote", "pre", "address"]) is not None and name != "pre":
        return None
    if not text:
        return None
    return item_of(text) or Block("paragraph", text)


def _table(table: Any) -> Block | None:
    rows: list[list[Cell]] = []
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is not table:
            continue
        in_head = tr.find_parent("thead") is not None
        cells = [
            Cell(
                clean_text(cell.get_text(" ", strip=True)),
                colspan=_span(cell.get("colspan")),
                rowspan=_span(cell.get("rowspan")),
                is_header=in_head or cell.name == "th",
            )
            for cell in tr.find_all(["th", "td"], recursive=False)
        ]
        if cells:
            rows.append(cells)
    if not rows:
        return None
    grid = expand(rows)
    heads = header_count(rows) if len(rows) > 1 else 0
    return table_block(grid[:heads], grid[heads:])


def _span(value: Any) -> int:
    try:
        return max(1, min(int(str(value)), 50))
    except (TypeError, ValueError):
        return 1
