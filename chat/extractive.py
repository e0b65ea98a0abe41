"""What the scorer reads in a question and a unit: subject terms, figures, bands, vectors.

The question's informative vocabulary (IDF-weighted over the candidate units), in
the unit's script — across scripts through the glossary's renderings —, whether a
unit states a figure of the asked kind, a number inside a row's range, and the
multilingual embedding similarity that carries a Cantonese question to an English
table row. chat.scoring turns these into features and a fitted probability;
chat.selection picks what to quote.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from chat import glossary, lexicon
from chat.units import Unit
from knowledge import numerals, places
from knowledge.embeddings import get_embeddings
from knowledge.language import to_simplified
from knowledge.lexical import tokenize
from knowledge.numerals import chinese_integer
from knowledge.retrieval import RetrievedChunk
from knowledge.text import compiled, fold_cantonese

# Question words that say nothing about the subject, in the three languages.
_GENERIC = frozenset(
    [
        "what",
        "how",
        "much",
        "many",
        "long",
        "far",
        "does",
        "do",
        "is",
        "are",
        "the",
        "a",
        "an",
        "of",
        "for",
        "under",
        "plan",
        "policy",
        "insurance",
        "please",
        "tell",
        "me",
        "about",
        "there",
        "any",
        "per",
        "each",
        "which",
        "who",
        "when",
        "where",
        "why",
        "can",
        "could",
        "would",
        "apply",
        "applie",
        # Function words of a how-to question: "how do I make a claim" asks about claims.
        "i",
        "my",
        "we",
        "our",
        "make",
        "get",
        "to",
        "in",
        "on",
        "with",
        "if",
        "it",
        "be",
        "多少",
        "几多",
        "多久",
        "几耐",
        "几个",
        "什么",
        "甚么",
        "咩",
        "点样",
        "怎样",
        "怎么",
        "如何",
        "是否",
        "有没有",
        "有冇",
        "可否",
        "可以",
        "吗",
        "呢",
        "嘅",
        "的",
        "计划",
        "保单",
        "保险",
        "产品",
        "请问",
        "我",
        "我们",
        "你",
        "你们",
        "係",
        "是",
        "有",
        "会",
        "要",
        "个",
        "份",
        "款",
        "这",
        "那",
        "呢个",
        "嗰个",
        "嗰份",
        "两款",
        "两份",
        "两个",
        "不同",
        "分别",
        "区别",
        "比较",
        "对比",
    ]
)
# Shared with the decline checks: "your insurance" names no kind of cover.
GENERIC = _GENERIC
_FIGURE = re.compile(r"\d|[一二三四五六七八九十两兩百千万萬][成折]")
# A question number inside a row's range ("35" in "31–40", "90-day" in "61–120 days") matches it.
_RANGE = re.compile(r"(\d[\d,]*)\s*(?:–|—|-|~|to|至|－)\s*(\d[\d,]*)")
_OPEN_RANGE = re.compile(r"(\d[\d,]*)\s*(?:and over|or more|or over|\+|以上|或以上)")
# A unit with a phone number, e-mail or web address is contact information, not an answer figure.
_CONTACT = re.compile(r"\+\d{2,3}\s?\d|@[\w-]+\.|www\.|https?://")
_MARKER = re.compile(r"^\s*(\d{1,2}[.)、]|[（(]\w{1,3}[)）])\s*")
_CJK = re.compile(r"[\u3400-\u9fff]")
# A term found only in a unit's section heading counts for this much of a term in its text.
HEADING_WEIGHT = 0.5


@dataclass(frozen=True)
class Pick:
    unit: Unit
    score: float
    # The question's terms this unit carries, with their weights (for choosing several parts).
    matched: frozenset[str] = frozenset()
    weights: tuple[tuple[str, float], ...] = ()


def terms_of(text: str) -> list[str]:
    """Tokens with English plurals folded ("periods" matches "period") and amounts in digits."""
    return list(_terms(text))


# A question, its parts and the names are segmented several times a question (about 25 calls).
@functools.lru_cache(maxsize=1 << 14)
def _terms(text: str) -> tuple[str, ...]:
    return tuple(
        t[:-1] if len(t) > 3 and t.endswith("s") and t.isascii() and not t.endswith("ss") else t
        for t in tokenize(in_digits(text))
    )


_LARGE = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000, "million": 1_000_000}
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?|[零一二两兩三四五六七八九十百千]+)\s*(万|萬|亿|億|million\b)")


# Units recur across questions and each is asked for its figures several times a question: reading
# Chinese numerals costs about 5 µs a text, a lookup far less.
@functools.lru_cache(maxsize=1 << 16)
def in_digits(text: str) -> str:
    """Numbers in digits, amounts with 万/亿 or "million" in full: "一百萬" and "HK$1,000,000" then
    match, as do "一百五十天" and "150 days" (Chinese numerals: knowledge.numerals)."""

    def value(match: re.Match[str]) -> str:
        number, unit = match.groups()
        amount = float(number) if number[0].isdigit() else chinese_integer(number) or 0
        return str(round(amount * _LARGE[unit])) if amount else match.group(0)

    return _AMOUNT.sub(value, numerals.in_digits(text))


def salient_terms(question: str, names: Sequence[str]) -> list[str]:
    """The question's words that are about its subject: not generic, not a word of its frame (哪些,
    有什么: chat/data/frame_words.txt), not part of a document's name, and no Chinese word the
    segmenter cut across a name ("通不保" of "康桥通不保什么")."""
    name_tokens = _name_tokens(question, names)
    spanning = _spanning_names(question, names)
    return [
        t
        for t in dict.fromkeys(terms_of(question))
        # A lone digit counts: "year 2" picks the row "第2年" from "第1年".
        if t not in _GENERIC
        and t not in name_tokens
        and (len(t) > 1 or t.isdigit())
        and t not in _frame_words()
        and not spanning(t)
    ]


_BRACKETED = re.compile(r"[「『“]([^」』”]{2,20})[」』”]")
FRAME_WORDS_FILE = Path(__file__).resolve().parent / "data" / "frame_words.txt"


@functools.cache
def _frame_words() -> frozenset[str]:
    """The Chinese words of a question's frame (how it asks, not what about), Simplified."""
    lines = FRAME_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        to_simplified(w.strip()) for w in lines if w.strip() and not w.startswith("#") and is_chinese(w)
    )


