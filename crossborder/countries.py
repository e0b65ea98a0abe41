"""Countries by name in English, Traditional and Simplified Chinese, or by code.

The data is pycountry's ISO 3166-1 list with the localised names from Babel's CLDR (`德國`, `德国`,
`Germany`) and CLDR's territory aliases (`UK` is GB): nothing is listed by hand. One reading for the
form, the API and the picker's suggestions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from babel import Locale
from babel.core import get_global

from knowledge.language import to_simplified

# The page languages and the CLDR locales whose names they show (HK usage for Traditional Chinese).
LOCALES = {"en": "en", "zh-hant": "zh_Hant_HK", "zh-hans": "zh_Hans_CN"}
# A list of countries may be separated by commas (，is folded to , by NFKC), 、 or semicolons.
SEPARATORS = re.compile(r"[,、;]+")


@dataclass(frozen=True)
class Country:
    code: str
    names: dict[str, str]  # page language → name
    search: tuple[str, ...]  # every folded name and code it is known by

    def name(self, language: str) -> str:
        return self.names.get(language.lower(), self.names["en"])


def fold(text: str) -> str:
    """Compare names without case, width, accents, a leading "the" or Chinese script (韓國 is
    韩国, CLDR's Simplified name for South Korea, whose Hong Kong name is 南韓)."""
    text = unicodedata.normalize("NFKD", to_simplified(unicodedata.normalize("NFKC", text)))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().strip()
    return re.sub(r"^the\s+", "", re.sub(r"\s+", " ", text))


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    """Every ISO 3166-1 country, plus the regions a line may also name (EU), by alpha-2 code."""
    names = {lang: Locale.parse(loc).territories for lang, loc in LOCALES.items()}
    aliases: dict[str, list[str]] = {}
    for alias, targets in get_global("territory_aliases").items():
        if alias.isalpha() and len(alias) == 2 and len(targets) == 1:
            aliases.setdefault(targets[0], []).append(alias)
    result: dict[str, Country] = {}
    for c in pycountry.countries:
        local = {lang: str(table.get(c.alpha_2) or c.name) for lang, table in names.items()}
        known = {c.alpha_2, c.alpha_3, c.name, *local.values(), *aliases.get(c.alpha_2, [])}
        known |= {getattr(c, attr) for attr in ("common_name", "official_name") if hasattr(c, attr)}
        result[c.alpha_2] = Country(c.alpha_2, local, tuple(sorted({fold(k) for k in known})))
    return result


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    return {key: c.code for c in countries().values() for key in c.search}


@lru_cache(maxsize=16)
def region(code: str) -> Country:
    """A region a field accepts besides countries (EU, ASEAN): CLDR's names where it has them."""
    names = {lang: str(Locale.parse(loc).territories.get(code, code)) for lang, loc in LOCALES.items()}
    return Country(code, names, tuple(sorted({fold(code), *(fold(n) for n in names.values())})))


@dataclass(frozen=True)
class Reading:
    codes: list[str]
    unknown: list[str]
    ambiguous: dict[str, list[str]]  # what was typed → the codes it could be


def read(text: str, extra: tuple[str, ...] = ()) -> Reading:
    """The countries a person listed: names in any of the three languages, or codes."""
    index = dict(_index())
    for code in extra:
        index.update({key: code for key in region(code).search})
    codes: list[str] = []
    unknown: list[str] = []
    ambiguous: dict[str, list[str]] = {}
    for token in (t.strip() for t in SEPARATORS.split(unicodedata.normalize("NFKC", text))):
        if not token:
            continue
        key = fold(token)
        if key in index:
            codes.append(index[key])
            continue
        # A part of one name only ("Korea" is two; "香港" is one): accepted when it names one country.
        found = sorted({code for name, code in index.items() if _part_of(key, name)})
        if len(found) == 1:
            codes.append(found[0])
        elif found:
            ambiguous[token] = found[:5]
        else:
            unknown.append(token)
    return Reading(sorted(set(codes)), unknown, ambiguous)


def _part_of(key: str, name: str) -> bool:
    """Whole words of a Latin name ("korea" in "south korea", not "mars" in "marshall"), or two or
    more characters of a Chinese one (香港 in 中國香港特別行政區)."""
    if key.isascii():
        return len(key) >= 3 and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", name) is not None
    return len(key) >= 2 and key in name


def _written(country: Country) -> set[str]:
    return {unicodedata.normalize("NFKC", n).casefold() for n in country.names.values()}


def names(codes: list[str] | tuple[str, ...], language: str) -> list[str]:
    table = countries()
    return [table[c].name(language) if c in table else region(c).name(language) for c in codes]


@lru_cache(maxsize=16)
def picker_data(language: str, extra: tuple[str, ...] = ()) -> tuple[dict[str, object], ...]:
    """What the picker's suggestions search (all three languages) and show (the page's language)."""
    everything = [*countries().values(), *(region(code) for code in extra)]
    # The script does not fold Traditional to Simplified: it searches the names as written too.
    rows: list[dict[str, object]] = [
        {"code": c.code, "name": c.name(language), "search": " | ".join(sorted({*c.search, *_written(c)}))}
        for c in everything
    ]
    return tuple(sorted(rows, key=lambda row: str(row["name"])))
