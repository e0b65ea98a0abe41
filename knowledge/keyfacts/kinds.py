"""Which covers a plan offers, read from the row labels of its schedule table.

A plan's covers are named once each in the first cell of its benefits schedule ("1. Product
liability — per occurrence", "B部 貨物運輸（每批貨物）"). Prose names them too, but also
denies them ("does not cover return shipping costs"), so only a table's row labels count: the
table whose labels name the most kinds of the attribute's value type (knowledge/data/keyfacts.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import groupby

from knowledge.keyfacts.extract import HIGH, MEDIUM, ROW_SEPARATOR, Fact, Unit, _label_index, fold
from knowledge.keyfacts.spec import Attribute, Vocabulary

JOINER = " · "  # between the covers of one value; never inside a label
# A label's own name ends where its details start: "Product liability — per occurrence",
# "Overseas warehouse stock (optional)", "產品責任（每次事故）", "退運費用每年上限" (每: per).
_DETAILS = re.compile(
    r"\s+[—–-]\s+|\s*[（(,，;；]|\s+(?:per|each|for)\s|(?<=[\u4e00-\u9fff])每", re.IGNORECASE
)
# Numbering or a section letter before it: "1. ", "A. ", "A部 ", "甲部　", "（一）", "附加：".
_PREFIX = re.compile(
    r"^(?:\(?[0-9A-Za-z]{1,2}[.)]\s+|[A-Z甲乙丙丁戊己]部\s*|（[一二三四五六七八九十]+）|[^\s:：]{1,4}[:：])\s*"
)


def kind_of(label: str, kinds: dict[str, tuple[str, ...]]) -> str:
    """The kind a label names (its longest matching phrase wins), or ""."""
    folded = fold(label)
    found = [(len(word), kind) for kind, words in kinds.items() for word in words if fold(word) in folded]
    return max(found)[1] if found else ""


def cover_name(label: str) -> str:
    """A row label cut to the cover's own name, as the document writes it."""
    name = _PREFIX.sub("", label.strip(), count=1)
    return _DETAILS.split(name, maxsplit=1)[0].strip() or label.strip()


def _tables(units: Sequence[Unit]) -> list[list[Unit]]:
    """Table rows grouped by table: consecutive rows under one heading with one header."""
    rows = (u for u in units if u.is_row)
    grouped = groupby(rows, key=lambda u: (u.section, u.header))
    tables: list[list[Unit]] = []
    for _, group in grouped:
        table = list(group)
        # Rows of one table are consecutive units; a gap starts another table.
        start = 0
        for i in range(1, len(table) + 1):
            if i == len(table) or table[i].index != table[i - 1].index + 1:
                tables.append(table[start:i])
                start = i
    return tables


def _named(table: list[Unit], kinds: dict[str, tuple[str, ...]]) -> list[tuple[str, str, Unit]]:
    """(kind, label, row) for each kind the table names, in its order: by its column headers
    (a table whose columns are the covers: "項目 | 甲部 侵權抗辯 | 乙部 主動維權", cited to its
    first row) or by its row labels."""
    seen: dict[str, tuple[str, Unit]] = {}
    for label in table[0].header[1:]:
        kind = kind_of(label, kinds)
        if kind and kind not in seen:
            seen[kind] = (label, table[0])
    for row in table:
        label = row.cells[_label_index(row.cells)]
        kind = kind_of(label, kinds)
        if kind and kind not in seen:
            seen[kind] = (label, row)
    return [(kind, label, row) for kind, (label, row) in seen.items()]


def kinds_fact(units: Sequence[Unit], attribute: Attribute, vocab: Vocabulary) -> Fact | None:
    """The covers named by the schedule table's row labels; None when no table names any."""
    kinds = vocab.kinds[attribute.type]
    best: list[tuple[str, str, Unit]] = []
    for table in _tables(units):
        named = _named(table, kinds)
        if len(named) > len(best):
            best = named
    if not best:
        return None
    rows = list(dict.fromkeys(row for _, _, row in best))
    names = [cover_name(label) for _, label, _ in best]
    first = rows[0]
    quoted = [" | ".join(first.header)] if any(label in first.header for _, label, _ in best) else []
    return Fact(
        attribute=attribute.key,
        value=JOINER.join(names),
        quote=ROW_SEPARATOR.join(quoted + [row.text for row in rows]),
        section=first.section,
        unit=first.index,
        page=first.page,
        confidence=HIGH if len(best) > 1 else MEDIUM,
    )


def kinds_key(value: str, type_: str, vocab: Vocabulary) -> str:
    """The kinds a value names, whatever their order or wording ("Goods in transit · 產品責任")."""
    kinds = vocab.kinds[type_]
    return "|".join(sorted({kind for part in value.split(JOINER.strip()) if (kind := kind_of(part, kinds))}))
