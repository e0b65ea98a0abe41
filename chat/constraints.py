"""Values a question fixes — a year, an amount of money, a country or city — that a document never states.

"What crediting rate did Yinianbao pay in 2023?" of a document that gives 2025's rate, "with a
US$10 million limit" of a plan whose limits are 1, 2 and 5 million, "which network hospitals are in
Dongguan?" of a plan that names no city: the document is on the subject, and the answer model,
which weighs subject words, finds the neighbouring fact a good answer. What the question fixes is
not a subject word but a value, and whether a document states it is a plain fact of its text: the
value in any of its forms ("US$10 million", "10,000,000", "1,000萬"), or, for a number, a range the
document states that holds it. Such a document is not quoted for the question (chat.answering);
the decline says the figure is not stated and shows what the document says on the subject.

The vocabularies are the portal's own: countries by `knowledge.places` (CLDR), the GBA cities by
`knowledge/data/gba_cities.yaml`, amounts by `crossborder.money.amounts_in`. A place or year inside
a held plan's, insurer's or edition's name ("Tai Mo Shan GBA Hospital Plan", "the 2026 edition")
names the plan, not a constraint: names are left to entity grounding.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from chat import extractive
from crossborder.money import Written, amounts_in
from knowledge import places
from knowledge.keyfacts import hospitals
from knowledge.text import fold

WORDS_PATH = Path(__file__).resolve().parent / "data" / "constraints.yaml"
# A calendar year as a question writes one ("in 2023", "2023年"); an edition year is a name.
_YEAR = re.compile(r"(?<![\d.,$])(19[5-9]\d|20[0-4]\d)(?![\d,])")
# Two amounts joined as a band ("HK$20m-100m", "2,000萬至1億").
_BAND = re.compile(r"^\s*(?:–|—|-|~|to|至|－|到)\s*$")
# How far before an amount a bound word counts ("higher than HK$20,000", "over a HK$ 2m").
_BOUND_WINDOW = 16


@dataclass(frozen=True)
class Constraint:
    """A value the question fixes: its kind ("year", "amount", "place"), as written, and the forms
    (folded) or the number a document would state it by."""

    kind: str
    written: str
    forms: tuple[str, ...] = ()
    value: float = 0.0


def asked(question: str, names: Sequence[str] = ()) -> list[Constraint]:
    """The years, amounts of money, countries and cities the question fixes, outside held names."""
    text = _without(fold(question), names)
    found = [Constraint("year", y, (y,), float(y)) for y in dict.fromkeys(_YEAR.findall(text))]
    # Years blanked (same length, so offsets hold): "2025年" is no amount of 2,025.
    money = _YEAR.sub(lambda m: " " * len(m.group(0)), text)
    found += [
        Constraint("amount", money[a.start : a.end].strip(), value=a.value)
        for a in amounts_in(money)
        # A bare number is an age, a count or a day as often as a sum; a currency or a scale says money.
        if (a.currency or a.scaled) and not _bound(money, a)
    ]
    return found + _places(text)


def unstated_documents(
    constraints: Sequence[Constraint], texts: Mapping[str, str]
) -> dict[str, list[Constraint]]:
    """Per document (`texts`: each one's `document_text`), the constraints it does not state.

    A year is judged over all the documents asked about together: the editions of a plan are read
    side by side, and "between the 2025 and 2026 editions" fixes no year either one lacks.
    """
    years = [c for c in constraints if c.kind == "year"]
    everywhere = " ".join(texts.values())
    missing_years = [c for c in years if not _states(c, everywhere)]
    result = {}
    for doc_id, text in texts.items():
        missing = missing_years + [c for c in constraints if c.kind != "year" and not _states(c, text)]
        if missing:
            result[doc_id] = missing
    return result


def document_text(texts: Iterable[str]) -> str:
    """A document's units, title and headings as one folded text, the form `unstated_documents` reads."""
    return fold(" \n ".join(texts))


def _states(constraint: Constraint, text: str) -> bool:
    if constraint.kind == "amount":
        return _amount_stated(constraint.value, text)
    return any(_mentions(text, form) for form in constraint.forms)


def _amount_stated(value: float, text: str) -> bool:
    """The document writes the amount, in any form, or a band of amounts holding it."""
    written = _amounts(text)
    if any(abs(a.value - value) < 0.005 for a in written):
        return True
    for low, high in itertools.pairwise(written):
        if _BAND.match(text[low.end : high.start]) and low.value <= value <= high.value:
            return True
    return False


@functools.lru_cache(maxsize=256)
def _amounts(text: str) -> list[Written]:
    return amounts_in(text)


def _bound(text: str, amount: Written) -> bool:
    """The amount is a bound the question sets ("higher than HK$20,000"), not a value it fixes."""
    before, after = _bound_words()
    ahead = text[max(0, amount.start - _BOUND_WINDOW) : amount.start]
    return bool(before.search(ahead)) or text[amount.end :].lstrip().startswith(after)


@functools.cache
def _bound_words() -> tuple[re.Pattern[str], tuple[str, ...]]:
    import yaml

    words = yaml.safe_load(WORDS_PATH.read_text(encoding="utf-8"))
    # Latin words whole ("over", not the end of "cover"); Chinese anywhere.
    before = "|".join(rf"(?<![a-z]){re.escape(fold(w))}(?![a-z])" for w in words["bound_before"])
    return re.compile(before), tuple(fold(w) for w in words["bound_after"])


def _places(text: str) -> list[Constraint]:
    found = [
        Constraint("place", place.names[0], places.forms_of(place.code))
        for place in places.places(text)
        # Countries only: a region ("Europe", "ASEAN") is often covered as "worldwide" or by its members.
        if re.fullmatch(r"[A-Z]{2}", place.code)
    ]
    for key in hospitals.cities_in(text):
        forms = hospitals.names_of_city(key)
        # Hong Kong and Macao are cities of the GBA list and places of CLDR's: one constraint, either's names.
        same = next((n for n, c in enumerate(found) if set(forms) & set(c.forms)), None)
        if same is None:
            found.append(Constraint("place", forms[0], forms))
        else:
            found[same] = replace(found[same], forms=tuple(dict.fromkeys(found[same].forms + forms)))
    return found


def _without(text: str, names: Sequence[str]) -> str:
    for name in sorted({fold(n) for n in names if n}, key=len, reverse=True):
        text = text.replace(name, " ")
    return text


def _mentions(text: str, form: str) -> bool:
    if extractive.is_chinese(form):
        return form in text
    return re.search(rf"(?<![a-z0-9]){re.escape(form)}(?![a-z0-9])", text) is not None
