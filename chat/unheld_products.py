"""Catalogue products the portal holds no document for, named in a question, however spelt.

The catalogue lists products staff have not uploaded a document for yet (梅沙頤養). A question naming
one, written right but unquoted or misspelt (美沙颐养, "Meisha Yeeyang"), was answered from, or
declined in the name of, whatever document retrieval found: the reply must say the portal has no
document for that product. A product is named by its brand: the quoted part of its Chinese name
(else its first run of three or more characters) and the leading words of its English name that
are no everyday words ("Meisha Yiyang" of "Meisha Yiyang Commercial Pension Insurance"). A brand
is found written exactly (three characters or more), or misspelt by as many edits as a held
name's misspelling may be (chat.entities: one per four characters, one per five letters), and
never where a held name is written, or is as near.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from knowledge.language import to_simplified, to_traditional
from knowledge.text import fold
from portal.models import Product

# Shortest brand found written exactly; a misspelling is looked for from MISSPELT_MIN_CHARS
# characters or MISSPELT_MIN_LETTERS letters.
EXACT_MIN_CHARS = 3
MISSPELT_MIN_CHARS = 4
MISSPELT_MIN_LETTERS = 8
CHINESE_EDITS_PER_CHARACTER = 1 / 4
LATIN_EDITS_PER_LETTER = 1 / 5

_QUOTED = re.compile(r"[「『“]([^」』”]+)[」』”]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class UnheldProduct:
    """A catalogue product without a live document, by its brands (folded)."""

    names: tuple[str, str, str]  # its brand as the catalogue writes it: Traditional, Simplified, Latin
    chinese: tuple[str, ...]
    latin: tuple[str, ...]  # each brand's words joined, lower case ("meishayiyang")
    latin_words: int  # how many words the Latin brand has


def unheld_products(held_products: Iterable[str], ordinary: frozenset[str]) -> list[UnheldProduct]:
    """The catalogue's products other than `held_products` (slugs), by their brands; `ordinary`:
    lower-case words that are no part of a brand."""
    found = []
    for product in Product.objects.exclude(slug__in=list(held_products)):
        chinese = tuple(
            dict.fromkeys(b for n in (product.name_zh_hant, product.name_zh_hans) if (b := _brand(n)))
        )
        words = _leading_brand_words(product.name_en, ordinary)
        latin = ("".join(words).lower(),) if words else ()
        if chinese or latin:
            traditional, simplified = _brand(product.name_zh_hant), _brand(product.name_zh_hans)
            traditional, simplified = (
                traditional or to_traditional(simplified),
                simplified or to_simplified(traditional),
            )
            names = (traditional, simplified, " ".join(words))
            found.append(UnheldProduct(names, tuple(fold(c) for c in chinese), latin, len(words)))
    return found


def _brand(name: str) -> str:
    quoted = _QUOTED.findall(name)
    if quoted:
        return str(quoted[0])
    return next((run for run in _HAN_RUN.findall(name) if len(run) >= EXACT_MIN_CHARS), "")


def _leading_brand_words(name: str, ordinary: frozenset[str]) -> list[str]:
    words = []
    for word in _LATIN_WORD.findall(name):
        if word.lower() in ordinary:
            break
        words.append(word)
    return words


def named_unheld(question: str, products: list[UnheldProduct], held: list[str]) -> list[str]:
    """The unheld products `question` names, by their catalogue brand names; `held`: the held
    documents' names, folded."""
    if not products:
        return []
    folded = fold(question)
    simplified = to_simplified(question) == question
    named = []
    for product in products:
        traditional, simple, latin = product.names
        if any(_names_chinese(folded, brand, held) for brand in product.chinese):
            named.append((simple if simplified else traditional) or traditional or simple or latin)
        elif any(_names_latin(question, brand, product.latin_words, held) for brand in product.latin):
            named.append(latin)
    return named


def _names_chinese(folded: str, brand: str, held: list[str]) -> bool:
    if len(brand) >= EXACT_MIN_CHARS and brand in folded:
        return True
    if len(brand) < MISSPELT_MIN_CHARS:
        return False
    allowed = int(len(brand) * CHINESE_EDITS_PER_CHARACTER)
    for start in range(len(folded) - len(brand) + 1):
        window = folded[start : start + len(brand)]
        if not _HAN_RUN.fullmatch(window) or any(window in h for h in held):
            continue
        distance = Levenshtein.distance(window, brand)
        if distance <= allowed and not _nearer_held(window, distance, held):
            return True
    return False


def _names_latin(question: str, brand: str, count: int, held: list[str]) -> bool:
    words = [w.lower() for w in _LATIN_WORD.findall(question)]
    allowed = int(len(brand) * LATIN_EDITS_PER_LETTER) if len(brand) >= MISSPELT_MIN_LETTERS else 0
    for start in range(len(words) - count + 1):
        joined = "".join(words[start : start + count])
        if Levenshtein.distance(joined, brand, score_cutoff=allowed) <= allowed and not any(
            joined in h for h in held
        ):
            return True
    return False


def _nearer_held(window: str, distance: int, held: list[str]) -> bool:
    """A held name as near to `window` (of its length, within a held name): the misspelling is as
    likely that plan's (「灣區安心」 and 「灣區安享」 are one character apart)."""
    for name in held:
        for start in range(len(name) - len(window) + 1):
            if Levenshtein.distance(window, name[start : start + len(window)]) <= distance:
                return True
    return False
