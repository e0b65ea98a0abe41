"""The places a text names: countries (ISO 3166-1, CLDR's names), regions
(knowledge/data/regions.yaml) and the GBA cities (knowledge/data/gba_cities.yaml), in English,
Traditional and Simplified Chinese; and which of them contains which (knowledge/data/place_parts.yaml:
a state or city names its country, a country is in its regions).

Questions filter by place ("Which plans cover Thailand?"); names do not: a place in a plan's
name ("… for Hong Kong Exporters") says where it is sold, not which plan it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from knowledge.language import to_simplified
from knowledge.text import fold, normalise

REGIONS = Path(__file__).resolve().parent / "data" / "regions.yaml"
LOCAL = Path(__file__).resolve().parent / "data" / "local_places.yaml"
ALIASES = Path(__file__).resolve().parent / "data" / "country_aliases.yaml"
PARTS = Path(__file__).resolve().parent / "data" / "place_parts.yaml"


@dataclass(frozen=True)
class Place:
    """A country or a region."""

    code: str
    names: tuple[str, ...]  # as written, in English, Traditional and Simplified Chinese


def places(text: str) -> list[Place]:
    """The countries and regions a text names, in any of the three languages ("Japan", "日本", "東盟")."""
    table, pattern = _place_table()
    codes = [table[m.group(0)] for m in pattern.finditer(fold(text))]
    names = _place_names()
    return [Place(code, names[code]) for code in dict.fromkeys(codes)]


def containing(code: str) -> frozenset[str]:
    """The regions a country or region is part of, however deep ("DE" → EU, EUROPE)."""
    return _containing().get(code, frozenset())


def names_within(asked: str, text: str) -> bool:
    """Whether `text` names a place `asked` names, in any script or by a state or city of it, or a
    place containing it: a row for "欧洲" or "UK and EU" answers a question about Germany, one for
    the United States a question about Texas."""
    reach = _reach(asked)
    return bool(reach) and not reach.isdisjoint(_codes(text))


def names_of(code: str) -> tuple[str, ...]:
    """A country's or region's names as written, in English, Traditional and Simplified Chinese."""
    return _place_names().get(code, ())


@lru_cache(maxsize=50_000)
def _codes(text: str) -> frozenset[str]:
    """The codes of the places a text names (units are matched against many questions' terms)."""
    return frozenset(p.code for p in places(text))


@lru_cache(maxsize=4096)
def _reach(text: str) -> frozenset[str]:
    return frozenset(c for code in _codes(text) for c in (code, *containing(code)))


def place_at(folded: str, at: int) -> tuple[str, int] | None:
    """The code of the place whose name starts at `at` of a folded text, and where the name
    ends; None when no place's name starts there."""
    table, pattern = _place_table()
    match = pattern.match(folded, at)
    return (table[match.group(0)], match.end()) if match else None


def is_place(name: str) -> bool:
    return fold(name).strip() in _place_table()[0]


def without_places(text: str) -> str:
    """The text with every place it names (a country, a region, a GBA city) blanked out; capitals
    are kept where the folded text lines up with the text, as English proper nouns are names."""
    return _blanked(text, _any_place())


def without_local_places(text: str) -> str:
    """`without_places(text)`, and the districts and areas of Hong Kong, Shenzhen and Macao
    (knowledge/data/local_places.yaml: "Sham Shui Po", "蛇口") blanked too."""
    return _blanked(without_places(text), _local_places())


def _blanked(text: str, pattern: re.Pattern[str]) -> str:
    """`text` with what `pattern` finds in its folded form blanked out, keeping offsets."""
    text = normalise(text)
    folded = to_simplified(text.lower())
    if len(folded) != len(text):
        text = folded
    for match in pattern.finditer(folded):
        start, end = match.span()
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def is_local_place(name: str) -> bool:
    """A district or area of Hong Kong, Shenzhen or Macao (knowledge/data/local_places.yaml)."""
    return bool(_local_places().fullmatch(fold(name).strip()))


@lru_cache(maxsize=1)
def _local_places() -> re.Pattern[str]:
    import yaml

    areas = yaml.safe_load(LOCAL.read_text("utf-8"))
    names = {fold(str(n)) for entries in areas.values() for entry in entries for n in entry}
    # A possessive or plural does not hide one ("Tai Po's"); hyphens and spaces alike ("Sha-Tin").
    return _pattern({n for n in names if len(n) >= 2} | {n.replace(" ", "-") for n in names if " " in n})


@lru_cache(maxsize=1)
def _any_place() -> re.Pattern[str]:
    """Countries, regions and GBA cities, as whole Latin words or Chinese anywhere."""
    from knowledge.keyfacts.hospitals import city_names

    keys = {k for k in _place_table()[0] if len(k) >= 2} | {n for n in city_names() if len(n) >= 2}
    return _pattern(keys)


def _pattern(keys: set[str]) -> re.Pattern[str]:
    alternatives = "|".join(map(re.escape, sorted(keys, key=len, reverse=True)))
    return re.compile(rf"(?<![a-z])(?:{alternatives})(?![a-z])")


@lru_cache(maxsize=1)
def _place_names() -> dict[str, tuple[str, ...]]:
    from crossborder.countries import countries

    written = {c.code: tuple(dict.fromkeys(c.names.values())) for c in countries().values()}
    return written | {code: tuple(names) for code, names in _regions().items()}


@lru_cache(maxsize=1)
def _regions() -> dict[str, list[str]]:
    import yaml

    return {str(k): [str(n) for n in v] for k, v in yaml.safe_load(REGIONS.read_text("utf-8")).items()}


@lru_cache(maxsize=1)
def _aliases() -> dict[str, list[str]]:
    """Short names and abbreviations CLDR does not list ("UK", "Saudi", "沙特")."""
    import yaml

    return {str(k): [str(n) for n in v] for k, v in yaml.safe_load(ALIASES.read_text("utf-8")).items()}


@lru_cache(maxsize=1)
def _parts() -> dict[str, dict[str, list[str]]]:
    import yaml

    data = yaml.safe_load(PARTS.read_text("utf-8"))
    return {key: {str(k): [str(n) for n in v] for k, v in data[key].items()} for key in ("members", "within")}


@lru_cache(maxsize=1)
def _containing() -> dict[str, frozenset[str]]:
    """Each place → every region it is in, following regions inside regions (EU in EUROPE)."""
    parents: dict[str, set[str]] = {}
    for region, members in _parts()["members"].items():
        for member in members:
            parents.setdefault(member, set()).add(region)

    def up(code: str, seen: frozenset[str]) -> set[str]:
        direct = parents.get(code, set()) - seen
        return direct.union(*(up(r, seen | direct) for r in direct)) if direct else set()

    return {code: frozenset(up(code, frozenset({code}))) for code in parents}


@lru_cache(maxsize=1)
def _place_table() -> tuple[dict[str, str], re.Pattern[str]]:
    """Folded place name → code, and one pattern finding them (whole Latin words, Chinese anywhere).
    Latin codes are left out ("AIA" is Anguilla's); a region's own abbreviation ("ASEAN") and the
    abbreviations in country_aliases.yaml ("UK") are not."""
    from crossborder.countries import countries

    table: dict[str, str] = {}
    for c in countries().values():
        for name in (*c.names.values(), *c.search):
            if not name.isascii() or len(name) > 3:
                table.setdefault(fold(name), c.code)
    # A state or city stands for its country: a question about Texas asks about the United States.
    for written in (_parts()["within"], _aliases(), _regions()):
        for code, names in written.items():
            for name in names:
                table[fold(name)] = code
    return table, _pattern({k for k in table if len(k) >= 2})
