"""HTML: the page's content without its navigation, cookie banners and scripts.

A footer is kept for what it says of the document (its legal notice), without its links.
A <br> ends a line of its own (an address, a contact block) and bold text (<strong>, <b>)
is set apart: both are marked for `finish` to keep as offsets of the block's text.
"""

from __future__ import annotations

import re
from typing import Any

from knowledge.loaders.grid import Cell, expand, header_count
from knowledge.loaders.model import (
    EMPHASIS_END,
    EMPHASIS_START,
    LINE_BREAK,
    Block,
    clean_line,
    clean_text,
    item_of,
    table_block,
)

# Elements that never hold a plan's content.
_NEVER = ["script", "style", "noscript", "template", "iframe", "nav", "form", "button", "svg", "dialog"]
# Landmarks around the content (ARIA roles; asides). A <header> stays: once its navigation
# is gone, what is left is the document's title and notices; a footer keeps its notice.
_AROUND_ROLES = {"navigation", "banner", "complementary", "search", "dialog", "alertdialog"}
_AROUND_TAGS = ["aside"]
# A footer (by element, role or class) keeps its text, not its links: a line that is mostly
# link text (a site map, "Privacy · Terms") is navigation; a legal notice is the document's.
_FOOTER_CLASS = re.compile(r"(?:^|[\s_-])footer(?:$|[\s_-])", re.IGNORECASE)
LINK_SHARE = 0.5
# A footer line of at least this many entries this short on average, between separators, is a menu.
_MENU_SEPARATOR = re.compile(r"\s[|·•]\s|\s/\s")
MENU_ENTRIES = 3
MENU_ENTRY_CHARS = 20

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
    for br in soup("br"):
        br.replace_with(LINE_BREAK)
    for strong in soup(["strong", "b"]):
        strong.insert(0, EMPHASIS_START)
        strong.append(EMPHASIS_END)
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
    text = _flat_text(caption) if caption is not None else ""
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
        if _is_footer(element, role, names):
            doomed.extend(_links_of(element))
        elif (
            role in _AROUND_ROLES
            or (element.name in _AROUND_TAGS and not element.find(["h1", "h2", "h3"]))
            or (names and _BOILERPLATE.search(names) and not element.find(["h1", "h2", "table"]))
            or _BOILERPLATE.search(label)
        ):
            doomed.append(element)
    for element in doomed:
        if not element.decomposed:
            element.decompose()


def _is_footer(element: Any, role: str, names: str) -> bool:
    return element.name == "footer" or role == "contentinfo" or bool(_FOOTER_CLASS.search(names))


def _links_of(footer: Any) -> list[Any]:
    """What in a footer is navigation: its blocks whose text is mostly link text or a row of
    short entries ("Privacy | Terms | Site map"), or the footer itself when it has no blocks."""
    parts = footer.find_all(_BLOCK_TAGS) or [footer]
    return [part for part in parts if _link_share(part) >= LINK_SHARE or _is_menu(part)]


def _is_menu(element: Any) -> bool:
    entries = [e for e in _MENU_SEPARATOR.split(clean_text(element.get_text(" ", strip=True))) if e.strip()]
    return len(entries) >= MENU_ENTRIES and sum(map(len, entries)) / len(entries) <= MENU_ENTRY_CHARS


def _link_share(element: Any) -> float:
    text = len(clean_text(element.get_text(" ", strip=True)))
    linked = sum(len(clean_text(a.get_text(" ", strip=True))) for a in element.find_all("a"))
    return linked / text if text else 1.0


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
        label = _flat_text(term) if term else ""
        return Block("paragraph", f"{label}: {text}" if label else text, term=label)
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
                _flat_text(cell),
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


def _flat_text(element: Any) -> str:
    """The element's text on one line (a table cell, a caption, a term)."""
    return clean_text(element.get_text(" ", strip=True).replace(LINE_BREAK, " "))


def _span(value: Any) -> int:
    try:
        return max(1, min(int(str(value)), 50))
    except (TypeError, ValueError):
        return 1
