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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz.distance import Levenshtein

from knowledge.places import is_local_place, is_place
from knowledge.text import (
    EVERYDAY_WORD_FREQUENCY,
    cantonese_table,
    data_lines,
    fold,
    stem,
    stopwords,
    tagged_words,
    word_frequency,
)

# A product's head noun in Chinese, starting a word of the question's cut (险 of 风险 is none);
# "保险公司" and the like are an insurer (chat.entities' _ZH_OWNER).
_ZH_HEAD = re.compile(r"(?:计划|保险|险|年金|保单)(?!公司|有限|集团|股份|人)")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
# A name is a word of two characters or more (jieba keeps a name it does not know whole: 恒福,
# 福满楼); longer runs of unknown words are a sentence the cut failed on.
MIN_CHARS = 2
MAX_CHARS = 6
# Parts of speech (jieba's tags) a name is never: verbs, adverbs, numerals, measure words, pronouns,
# prepositions, conjunctions, particles, time and place words ("未收年金" is "not yet paid"; "第几个").
_NOT_NAME_TAGS = re.compile(r"^(?:v|d|m|q|r|p|c|u|t|f|y|e|o|z)")
# What opens a pointing or counting phrase ("这个", "哪款", "第几"): never a name's start.
_POINTERS = frozenset("这那哪边其该本各每贵呢啲些个款份种类一两二几多第")
# English: a product's head noun after at most this many other words ("export credit insurance").
_LATIN_HEADS = r"plans?|polic(?:y|ies)|insurance|annuit(?:y|ies)|cover|schemes?"
_LATIN_DESCRIBED = re.compile(rf"^\s+((?:[A-Za-z][A-Za-z-]*\s+){{0,3}})(?:{_LATIN_HEADS})\b", re.IGNORECASE)
_LATIN_HEAD = re.compile(rf"(?:{_LATIN_HEADS})", re.IGNORECASE)


@dataclass(frozen=True)
class PlanPlace:
    """What a Chinese question writes in a plan's name's place: the words right before a product's
    head noun and the words plans describe themselves with (at most CALQUE_WORDS), and of them the
    name no one uses otherwise ("" if the last is a word, a verb, a place…)."""

    before: tuple[str, ...]
    name: str


# The most words before the describing ones a calque of an English brand is made of (贸易/卫士).
CALQUE_WORDS = 3


def chinese_plan_places(
    question: str, describes: Callable[[str], bool], known: Callable[[str], bool]
) -> list[PlanPlace]:
    """Each place in a Chinese question where a plan's name stands: right before a product's head
    noun (计划, 保险, 年金) and the words `describes` a plan by (住院, 延期, 出口信用). Its name is a
    noun no one uses otherwise: not `known` (a word of the documents), no everyday word, place or
    function word."""
    found: list[PlanPlace] = []
    for run in _HAN_RUN.findall(fold(question)):
        words = tagged_words(run)
        bounds = {sum(len(w) for w, _ in words[:i]): i for i in range(len(words) + 1)}
        for head in _ZH_HEAD.finditer(run):
            if head.start() not in bounds:
                continue
            at = bounds[head.start()]
            while at and describes(words[at - 1][0]):
                at -= 1
            if at:
                before = tuple(w for w, _ in words[max(0, at - CALQUE_WORDS) : at])
                place = PlanPlace(before, _name_before(words, at, known))
                if place not in found:
                    found.append(place)
    return found


def _name_before(words: list[tuple[str, str]], at: int, known: Callable[[str], bool]) -> str:
    """The name right before word `at`: the word there, or, when jieba left it in single
    characters (信/达 of 信达: a name it does not know, each character a word of its own), the run of
    them, less a leading verb, pointer or function word ("买" of 买信达, "想买" is no name)."""
    word, tag = words[at - 1]
    if len(word) > 1:
        return _name(word, tag, known)
    start = at - 1
    while start and len(words[start - 1][0]) == 1 and at - start < MAX_CHARS:
        start -= 1
    run = words[start:at]
    while run and (_NOT_NAME_TAGS.match(run[0][1]) or run[0][0] in _POINTERS):
        run = run[1:]
    return _name("".join(w for w, _ in run), "nz", known) if len(run) >= MIN_CHARS else ""