def _spanning_names(question: str, names: Sequence[str]) -> Callable[[str], bool]:
    """A test of whether a Chinese word of the question runs across a document's name written in
    it: the word is in the question but not in what is left once the names are cut out."""
    whole = fold_cantonese(question)
    rest = whole
    # A title names its product in brackets (「康橋通」大灣區醫療計劃): the bracketed name is a name too.
    written = {*names, *(inner for n in names for inner in _BRACKETED.findall(n))}
    for name in sorted({fold_cantonese(n) for n in written}, key=len, reverse=True):
        if len(name) > 1 and is_chinese(name):
            rest = rest.replace(name, " ")
    if rest == whole:
        return lambda term: False
    return lambda term: is_chinese(term) and term in whole and term not in rest


def _name_tokens(question: str, names: Sequence[str]) -> set[str]:
    """The documents' name words, less those the question writes in lower case: "which hospitals"
    beside "the GBA Hospital Plan" is the question's own word again."""
    own_words = set(terms_of(" ".join(re.findall(r"(?<![A-Za-z])[a-z][a-z'-]*", question))))
    return {t for name in names for t in _analysed(name)[1]} - own_words


def without_names(question: str, names: Sequence[str]) -> str:
    words = sorted(
        {w for name in names for w in re.findall(r"[A-Za-z][A-Za-z'-]{3,}", name)}, key=len, reverse=True
    )
    stripped = question
    for name in sorted((n for n in names if n), key=len, reverse=True):
        stripped = compiled(re.escape(name), re.IGNORECASE).sub(" ", stripped)
    for word in words:
        if word.lower() not in _GENERIC:
            stripped = compiled(rf"\b{re.escape(word)}\b", re.IGNORECASE).sub(" ", stripped)
    return stripped if stripped.strip() else question


_vectors: dict[str, np.ndarray] = {}
_vectors_lock = threading.Lock()
# Units recur across questions (the same documents): their vectors are computed once.
VECTOR_CACHE_SIZE = 50_000


