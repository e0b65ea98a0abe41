"""A question's words in the other language, from a general Chinese ↔ English dictionary.

The glossary (chat/glossary.py) holds the domain's own terms, curated. Questions also use
everyday words the glossary lacks ("pregnancy", "cancer", 扣税, 转让), and without them an
English question over a Chinese document (or the reverse) leaves BM25, coverage and heading
match with nothing to see. `chat/data/lexicon.tsv` (CC-CEDICT, filtered by
chat/data/tools/build_lexicon.py) gives each Chinese word its English senses; read backwards,
each English word its Chinese words. A question's term becomes one slot, "a|b|c", matched by
any rendering (chat.extractive's slots), for the terms the glossary does not render already.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from knowledge.text import stem, stopwords, word_frequency

LEXICON_FILE = Path(__file__).resolve().parent / "data" / "lexicon.tsv"
# An English word with more Chinese words than this is rendered by its commonest ones: the
# rarer are other senses ("sign" as 星座), and every one of them may match a unit by accident.
MAX_RENDERINGS = 6
# How many of a Chinese word's senses (in the dictionary's order) an English word finds it by.
PRIMARY_SENSES = 4
# Phrases of up to this many words are looked up whole ("letter of credit", "application form").
LONGEST_PHRASE = 3
# Words about this common in jieba's dictionary (its few hundred commonest: 我们, 没有, 以后, 时间)
# say nothing of a question's subject, in either language: they are not rendered, nor renderings.
COMMON_WORD = 20_000
_WORD = re.compile(r"[a-z][a-z'-]*")


def _english(phrase: str) -> str:
    """A sense or question words as matched: lower-case words, plurals folded, one space apart."""
    return " ".join(stem(w) for w in _WORD.findall(phrase.lower()))


@functools.cache
def to_english() -> dict[str, tuple[str, ...]]:
    """Simplified Chinese word → its English senses (plain words or short phrases)."""
    table: dict[str, tuple[str, ...]] = {}
    for line in LEXICON_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, senses = line.split("\t")
            table[word] = tuple(senses.split("|"))
    return table


@functools.cache
def to_chinese() -> dict[str, tuple[str, ...]]:
    """English word or phrase (as `_english` folds it) → the Chinese words it renders, commonest first."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    for word, senses in to_english().items():
        for place, sense in enumerate(senses[:PRIMARY_SENSES]):
            found.setdefault(_english(sense), []).append((place, -word_frequency(word), word))
    # A word whose first sense it is renders it before one that has it as a later use (采访,
    # "to interview; to cover", comes after 覆盖 for "cover"); among equals, the commoner first.
    return {
        sense: tuple(w for *_, w in sorted(words)[:MAX_RENDERINGS]) for sense, words in found.items() if sense
    }


@functools.cache
def english_words() -> frozenset[str]:
    """Every English word of the dictionary's senses (plurals folded): a word not among them, nor
    among the questions' or the documents' words, is likely a name ("kangkiu", "steadypay")."""
    return frozenset(w for senses in to_english().values() for s in senses for w in _english(s).split())


def _content(words: Iterable[str], generic: frozenset[str]) -> list[str]:
    return [w for w in words if w not in generic and w not in stopwords() and len(w) > 2]


def english_slots(terms: Sequence[str], generic: frozenset[str]) -> list[str]:
    """Per Chinese term, its English renderings as one slot: each sense whole, and the content
    words of a longer one ("insurance premium" is found as "premium" too)."""
    slots = []
    for term in terms:
        senses = () if word_frequency(term) >= COMMON_WORD else to_english().get(term, ())
        alternatives: list[str] = []
        for sense in senses:
            words = _english(sense).split()
            content = _content(words, generic)
            if len(words) > 1 and content:
                alternatives.append(" ".join(words))
            alternatives += content
        if alternatives:
            slots.append("|".join(dict.fromkeys(alternatives)))
    return slots


def chinese_slots(question: str, terms: Sequence[str], generic: frozenset[str]) -> list[str]:
    """The question's English words and phrases as Chinese slots: a phrase the lexicon knows whole
    ("letter of credit" → 信用证) first, then each subject word (`terms`) outside such a phrase."""
    words = _english(question).split()
    table = to_chinese()
    slots: list[str] = []
    used: set[int] = set()
    for size in range(LONGEST_PHRASE, 1, -1):
        for start in range(len(words) - size + 1):
            span = range(start, start + size)
            phrase = " ".join(words[i] for i in span)
            if phrase in table and not used.intersection(span) and _content(phrase.split(), generic):
                slots.append(_uncommon(table[phrase]))
                used.update(span)
    inside = {words[i] for i in used}
    for term in terms:
        if term in table and term not in inside and term not in generic:
            slots.append(_uncommon(table[term]))
    return [s for s in slots if s]


def _uncommon(words: Sequence[str]) -> str:
    """A slot of the renderings that are not everyday words ("" when all are: "us" → 我们)."""
    return "|".join(w for w in words if word_frequency(w) < COMMON_WORD)


def rendered_in(word: str, vocabulary: frozenset[str]) -> bool:
    """Whether `vocabulary` (knowledge.text tokens) holds `word` in the other language: the English
    tier a reader gives a Chinese plan ("KangKiu Superior") is a word its document uses (优越)."""
    if _WORD.fullmatch(word):
        return any(w in vocabulary for w in to_chinese().get(_english(word), ()))
    return any(all(w in vocabulary for w in _english(s).split()) for s in to_english().get(word, ()))
