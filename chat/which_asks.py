"""What a which-word asks about: plans (or their insurers), or something inside a plan.

"Which plans cover Macao?", 「邊幾個年金計劃…」 and 「哪家保險公司…」 ask which plans; "Which sales need
not be declared?", 「哪些國家屬於甲級市場？」 and 「哪些醫院可以直接結算？」 ask about the sales,
countries or hospitals of a plan. The form model (chat.intents) reads a question's frame with its
subject masked, so 「哪些 ___ …」 reads as "which plans" whatever the blank held. The noun the
which-word governs tells them apart: the words right after it (modifiers and nouns, up to the first
verb, adverb, particle or function word), and whether one of them is a plan noun
(chat/data/which_plans.yaml `plan_nouns`). Chinese noun phrases end in their head (产品类别 is a
category, 保单年度 a year), so a Chinese word counts as a plan noun only when it ends in one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from knowledge.text import (
    EVERYDAY_WORD_FREQUENCY,
    fold,
    fold_cantonese,
    stopwords,
    tagged_words,
    word_frequency,
)

DATA = Path(__file__).resolve().parent / "data" / "which_plans.yaml"
PLANS, INSIDE = "plans", "inside"
# The words after a which-word read for the noun it governs: a noun phrase is short.
PHRASE_WORDS = 5
_CLAUSE_END = re.compile(r"[，,。.？?！!；;：:（(）)\n]")
_LATIN_WORD = re.compile(r"[a-z][a-z0-9'\-]*")
# jieba's tags of words that may stand in a noun phrase: nouns (n, nr, ns, nz, vn, eng…),
# distinguishing words (b), adjectives, numerals and measure words (jieba cuts 年金 as 年/金 at
# times), abbreviations and idioms (j, l), places (s) and words of the portal's own list (x).
_NOMINAL_TAG = re.compile(r"^(?:n|vn|an|eng|b|a|m|q|j|l|s|x)")
# ... and of those, the tags of a noun (a modifier alone governs nothing).
_NOUN_TAG = re.compile(r"^(?:n|vn|eng|j|l|x)")


@dataclass(frozen=True)
class _Words:
    which_latin: re.Pattern[str]
    which_chinese: re.Pattern[str]
    plan_latin: frozenset[str]
    plan_chinese: tuple[str, ...]
    undecided_latin: frozenset[str]
    undecided_chinese: tuple[str, ...]
    joins: frozenset[str]
    standing_for_a_plan: frozenset[str]


@cache
def _words() -> _Words:
    raw: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    nouns = [fold(n) for n in raw["plan_nouns"]]
    undecided = [fold(n) for n in raw["undecided_nouns"]]
    return _Words(
        re.compile(raw["which_words"]["latin"]),
        re.compile(raw["which_words"]["chinese"]),
        frozenset(n for n in nouns if n.isascii()),
        tuple(n for n in nouns if not n.isascii()),
        frozenset(n for n in undecided if n.isascii()),
        tuple(n for n in undecided if not n.isascii()),
        frozenset(fold(w) for w in raw["joins"]),
        frozenset(fold(w) for w in raw["standing_for_a_plan"]),
    )


def which_asks(text: str) -> str | None:
    """PLANS when a which-word of the question governs a plan noun, INSIDE when every which-word
    governing a noun governs another one, None when none governs a noun ("Which is cheaper?",
    「哪个比较便宜？」, "Which plan…?"): the form model decides then."""
    words = _words()
    # English as written ("what's" is no "what" before a noun); Chinese folded, Cantonese too (边啲 → 哪些).
    latin = unicodedata.normalize("NFKC", text).lower()
    chinese = fold_cantonese(text)
    found = [_latin_phrase(latin[m.end() :]) for m in words.which_latin.finditer(latin)]
    found += [_chinese_phrase(chinese[m.end() :]) for m in words.which_chinese.finditer(chinese)]
    if PLANS in found:
        return PLANS
    return INSIDE if INSIDE in found else None


def _latin_phrase(rest: str) -> str | None:
    words = _words()
    seen = undecided = False
    for word in _LATIN_WORD.findall(_CLAUSE_END.split(rest, maxsplit=1)[0])[:PHRASE_WORDS]:
        if word in words.plan_latin:
            return PLANS
        if word in words.standing_for_a_plan:
            return None
        if word in words.joins:
            continue
        if word in stopwords():
            break
        # "insurance" of "IP insurance products" modifies the plural that follows it.
        undecided = undecided or word in words.undecided_latin
        seen = True
    return None if undecided or not seen else INSIDE


def _chinese_phrase(rest: str) -> str | None:
    words = _words()
    read, seen, undecided = "", False, False
    for word, tag in tagged_words(_CLAUSE_END.split(rest, maxsplit=1)[0])[:PHRASE_WORDS]:
        if not word.strip() or word in words.joins:
            continue
        if word.isascii():  # an English word in a Chinese question ("哪些 IP 保险")
            if word in words.plan_latin:
                return PLANS
            undecided = undecided or word in words.undecided_latin
        elif not _NOMINAL_TAG.match(tag):
            break
        # What is read so far ends in a plan noun: 年/金 (as jieba may cut 年金) ends in 年金.
        read += word
        if _plan_word(word, read):
            return PLANS
        undecided = undecided or read.endswith(words.undecided_chinese)
        seen = seen or bool(_NOUN_TAG.match(tag))
    return None if undecided or not seen else INSIDE


def _plan_word(word: str, read: str) -> bool:
    """The phrase read so far ends in a plan noun, or the word begins or ends in a one-character
    one (险, 单) and is no everyday word (信用险, 单保 as jieba glues 份單保; not 风险, 订单, nor
    保单年度, a year)."""
    nouns = _words().plan_chinese
    if read.endswith(tuple(n for n in nouns if len(n) > 1)):
        return True
    return any(word.endswith(n) or word.startswith(n) for n in nouns if len(n) == 1) and (
        len(word) == 1 or word_frequency(word) < EVERYDAY_WORD_FREQUENCY
    )
