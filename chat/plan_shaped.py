"""Names standing in a plan's place that are no word: "恒福延期年金計劃", "the Yuet Fung hospital plan".

A question naming a plan by a name the portal cannot resolve was answered from whichever plan of
its line retrieval found: "松鹤延期年金计划的最低保费" got Silver Harbour's. A name is told by its
place and its form, never by a list of names. In Chinese, the words right before a product's head
noun (计划, 保险, 年金, …), once the words plans describe themselves with are set aside (住院,
延期, 出口信用: any word the dictionary, the glossary or the documents know), when what is left
is no such word (恒福, 福满楼, 信达). In English, capitalised words followed by a few words and a
product's head noun ("Hengtai export credit insurance"), or ending in one ("Evergreen Deferred
Annuity"). Whether such a name is a held plan's (another script, a romanisation, a misspelling, a
homophone) is chat.entities' to tell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from knowledge.places import is_local_place, is_place
from knowledge.text import data_lines, fold, stopwords, word_frequency

# A product's head noun in Chinese, starting a word of the question's cut (险 of 风险 is none);
# "保险公司" and the like are an insurer (chat.entities' _ZH_OWNER).
_ZH_HEAD = re.compile(r"(?:计划|保险|险|年金|保单)(?!公司|有限|集团|股份|人)")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
# A name is a word of two characters or more (jieba keeps a name it does not know whole: 恒福,
# 福满楼); longer runs of unknown words are a sentence the cut failed on.
MIN_CHARS = 2
MAX_CHARS = 6
# A jieba word counted at least this often is an everyday word, not a name (as chat.entities).
EVERYDAY_WORD_FREQUENCY = 100
# Parts of speech (jieba's tags) a name is never: verbs, adverbs, numerals, measure words, pronouns,
# prepositions, conjunctions, particles, time and place words ("未收年金" is "not yet paid"; "第几个").
_NOT_NAME_TAGS = re.compile(r"^(?:v|d|m|q|r|p|c|u|t|f|y|e|o|z)")
# What opens a pointing or counting phrase ("这个", "哪款", "第几"): never a name's start.
_POINTERS = frozenset("这那哪边其该本各每贵呢啲些个款份种类一两二几多第")
# English: a product's head noun after at most this many other words ("export credit insurance").
_LATIN_HEADS = r"plans?|polic(?:y|ies)|insurance|annuit(?:y|ies)|cover|schemes?"
_LATIN_DESCRIBED = re.compile(rf"^\s+((?:[A-Za-z][A-Za-z-]*\s+){{0,3}})(?:{_LATIN_HEADS})\b", re.IGNORECASE)
_LATIN_HEAD = re.compile(rf"(?:{_LATIN_HEADS})", re.IGNORECASE)


def chinese_plan_names(
    question: str, describes: Callable[[str], bool], known: Callable[[str], bool]
) -> list[str]:
    """The names (folded) a Chinese question writes right before a product's head noun and the words
    that `describes` a plan by (住院, 延期, 出口信用), that are a noun no one uses otherwise: not
    `known` (a word of the documents), not an everyday word, a place or a function word."""
    found: list[str] = []
    for run in _HAN_RUN.findall(fold(question)):
        words = [(w.word, w.flag) for w in _posseg().lcut(run)]
        bounds = {sum(len(w) for w, _ in words[:i]): i for i in range(len(words) + 1)}
        for head in _ZH_HEAD.finditer(run):
            if head.start() in bounds:
                name = _name_before(words[: bounds[head.start()]], describes, known)
                if name and name not in found:
                    found.append(name)
    return found


def _name_before(
    words: list[tuple[str, str]], describes: Callable[[str], bool], known: Callable[[str], bool]
) -> str:
    """The name right before the describing words that end `words`: "恒福/延期" → 恒福; "想/买" → ""."""
    at = len(words)
    while at and describes(words[at - 1][0]):
        at -= 1
    if not at:
        return ""
    word, tag = words[at - 1]
    is_name = (
        MIN_CHARS <= len(word) <= MAX_CHARS
        and not _NOT_NAME_TAGS.match(tag)
        and word[0] not in _POINTERS
        and word_frequency(word) < EVERYDAY_WORD_FREQUENCY
        and not (is_place(word) or is_local_place(word) or word in _function_words() or known(word))
    )
    return word if is_name else ""


@lru_cache(maxsize=1)
def _posseg() -> Any:
    from knowledge.text import chinese_words

    chinese_words("")  # jieba with the portal's own words loaded (knowledge.text)
    import jieba.posseg

    return jieba.posseg


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return frozenset(fold(w.strip()) for w in data_lines("function_words_zh.txt"))


def latin_plan_name(span: str, after: str) -> bool:
    """Whether capitalised `span` stands as a plan's name: a product's head noun follows it after at
    most three words, none a function word ("Yuet Fung hospital plan", not "HPV covered by the
    plan"), or it ends in one after a word of its own ("Evergreen Deferred Annuity")."""
    described = _LATIN_DESCRIBED.match(after)
    if described and not any(w.lower() in stopwords() for w in described.group(1).split()):
        return True
    words = span.split()
    return len(words) >= 2 and bool(_LATIN_HEAD.fullmatch(words[-1]))