COMPARE_DATA = Path(__file__).resolve().parent / "data" / "compare_overview.yaml"


@lru_cache(maxsize=1)
def _compare_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The Chinese words joining compared plans, and the Chinese words of a comparison's frame
    (比较, 嘅, 哪个…), from chat/data/compare_overview.yaml; longest first."""
    raw = yaml.safe_load(COMPARE_DATA.read_text(encoding="utf-8"))
    chinese = [fold(w) for w in raw["joins"] if _HAN_RUN.fullmatch(fold(w))]
    frame = [fold(w) for w in raw["frame"] if _HAN_RUN.fullmatch(fold(w))]
    return tuple(sorted(chinese, key=len, reverse=True)), tuple(sorted(frame, key=len, reverse=True))


def compared_names(
    question: str,
    held: Callable[[str], bool],
    in_held_name: Callable[[str], bool],
    known: Callable[[str], bool],
) -> list[str]:
    """Chinese names a question compares with a held plan: what a comparison's joining word (同,
    和, 與; not the 同 of an everyday word, 同時 or 共同) sets beside a held plan's name, up to the
    comparison's next word (嘅, 的, 哪個), when it is a name: no `held` name, no `known` word of
    the documents, everyday word, place or function word ("雙灣安心同康健寶嘅等候期": 康健寶).
    The held name must stand right at the joining word (`in_held_name` of the characters there):
    in 「智盾出海保不保著作權或商業秘密」 或 joins two subjects, not two plans."""
    joins, frame = _compare_words()
    folded = fold(question)
    inside = _everyday_word_spans(folded)
    found: list[str] = []
    for join in joins:
        for match in re.finditer(re.escape(join), folded):
            if any(s <= match.start() and match.end() <= e for s, e in inside):
                continue
            before = _edge_part(folded[: match.start()][::-1], frame, reverse=True)[::-1]
            after = _edge_part(folded[match.end() :], frame)
            for name, other, at_end in ((after, before, True), (before, after, False)):
                if not name or not _held_at_edge(other, in_held_name, at_end):
                    continue
                if not held(name) and _names_a_plan(name, known):
                    found.append(name)
    return list(dict.fromkeys(found))


def _everyday_word_spans(folded: str) -> list[tuple[int, int]]:
    """Where the question's everyday words of two characters or more are (同時, 共同)."""
    spans, at = [], 0
    for w, _ in tagged_words(folded):
        if len(w) > 1 and _HAN_RUN.fullmatch(w) and word_frequency(w) >= EVERYDAY_WORD_FREQUENCY:
            spans.append((at, at + len(w)))
        at += len(w)
    return spans


_STOP = re.compile(r"[^a-z0-9\u4e00-\u9fff \-]")


def _edge_part(text: str, frame: tuple[str, ...], reverse: bool = False) -> str:
    """`text` up to punctuation or the comparison's first frame word (`reverse`: `text` is written
    backwards, and so are the frame words looked for)."""
    stop = _STOP.search(text)
    text = (text[: stop.start()] if stop else text).strip()
    words = [w[::-1] for w in frame] if reverse else list(frame)
    cut = min((i for w in words if (i := text.find(w)) > 0), default=len(text))
    return text[:cut].strip()


def _held_at_edge(text: str, in_held_name: Callable[[str], bool], at_end: bool) -> bool:
    """`text` ends (or starts) with a held plan's name, or two characters or a word of one."""
    pieces = [text[i:] if at_end else text[: len(text) - i] for i in range(len(text) - 1)]
    return any(in_held_name(p.strip()) for p in pieces if _whole(p.strip(), text, at_end))


def _whole(piece: str, text: str, at_end: bool) -> bool:
    """A piece of two Chinese characters or more, or of whole Latin words."""
    if _HAN_RUN.fullmatch(piece):
        return len(piece) >= MIN_CHARS
    start = len(text) - len(piece) if at_end else 0
    end = start + len(piece)
    before, after = text[start - 1 : start] if start else "", text[end : end + 1]
    return len(piece) >= 3 and not before.isalnum() and not after.isalnum()


