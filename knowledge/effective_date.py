"""The date a plan document says it takes effect, read from the loader's blocks.

The phrases and date forms live in knowledge/data/effective_date.yaml, so a new wording
(another language, another form) is a data change. Ingestion uses this only when staff
left the date empty: a date someone typed is never replaced.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from knowledge.loaders import Block

DATA_FILE = Path(__file__).parent / "data" / "effective_date.yaml"
# A date this many characters after its phrase (past joiners and punctuation) still belongs to it.
MAX_GAP = 12


@dataclass(frozen=True)
class _Patterns:
    before: re.Pattern[str]  # phrase, joiners, then a date at the match's end
    dates: tuple[re.Pattern[str], ...]
    after: re.Pattern[str]  # a date, then a phrase
    months: dict[str, int]


def _alternation(words: list[str]) -> str:
    # Longest first, so "生效日期" wins over "生效日".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> _Patterns:
    data = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    joiners = _alternation(data["joiners"])
    gap = rf"(?:[\s:：,，()（）-]|{joiners}){{0,{MAX_GAP}}}"
    before = re.compile(rf"(?:{_alternation(data['labels_before_date'])}){gap}", re.IGNORECASE)
    dates = tuple(re.compile(p, re.IGNORECASE) for p in data["date_patterns"])
    any_date = "|".join(f"(?:{_unnamed(p)})" for p in data["date_patterns"])
    after = re.compile(
        rf"(?:{any_date})\s*(?:[(（]?\s*)(?:{_alternation(data['labels_after_date'])})", re.IGNORECASE
    )
    return _Patterns(before, dates, after, {k.lower(): int(v) for k, v in data["months"].items()})


def _unnamed(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def effective_date_in(blocks: Iterable[Block]) -> dt.date | None:
    """The first effective date the document states, or None when it states none."""
    for text in _texts(blocks):
        found = effective_date_in_text(text)
        if found is not None:
            return found
    return None


def effective_date_in_text(text: str) -> dt.date | None:
    """The effective date `text` states ("Effective date: 1 January 2026", 自2026年1月1日起生效), or None."""
    text = unicodedata.normalize("NFKC", text)
    patterns = _patterns()
    for label in patterns.before.finditer(text):
        found = _date_at(text, label.end(), patterns)
        if found is not None:
            return found
    for stated in patterns.after.finditer(text):
        found = _date_at(text, stated.start(), patterns)
        if found is not None:
            return found
    return None


def _date_at(text: str, position: int, patterns: _Patterns) -> dt.date | None:
    for pattern in patterns.dates:
        match = pattern.match(text, position)
        if match is None:
            continue
        parts = match.groupdict()
        month = int(parts["m"]) if parts.get("m") else patterns.months.get((parts.get("month") or "").lower())
        if month is None:
            continue
        try:
            return dt.date(int(parts["y"]), month, int(parts["d"]))
        except ValueError:  # 2026-02-30: not a date, so not this document's date
            continue
    return None


def _texts(blocks: Iterable[Block]) -> Iterator[str]:
    """Each block's text; a table row as its cells in a line ("Effective date: 1 January 2026")."""
    for block in blocks:
        if block.kind == "table":
            for row in [*block.header_rows, block.header, *block.rows]:
                yield ": ".join(c for c in row if c)
        elif block.text:
            yield block.text