def embed_all(texts: Sequence[str]) -> None:
    """Embed, in one batch, the texts not embedded yet (unit vectors are kept, unit-normalised)."""
    with _vectors_lock:
        missing = [t for t in dict.fromkeys(texts) if t not in _vectors]
    if not missing:
        return
    computed = np.asarray(get_embeddings().embed_documents(missing), dtype=np.float32)
    norms = np.linalg.norm(computed, axis=1, keepdims=True)
    computed /= np.where(norms == 0, 1.0, norms)
    with _vectors_lock:
        if len(_vectors) > VECTOR_CACHE_SIZE:
            _vectors.clear()
        _vectors.update(zip(missing, computed, strict=True))


def vectors_of(texts: Sequence[str]) -> dict[str, np.ndarray]:
    """The kept vectors of `texts` (those embedded), to store with an evaluation's cache."""
    with _vectors_lock:
        return {t: _vectors[t] for t in texts if t in _vectors}


def remember_vectors(vectors: dict[str, np.ndarray]) -> None:
    with _vectors_lock:
        _vectors.update(vectors)


def cosines(question: str, texts: list[str]) -> list[float]:
    """Cosine of the question's vector with each text's (all embedded once, then kept)."""
    if not texts:
        return []
    embed_all([question, *texts])
    with _vectors_lock:
        query = _vectors[question]
    return [float(x) for x in _matrix(tuple(texts)) @ query]


# The candidate units' vectors as one matrix, for the last few candidate lists: a question's
# parts, and the next questions about the same documents, score the same units.
_matrices: dict[tuple[str, ...], np.ndarray] = {}
MATRIX_CACHE_SIZE = 32


def _matrix(texts: tuple[str, ...]) -> np.ndarray:
    with _vectors_lock:
        found = _matrices.get(texts)
        if found is None:
            found = np.stack([_vectors[t] for t in texts])
            if len(_matrices) >= MATRIX_CACHE_SIZE:
                _matrices.pop(next(iter(_matrices)))
            _matrices[texts] = found
    return found


def is_chinese(term: str) -> bool:
    return bool(_CJK.search(term))


def asked_terms(question: str, names: Sequence[str]) -> dict[bool, list[str]]:
    """The question's subject terms as a unit in each script would show them (key: unit is Chinese).

    A Chinese question is looked for in an English unit through the glossary's translations
    of its terms (and its Latin words and numbers), and an English question in a Chinese one
    likewise: words of the other script can never occur there and would only dilute the share.
    A term with several renderings is one slot, "a|b", matched by any of them.
    """
    native = salient_terms(question, names)
    english, renderings = glossary.slots(question)
    name_tokens = _name_tokens(question, names)
    # "Hospital" in "the GBA Hospital Plan" names the plan: its Chinese renderings are not asked for.
    chinese = [zh for phrase, zh in renderings if not set(terms_of(phrase)) <= name_tokens]
    english_slots: list[str] = []
    for alternatives in english:
        if len(alternatives) == 1:
            english_slots += salient_terms(alternatives[0], names)
        else:
            # Renderings are matched whole: "surgery" or "operation".
            english_slots.append("|".join(a.lower() for a in alternatives))
    # The glossary's Chinese terms are whole domain words ("信用期"), where segmentation may cut
    # them up or drop a part that also occurs in a plan's name.
    concepts = glossary.concepts(question)
    domain = [glossary.synonyms(c.term) for c in concepts if not c.any_word]
    # A native word that is a glossary term is asked as the term's slot (with its synonyms), once.
    terms = {c.term for c in concepts if not c.any_word}
    # So are the pieces the segmenter cuts a term of a synonym group into: 除外 and 责任 of 除外责任
    # are no subject words of their own when a document heads the section 不保事項.
    grouped = [c.term for c in concepts if not c.any_word and glossary.synonyms(c.term) != c.term]
    rendered = lexicon_slots(question, names)
    return {
        True: list(
            dict.fromkeys(
                [
                    t
                    for t in native
                    if (is_chinese(t) or t[0].isdigit())
                    and t not in terms
                    and not any(t in g for g in grouped)
                ]
                + domain
                + chinese
                + rendered[True]
            )
        ),
        False: list(
            dict.fromkeys([t for t in native if not is_chinese(t)] + english_slots + rendered[False])
        ),
    }