def _names_a_plan(run: str, known: Callable[[str], bool]) -> bool:
    """A run of characters in a plan's place that is a name: no longer than one, itself no word
    of the documents, everyday, function or place word, opening with no pointing word (其他, 呢個),
    and not made only of function words (我講下). Brands are made of everyday words (安康保, 護航寶):
    its parts may be any."""
    if not MIN_CHARS <= len(run) <= MAX_CHARS or run[0] in _POINTERS or is_place(run) or is_local_place(run):
        return False
    if word_frequency(run) >= EVERYDAY_WORD_FREQUENCY or known(run):
        return False
    words = tagged_words(run)
    if words[0][0] in _function_words() or words[0][1].startswith("r"):  # 其他, 我, 佢哋: no name's start
        return False
    return not all(w in _function_words() or w in _portal_words() or w in cantonese_table() for w, _ in words)


def _name(word: str, tag: str, known: Callable[[str], bool]) -> str:
    """`word` if it is a name: "恒福" before 延期年金计划, not "买" or "未收" (not yet paid)."""
    is_name = (
        MIN_CHARS <= len(word) <= MAX_CHARS
        and not _NOT_NAME_TAGS.match(tag)
        and word[0] not in _POINTERS
        and word_frequency(word) < EVERYDAY_WORD_FREQUENCY
        and not (is_place(word) or is_local_place(word) or word in _function_words() or known(word))
        # Written Cantonese (有冇) and the portal's own words (直接结算), added to jieba's cut.
        and word not in cantonese_table()
        and word not in _portal_words()
    )
    return word if is_name else ""


@lru_cache(maxsize=1)
def _portal_words() -> frozenset[str]:
    return frozenset(data_lines("jieba_words.txt"))


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    return frozenset(fold(w.strip()) for w in data_lines("function_words_zh.txt"))


GLOSSES_FILE = Path(__file__).resolve().parent / "data" / "char_glosses.tsv"


@lru_cache(maxsize=1)
def _glosses() -> dict[str, tuple[str, ...]]:
    """Chinese character (Simplified) → its one-word English senses (chat/data/char_glosses.tsv)."""
    table = {}
    for line in GLOSSES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            char, senses = line.split("\t")
            table[char] = tuple(senses.split("|"))
    return table


def calques(words: tuple[str, ...], brand: tuple[str, ...]) -> bool:
    """Whether Chinese `words` render the English brand word by word or character by character:
    银港 for "silver harbour", 贸易/卫士 for "trade guard", 金年 for "golden years" (a sense in its
    other spelling, "harbor", or shorter, "gold", counts)."""
    return _renders("".join(words), brand)


def _renders(chinese: str, brand: tuple[str, ...]) -> bool:
    if not chinese or not brand:
        return not chinese and not brand
    for size in (2, 1):
        piece, rest = chinese[:size], chinese[size:]
        matches = len(piece) == size and any(_same_word(s, brand[0]) for s in _senses(piece))
        if matches and _renders(rest, brand[1:]):
            return True
    return False


def _senses(piece: str) -> tuple[str, ...]:
    """A character's one-word senses, or a two-character word's (the lexicon's, last words too:
    卫士 "guard")."""
    if len(piece) == 1:
        return _glosses().get(piece, ())
    from chat.lexicon import to_english

    return tuple(sense.split()[-1] for sense in to_english().get(piece, ()) if sense)


def _same_word(sense: str, word: str) -> bool:
    if stem(sense) == stem(word):
        return True
    if min(len(sense), len(word)) >= CALQUE_MIN_LETTERS:
        return word.startswith(sense) or sense.startswith(word) or Levenshtein.distance(sense, word) <= 1
    return False


# Shortest sense matched by its start or by one edit ("gold" of "golden", "guardian" of "guard",
# "harbor" of "harbour").
CALQUE_MIN_LETTERS = 4


def latin_plan_name(span: str, after: str) -> bool:
    """Whether capitalised `span` stands as a plan's name: a product's head noun follows it after at
    most three words, none a function word ("Yuet Fung hospital plan", not "HPV covered by the
    plan"), or it ends in one after a word of its own ("Evergreen Deferred Annuity")."""
    described = _LATIN_DESCRIBED.match(after)
    if described and not any(w.lower() in stopwords() for w in described.group(1).split()):
        return True
    words = span.split()
    return len(words) >= 2 and bool(_LATIN_HEAD.fullmatch(words[-1]))
