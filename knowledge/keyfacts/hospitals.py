"""Which plans settle bills directly at a hospital or in a city: from the network lists
the documents print under a heading such as "Network hospitals (direct billing)"."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from knowledge.keyfacts.extract import ROW_SEPARATOR, Fact, Unit, _find_word, fold
from knowledge.keyfacts.spec import DATA_DIR, Attribute
from knowledge.language import canonical_language
from knowledge.loaders import Block

# A count read off a network table row by row is as sure as the table it is read from.
TABLE_COUNT_CONFIDENCE = 0.95

MAX_ITEM = 120  # a list entry names one hospital; a longer text is a paragraph about them
_NAME_END = re.compile(r"\s+[—–-]\s+|[（(]|\s*[,，]\s*")
_CJK = re.compile(r"[\u3400-\u9fff]")
_NUMBERING = re.compile(r"^\s*(?:\d{1,3}[.)、]|[•\-*·])\s*")
# A list entry names a hospital and where it is; a line that ends as a sentence does and is longer
# than a name ("Sunset Harbour has 9 network hospitals in Shenzhen and Zhuhai, where we settle
# bills directly.") says something about the network and names no hospital.
_SENTENCE_END = re.compile(r"[.。!！?？]\s*$")
PROSE_MIN_WORDS, PROSE_MIN_CJK = 6, 12


@dataclass(frozen=True)
class NetworkHospital:
    name: str
    city: str  # a key of gba_cities.yaml
    quote: str
    section: str
    also: tuple[str, ...] = ()  # the row's other names for it ("前海蓮灣醫院")
    direct: bool = True  # False: the list names it for reimbursement only

    def name_in(self, language: str) -> str:
        """Its name in the page's script: a Chinese page shows the Chinese name the document
        prints (as printed: the document's own script), an English page the Latin one."""
        chinese = (language or "").lower().startswith("zh")
        return next((n for n in (self.name, *self.also) if bool(_CJK.search(n)) == chinese), self.name)


@dataclass(frozen=True)
class _Columns:
    """Where a network table keeps the city and the direct-settlement mark (None: no such column)."""

    city: int | None
    settlement: int | None


@cache
def _data() -> dict[str, Any]:
    """gba_cities.yaml: cities in three languages and the words of network lists."""
    data: dict[str, Any] = yaml.safe_load((DATA_DIR / "gba_cities.yaml").read_text(encoding="utf-8"))
    return data


@cache
def _cities() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    names = {
        key: tuple(fold(n) for n in [v["en"], v["zh-Hant"], v["zh-Hans"], *v.get("also", [])])
        for key, v in _data()["cities"].items()
    }
    return names, _words("network_headings")


def _words(key: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in _data().get(key, []))


def _columns(header: list[str]) -> _Columns:
    def find(words: tuple[str, ...]) -> int | None:
        return next((i for i, name in enumerate(header) if any(w in fold(name) for w in words)), None)

    return _Columns(city=find(_words("city_columns")), settlement=find(_words("settlement_columns")))


def _settled_directly(mark: str) -> bool:
    """A mark in the direct-settlement column: anything but a "no" mark ("Reimbursement", "否")."""
    folded = fold(mark.strip())
    return bool(folded) and not any(
        folded == w or folded.startswith(w + " ") for w in _words("settlement_no")
    )


def city_label(key: str, language: str) -> str:
    """The city's name in `language` (Django's `zh-hant` or BCP 47 `zh-Hant`), English as fallback."""
    names: dict[str, str] = _data()["cities"].get(key, {})
    code = canonical_language(language) or "en"
    return names.get(code) or names.get("en") or key


def city_names() -> tuple[str, ...]:
    """Every name of every city, folded ("shenzhen", "深圳", "macau")."""
    names, _ = _cities()
    return tuple(n for forms in names.values() for n in forms)


def names_of_city(key: str) -> tuple[str, ...]:
    """Every name of one city, folded ("shenzhen", "深圳")."""
    names, _ = _cities()
    return names.get(key, ())


def city_of(text: str) -> str:
    """The key of the first city the text names ("" if none)."""
    names, _ = _cities()
    folded = fold(text)
    found = [(at, key) for key, forms in names.items() for n in forms if (at := _find_word(folded, n)) >= 0]
    return min(found)[1] if found else ""


def _table_hospitals(block: Block, section: str) -> Iterable[NetworkHospital]:
    """Rows of a network table: the first cell names the hospital; a city column, if any, gives
    the city; a row marked "no" in a direct-settlement column is left out."""
    columns = _columns(block.header)
    for row in block.rows:
        direct = columns.settlement is None or (
            columns.settlement < len(row) and _settled_directly(row[columns.settlement])
        )
        entry = " — ".join(row)
        where = row[columns.city] if columns.city is not None and columns.city < len(row) else entry
        city = city_of(where)
        if not city or not row or len(entry) > MAX_ITEM:
            continue
        others = tuple(
            c.strip()
            for i, c in enumerate(row[1:], 1)
            if c.strip() and i not in (columns.city, columns.settlement)
        )
        yield NetworkHospital(_NUMBERING.sub("", row[0]).strip(), city, entry, section, others, direct)


def _is_prose(entry: str) -> bool:
    """A sentence about the network rather than an entry of its list (see _SENTENCE_END)."""
    if not _SENTENCE_END.search(entry):
        return False
    return len(entry.split()) >= PROSE_MIN_WORDS or len(_CJK.findall(entry)) >= PROSE_MIN_CJK


def _line_hospitals(block: Block, section: str) -> Iterable[NetworkHospital]:
    for entry in (line.strip() for line in block.text.splitlines() if line.strip()):
        city = city_of(entry)
        if not city or len(entry) > MAX_ITEM or _is_prose(entry):
            continue
        name = _NAME_END.split(_NUMBERING.sub("", entry).strip(), maxsplit=1)[0].strip()
        yield NetworkHospital(name, city, entry, section)


def network_hospitals(blocks: list[Block]) -> list[NetworkHospital]:
    """Each direct-settlement hospital listed under a network heading, with its city."""
    return [h for h in listed_hospitals(blocks) if h.direct]


def listed_hospitals(blocks: list[Block]) -> list[NetworkHospital]:
    """Each hospital listed under a network heading, with its city, and whether the list marks
    it for direct settlement or for reimbursement only; other text is skipped."""
    _, headings = _cities()
    found: list[NetworkHospital] = []
    section, listing = "", False
    for block in blocks:
        if block.kind == "heading":
            section = block.text.strip()
            listing = any(w in fold(section) for w in headings)
            continue
        if not listing:
            continue
        if block.kind == "table":
            found.extend(_table_hospitals(block, section))
        elif block.text:
            found.extend(_line_hospitals(block, section))
    return found


def matches(hospital: NetworkHospital, query: str) -> bool:
    """The query names the hospital (part of its name) or its city, in any of the three languages."""
    folded = fold(query.strip())
    if not folded:
        return False
    names, _ = _cities()
    return any(folded in fold(name) for name in (hospital.name, *hospital.also)) or folded in names.get(
        hospital.city, ()
    )


def counts_direct_settlement(attribute: Attribute) -> bool:
    """A count whose label names direct settlement ("Network hospitals (direct settlement)")."""
    return attribute.type == "count" and any(
        w in fold(attribute.labels.get("en", "")) for w in _words("settlement_columns")
    )


def direct_settlement_count(units: Sequence[Unit], attribute: Attribute) -> Fact | None:
    """The number of hospitals a network table marks for direct settlement, citing those rows;
    None when no network table has a direct-settlement column (the document's sentence, such
    as "12 network hospitals", then stands). A sentence's total counts every network hospital,
    reimbursement-only ones too, so it is not the figure the label promises."""
    _, headings = _cities()
    rows = [
        u
        for u in units
        if u.is_row
        and any(w in fold(u.section) for w in headings)
        and _columns(list(u.header)).settlement is not None
    ]
    if not rows:
        return None
    first = rows[0]
    table = [u for u in rows if u.section == first.section and u.header == first.header]
    column = _columns(list(first.header)).settlement
    direct = [
        u
        for u in table
        if column is not None and column < len(u.cells) and _settled_directly(u.cells[column])
    ]
    if not direct:
        return None
    return Fact(
        attribute.key,
        str(len(direct)),
        ROW_SEPARATOR.join(u.text for u in direct),
        first.section,
        direct[0].index,
        first.page,
        TABLE_COUNT_CONFIDENCE,
        column=first.header[column] if column is not None else "",
    )
