"""The key-fact vocabulary, read once from knowledge/data/keyfacts.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from knowledge.language import canonical_language

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Attribute:
    line: str
    key: str
    type: str
    labels: dict[str, str]
    synonyms: tuple[str, ...]
    allow_none: bool = False
    row_synonyms: tuple[str, ...] = ()
    concepts: tuple[tuple[str, ...], ...] = ()
    value_column: tuple[str, ...] = ()
    range_end: str = ""  # "low" or "high": the end of a range stated for the attribute's noun

    def label(self, language: str) -> str:
        """The label in `language` (Django's `zh-hant` or BCP 47 `zh-Hant`), English as fallback."""
        return self.labels.get(canonical_language(language) or "en") or self.labels["en"]


@dataclass(frozen=True)
class Vocabulary:
    attributes: dict[str, tuple[Attribute, ...]]
    value_patterns: dict[str, re.Pattern[str]]
    none_pattern: re.Pattern[str]
    connector_pattern: re.Pattern[str]
    number_words: dict[str, int]
    magnitudes: dict[str, int]
    money_units: tuple[str, ...]
    windows: dict[str, int]
    after_only: frozenset[str] = frozenset()
    separators: dict[str, re.Pattern[str]] = field(default_factory=dict)
    flags: frozenset[str] = frozenset()  # types whose value is the attribute's own phrase
    names: frozenset[str] = frozenset()  # types whose value is a run of names from a closed list
    denials: tuple[str, ...] = ()
    name_aliases: dict[str, str] = field(default_factory=dict)
    # Per kinds type: each kind and the phrases naming it ("product_liability": ("product liability", …)).
    kinds: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    # Each currency as pages show it, and the words documents name it by ("HK$": ("港元", …)).
    currencies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Types read whole from tables and lists (knowledge.keyfacts.tables), with their settings.
    readers: dict[str, dict[str, Any]] = field(default_factory=dict)
    range_joint: re.Pattern[str] = re.compile(r"\s?(?:to|至)\s?")
    before_label: re.Pattern[str] = re.compile(r"\s?")  # what may join a value to its label after it

    def for_line(self, line: str) -> tuple[Attribute, ...]:
        return self.attributes.get(line, ())

    def attribute(self, line: str, key: str) -> Attribute | None:
        return next((a for a in self.for_line(line) if a.key == key), None)


def _alternation(words: list[str]) -> str:
    # Longest first, so "No lifetime limit" wins over "None"'s prefix forms.
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def vocabulary(path: Path | None = None) -> Vocabulary:
    """Parse the data file; raise ValueError naming the attribute when an entry is malformed."""
    raw = yaml.safe_load((path or DATA_DIR / "keyfacts.yaml").read_text(encoding="utf-8"))
    patterns = {name: re.compile(spec["pattern"], re.IGNORECASE) for name, spec in raw["value_types"].items()}
    lines: dict[str, tuple[Attribute, ...]] = {}
    for line, entries in raw["lines"].items():
        attrs = []
        for entry in entries:
            spec = raw["value_types"].get(entry.get("type"), {})
            kinds_type = bool(spec.get("kinds") or spec.get("reader"))
            if entry.get("type") not in patterns or not (
                entry.get("synonyms") or entry.get("concepts") or kinds_type
            ):
                raise ValueError(f"keyfacts.yaml: {line}.{entry.get('key')} needs a known type and synonyms")
            attrs.append(
                Attribute(
                    line=line,
                    key=entry["key"],
                    type=entry["type"],
                    labels=dict(entry["labels"]),
                    synonyms=tuple(entry.get("synonyms", ())),
                    allow_none=bool(entry.get("allow_none")),
                    row_synonyms=tuple(entry.get("row_synonyms", ())),
                    concepts=tuple(tuple(group) for group in entry.get("concepts", ())),
                    value_column=tuple(entry.get("value_column", ())),
                    range_end=str(entry.get("range_end", "")),
                )
            )
        lines[line] = tuple(attrs)
    return Vocabulary(
        attributes=lines,
        value_patterns=patterns,
        none_pattern=re.compile(rf"(?:{_alternation(raw['none_words'])})(?![A-Za-z])", re.IGNORECASE),
        connector_pattern=re.compile(rf"\s*(?:{_alternation(raw['connectors'])})\s*", re.IGNORECASE),
        number_words={k.lower(): int(v) for k, v in raw["number_words"].items()},
        magnitudes={k.lower(): int(v) for k, v in raw["magnitudes"].items()},
        money_units=tuple(raw["money_units"]),
        separators={
            name: re.compile(spec["separator"], re.IGNORECASE)
            for name, spec in raw["value_types"].items()
            if "separator" in spec
        },
        flags=frozenset(name for name, spec in raw["value_types"].items() if spec.get("flag")),
        names=frozenset(name for name, spec in raw["value_types"].items() if spec.get("names")),
        denials=tuple(sorted(raw.get("denials", []), key=len, reverse=True)),
        name_aliases={k.lower(): v for k, v in (raw.get("name_aliases") or {}).items()},
        kinds={
            name: {kind: tuple(words) for kind, words in spec["kinds"].items()}
            for name, spec in raw["value_types"].items()
            if "kinds" in spec
        },
        range_joint=re.compile(
            rf"\s?(?:{_alternation(raw.get('range_joints') or ['to'])})\s?", re.IGNORECASE
        ),
        before_label=re.compile(
            rf"\s?(?:{_alternation(raw.get('before_label') or [''])})?\s?(?:{_alternation(raw.get('before_label_qualifiers') or [''])})?\s?",
            re.IGNORECASE,
        ),
        readers={name: spec for name, spec in raw["value_types"].items() if "reader" in spec},
        currencies={code: tuple(words) for code, words in (raw.get("currencies") or {}).items()},
        after_only=frozenset(name for name, spec in raw["value_types"].items() if spec.get("after_only")),
        windows={
            name: int(spec["window_after"])
            for name, spec in raw["value_types"].items()
            if "window_after" in spec
        },
    )