def lexicon_slots(question: str, names: Sequence[str]) -> dict[bool, list[str]]:
    """The question's subject terms the glossary does not render, as the general lexicon writes them in
    the other script (key: the unit is Chinese)."""
    concepts = glossary.concepts(question)
    unrendered = [
        t for t in salient_terms(question, names) if not any(t in c.term or c.term in t for c in concepts)
    ]
    return {
        True: lexicon.chinese_slots(question, [t for t in unrendered if not is_chinese(t)], _GENERIC),
        False: lexicon.english_slots([t for t in unrendered if is_chinese(t)], _GENERIC),
    }


def wants_figure(question: str) -> bool:
    return bool(
        re.search(
            r"how (much|many|long|far|soon|often)|\bwhat('s| is| are)? (the )?([a-z-]+ ){0,2}(percentage|rate|limit"
            r"|age|share|amount|premium|deductible|maximum|minimum|cap|period)\b"
            # 邊幾個 / 哪几个 ask which ones, not how many.
            r"|多少|几多|幾多|幾耐|几耐|多久|百分之|(?<![边邊哪])[几幾]|多长|多長|上限|比例",
            question.lower(),
        )
    )


def states_range(text: str) -> bool:
    """Whether a text states a band ("31–40", "61 to 120 days", "65 or over")."""
    return bool(_RANGE.search(text) or _OPEN_RANGE.search(text))


def in_range(number: str, text: str) -> bool:
    value = int(number)
    for low, high in _RANGE.findall(text):
        if int(low.replace(",", "")) <= value <= int(high.replace(",", "")):
            return True
    return any(int(low.replace(",", "")) <= value for low in _OPEN_RANGE.findall(text))


@functools.lru_cache(maxsize=50_000)
def _analysed(text: str) -> tuple[str, frozenset[str]]:
    """A text folded and segmented; units recur across questions, and jieba is the slow part."""
    return to_simplified(text.lower()), frozenset(terms_of(text))


def chunk_words(chunk: RetrievedChunk) -> tuple[str, frozenset[str]]:
    """A chunk's text with its section, folded, and its terms: a document's chunks are read for
    every question about it, and segmenting them is the slow part, so each is segmented once."""
    return _analysed(f"{chunk.section} {chunk.text}")


class _UnitText:
    """A unit's words, folded, for matching the question's terms (its heading counts for less)."""

    def __init__(self, text: str, heading: str) -> None:
        self.text = text
        self.folded, self.terms = _analysed(text)
        self.heading_folded, self.heading_terms = _analysed(heading)
        # A question's terms are weighed against each unit several times (coverage of the
        # question and of each part, BM25, the document's share, the matched terms), and the
        # next questions about the document ask many of the same terms: each once, up to
        # SLOTS_KEPT per unit.
        self._weights: dict[str, float] = {}
        self._in_heading: dict[str, bool] = {}

    def weight_of(self, slot: str) -> float:
        weight = self._weights.get(slot)
        if weight is None:
            if len(self._weights) >= SLOTS_KEPT:
                self._weights.clear()
            weight = self._weights[slot] = max(self._weight_of(term) for term in slot.split("|"))
        return weight

    def in_heading(self, slot: str) -> bool:
        found = self._in_heading.get(slot)
        if found is None:
            if len(self._in_heading) >= SLOTS_KEPT:
                self._in_heading.clear()
            found = self._in_heading[slot] = any(self._heads(t) for t in slot.split("|"))
        return found

    def _heads(self, term: str) -> bool:
        """Whether the heading has `term`, a phrase of it, or (for an English word) another English
        form the glossary gives its term: a heading is asked for by its subject, however worded
        ("exclusions" of "What is not covered", "exclude" of "Exclusions")."""
        if _holds(term, self.heading_folded, self.heading_terms):
            return True
        return any(_holds(f, self.heading_folded, self.heading_terms) for f in glossary.english_forms(term))

    def _weight_of(self, term: str) -> float:
        if (
            _holds(term, self.folded, self.terms)
            or (term.isdigit() and in_range(term, self.text))
            # A row for the region, or the country, that holds the asked place ("德國" → 歐盟).
            or places.names_within(term, self.text)
        ):
            return 1.0
        if self._heads(term):
            return HEADING_WEIGHT
        return 0.0


