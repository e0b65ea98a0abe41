"""Values a document offers as a closed set of options ("a limit of US$1,000,000, US$2,000,000 or
US$5,000,000", "5 or 10 years", "HK$0、HK$10,000或HK$30,000"), and a question's value that is not
among them ("the premium with a US$10 million limit?").

Asked of a value the plan does not offer, the document's options are the closest it has; quoting
them as the answer reads as if the asked value were one of them. The decline says the value is not
stated and shows the options (chat.answering). Only a value of the options' own kind counts: the
words beside it in the question must be words of the options' passage ("limit", "premium term",
"自付費"), so a turnover or a sum a premium is worked from is not taken for an option.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from chat import extractive, glossary
from knowledge.keyfacts.spec import vocabulary
from knowledge.language import to_simplified

# How many words on each side of a question's number say what it is a value of.
WINDOW = 2
# A value and an option of one kind are within this factor of each other: a limit of US$10m among
# US$1m–5m, a 3-year term among 5 or 10 years.
SCALE = 10


@functools.cache
def _currency_words() -> tuple[str, ...]:
    """The words that make a bare number a sum (knowledge/data/keyfacts.yaml: currencies, 元, 蚊),
    less the magnitudes ("million", 萬): a number of years can be written in tens of thousands too."""
    vocab = vocabulary()
    return tuple(u for u in vocab.money_units if u.lower() not in vocab.magnitudes)


@functools.cache
def currencies() -> frozenset[str]:
    """Currency words as `extractive.terms_of` writes them ("US$" → "us"): they make a number a sum."""
    return frozenset(t for name in _currency_words() for t in extractive.terms_of(name))


@functools.cache
def _options() -> re.Pattern[str]:
    """Two or more numbers joined by commas and a last "or" ("A, B or C", "A、B或C", "5 or 10"), each
    as documents write an option: a currency before it, a large unit after it."""
    prefixes = "|".join(re.escape(n) for n in _currency_words() if not n.isascii() or n.isupper())
    number = rf"(?:(?:{prefixes})\s?)?\d[\d,]*(?:\.\d+)?\s?(?:million|萬|万)?"
    return re.compile(rf"{number}(?:\s*[,，、]\s*{number})*\s*,?\s*(?:\bor\b|或者|或)\s*{number}")


def offered(text: str) -> tuple[frozenset[str], str]:
    """The values `text` enumerates as options (numbers in digits, as `extractive.terms_of` writes
    them) and their kind ("money", or the word after them: "year"); empty when it enumerates none."""
    found: set[str] = set()
    kind = ""
    for match in _options().finditer(text):
        found |= {t for t in extractive.terms_of(match.group(0)) if t[:1].isdigit()}
        after = [t for t in extractive.terms_of(text[match.end() : match.end() + 12]) if not t[:1].isdigit()]
        money = bool(currencies() & set(extractive.terms_of(match.group(0))))
        kind = kind or ("money" if money else (after[0] if after else ""))
    return (frozenset(found), kind) if len(found) >= 2 and kind else (frozenset(), "")


def not_offered(question: str, units: Sequence[str]) -> int | None:
    """The index of the unit among `units` (an answer's section, in order) whose options a value of
    the question is not among, though of their kind; None when there is none."""
    terms = extractive.terms_of(question)
    section = [frozenset(extractive.terms_of(u)) for u in units]
    written = frozenset().union(*section) if section else frozenset()
    for position, term in enumerate(terms):
        if not term.isdigit() or term in written or any(extractive.in_range(term, u) for u in units):
            continue
        kind, beside = _kind(terms, position), _beside(terms, position)
        for number, unit in enumerate(units):
            options, their_kind = offered(unit)
            if (
                options
                and kind == their_kind
                and _same_scale(term, options)
                and _named(beside, unit, section[number])
            ):
                return number
    return None


def _kind(terms: Sequence[str], position: int) -> str:
    """What a question's number counts: "money" beside a currency, else the word after it ("year")."""
    before = terms[position - 1] if position else ""
    after = terms[position + 1] if position + 1 < len(terms) else ""
    return "money" if before in currencies() or after in currencies() else after


def _named(beside: frozenset[str], unit: str, words: frozenset[str]) -> bool:
    """Whether the options' passage has a word the question writes beside its value, in its own
    script or through the glossary in the other ("deductible" beside 自付費選項)."""
    if (beside & words) - currencies():
        return True
    folded = to_simplified(unit.lower())
    return any(w and w in folded for w in glossary.translations(" ".join(sorted(beside))).split())


def _beside(terms: Sequence[str], position: int) -> frozenset[str]:
    """The subject words within WINDOW of a question's number."""
    near = terms[max(position - WINDOW, 0) : position + WINDOW + 1]
    return frozenset(t for t in near if not t[:1].isdigit() and t not in extractive.GENERIC and len(t) > 1)


def _same_scale(value: str, options: frozenset[str]) -> bool:
    """A value of the options' kind: a sum among sums, a number of years among numbers of years."""
    v = float(value)
    return any(float(o) > 0 and max(v, float(o)) <= SCALE * min(v, float(o)) for o in options)