def _holds(term: str, folded: str, terms: frozenset[str]) -> bool:
    """Whether a text (folded, and its terms) has `term`: a phrase as whole words, a Chinese term as
    a substring (segmentation differs between question and text), any other as one of its terms."""
    if " " in term:
        return bool(re.search(rf"(?<![a-z]){re.escape(term)}(?![a-z])", folded))
    return term in terms or (is_chinese(term) and term in folded)


def carries(text: str, slot: str) -> bool:
    """Whether `text` has one of the terms of `slot` ("a|b"), as a unit's own words would."""
    folded, terms = _analysed(text)
    return any(_holds(term, folded, terms) or places.names_within(term, text) for term in slot.split("|"))


# Per unit text and heading, its words: kept between questions (a document's units are asked
# about again and again), with what each slot was found to weigh in them.
SLOTS_KEPT = 512
_unit_texts: dict[tuple[str, str], _UnitText] = {}
UNIT_TEXTS_KEPT = 50_000


def unit_text(unit: Unit) -> _UnitText:
    """A unit's words (and its heading's) for matching terms."""
    key = (unit.text, unit.heading)
    found = _unit_texts.get(key)
    if found is None:
        if len(_unit_texts) >= UNIT_TEXTS_KEPT:
            _unit_texts.clear()
        found = _unit_texts[key] = _UnitText(unit.text, unit.heading)
    return found


def is_contact(text: str) -> bool:
    """Whether a unit gives a phone number, e-mail or web address (contact details)."""
    return bool(_CONTACT.search(text))


# A unit is asked whether it states a figure (of a kind) several times a question, and again by the
# next questions about its document.
@functools.lru_cache(maxsize=1 << 16)
def has_figure(text: str, kind: str = "") -> bool:
    """Whether a unit states a figure (of `kind`, if given); a list number or a phone number is none."""
    if _CONTACT.search(text):
        return False
    # A document may write its figures in Chinese numerals ("一百五十天", "港幣六千八百元").
    bare = in_digits(_MARKER.sub("", text))
    return bool(_FIGURE.search(bare) and (not kind or _FIGURE_KINDS[kind][1].search(bare)))


# What kind of figure a question asks for, and how a unit states one of that kind.
_FIGURE_KINDS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "percentage": (
        re.compile(r"percentage|\brate\b|\bshare\b|比例|费率|几成|幾成|多少成|百分|折扣"),
        re.compile(r"\d\s?%|[一二三四五六七八九十两兩]成|\d\s?成|[一二三四五六七八九]折|百分之"),
    ),
    "money": (
        re.compile(
            r"\blimit\b|amount|premium|deductible|\bcap\b|how much|多少钱|多少錢|保费|保費|限额|限額|自负额|自負額|免赔额|上限"
        ),
        re.compile(
            r"(hk|us|rmb)?\$\s?\d|港[幣币元]|人民[币幣]|\d[\d,]*\s?(元|万|萬|million)|\d{1,3}(,\d{3})+"
        ),
    ),
    "duration": (
        re.compile(r"how long|how many days|waiting|多久|几耐|幾耐|等候期|等待期|几多日|幾多日|多少天"),
        re.compile(r"\d+\s?-?(day|month|year|week|日|天|个月|個月|年)"),
    ),
}


def figure_kind(question: str) -> str:
    """ "percentage", "money" or "duration" when the question says which, else ""."""
    folded = question.lower()
    return next((kind for kind, (asks, _) in _FIGURE_KINDS.items() if asks.search(folded)), "")


def unmentioned(question: str, chunks: Sequence[RetrievedChunk], names: Sequence[str]) -> list[str]:
    """Salient question words that no retrieved text or its heading contains (within one script)."""
    vocabulary = frozenset().union(*(chunk_words(c)[1] for c in chunks))
    return [t for t in salient_terms(question, names) if t not in vocabulary]


def citation(pick: Pick) -> dict[str, Any]:
    return pick.unit.chunk.citation(quote=pick.unit.text, anchor=pick.unit.anchor)
