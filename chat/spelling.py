"""A question's misspelt subject words, spelt as the indexed documents spell them.

A visitor's typo leaves the question with a word no document uses ("waitng", 等侯期), so
retrieval and the answer model see a question with fewer subject terms than it has, and the
model declines with a false reason ("says nothing on this subject"). Words are corrected only
to words the documents (or the glossary) use, never to anything else:

- English, by edit distance (optimal string alignment: a transposed pair is one edit) to the
  documents' words of the same first letter, one edit for a word of five to eight letters,
  two from nine. Shorter words, names (capitalised inside a sentence, CamelCase, capitals) and
  every word of the general dictionary, the stopwords or the documents are left as written.
  Two documents' words equally near leave the word as written too: the typo is ambiguous.
- Chinese, by the same pinyin without tones (input methods type by sound, so a typo is a
  homophone: 候 → 侯), to the one document word of two to four characters differing in one
  character. Only a window of the dictionary's cut holding a character that stands alone is
  looked at, and not when it is a word of the dictionary, the documents or written Cantonese,
  part of the labelled example questions (how visitors ask: 最抵), inside a held name (頤年 is
  no misspelt 一年), or part of a document word running on beyond it; of two characters, the
  changed one must be no word the documents write alone (赔合资格 is 赔 + 合资格, not 配合).

The tables are built once per index vocabulary (knowledge.retrieval's snapshot changes it),
not per question. The visitor's own words are kept for display: this text is what retrieval
and the answer model read (chat.understanding).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from chat import glossary, lexicon
from knowledge.language import to_simplified, to_traditional
from knowledge.text import cantonese_table, dictionary_cut, stem, stopwords, word_frequency

if TYPE_CHECKING:
    from chat.entities import Held

# Edits an English correction may make: one up to this many letters, two beyond.
ONE_EDIT_UP_TO = 8
# Shorter English words are too easily another word misspelt ("limt", "cap", "fee").
MIN_LETTERS = 5
# Chinese words corrected are two to four characters long (a typo inside a longer run is found
# in the window around it), and differ from the document's word in one character.
LONGEST_CHINESE = 4
_LATIN = re.compile(r"(?<![A-Za-z0-9'’])[A-Za-z]+(?![A-Za-z0-9])")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_SENTENCE_END = re.compile(r"(^|[.?!:;。？！：；\n]\s*)$")


@dataclass(frozen=True)
class Speller:
    """The documents' words by first letter (English) and by toneless pinyin (Chinese)."""

    english: dict[str, tuple[str, ...]]
    chinese: dict[tuple[str, ...], tuple[str, ...]]
    known_latin: frozenset[str]
    known_chinese: frozenset[str]
    # Characters the documents write as a word on their own (赔, 计, 所).
    single_characters: frozenset[str] = frozenset()

    def correct(self, text: str, names: tuple[str, ...] = ()) -> str:
        """`text` with its misspelt subject words spelt as the documents spell them; `names` (the
        held plans' and insurers' Chinese, Simplified: `chinese_names`) are left as written: 頤年
        is no misspelt 一年."""
        text = _LATIN.sub(lambda m: self._latin(m, text), text)
        return _HAN_RUN.sub(lambda m: self._han_run(m.group(0), names), text)

    def _latin(self, match: re.Match[str], text: str) -> str:
        word = match.group(0)
        lower = word.lower()
        if len(word) < MIN_LETTERS or lower in self.known_latin or stem(lower) in self.known_latin:
            return word
        sentence_start = bool(_SENTENCE_END.search(text[: match.start()]))
        if not (word.islower() or (sentence_start and word[1:].islower())):
            return word  # a name, an initialism or a brand, not a misspelt word
        choices = self.english.get(lower[0], ())
        # The documents' words are counted without their plural: "ammounts" is "amount" misspelt.
        found = _nearest(lower, choices) or _nearest(stem(lower), choices)
        if found is None:
            return word
        return found.capitalize() if word[0].isupper() else found

    def _han_run(self, run: str, names: tuple[str, ...]) -> str:
        folded = to_simplified(run)
        if len(folded) != len(run):
            return run
        pieces = dictionary_cut(folded)
        starts = [sum(len(p) for p in pieces[:i]) for i in range(len(pieces) + 1)]
        named = _name_spans(folded, names)
        written = _spans(folded, self.known_chinese)
        out = list(run)
        i = 0
        while i < len(pieces):
            replaced = self._window_at(folded, pieces, starts, i, (named, written))
            if replaced is None:
                i += 1
                continue
            j, word = replaced
            start, end = starts[i], starts[j]
            spelt = word if run[start:end] == folded[start:end] else to_traditional(word)
            out[start:end] = spelt if len(spelt) == end - start else word
            i = j
        return "".join(out)

    def _window_at(
        self,
        folded: str,
        pieces: list[str],
        starts: list[int],
        i: int,
        spans: tuple[list[tuple[int, int]], list[tuple[int, int]]],
    ) -> tuple[int, str] | None:
        """The longest run of whole pieces from piece `i` that misspells a document word: (the
        piece after it, the word). A window holding part of a name, or part of a document word
        that runs on beyond it, is as meant."""
        for j in range(len(pieces), i + 1, -1):
            window = folded[starts[i] : starts[j]]
            if len(window) > LONGEST_CHINESE or not any(len(p) == 1 for p in pieces[i:j]):
                continue
            if window in self.known_chinese or word_frequency(window) > 0 or window in _asked_runs():
                continue
            start, end = starts[i], starts[j]
            named, written = spans
            if any(a < end and start < b for a, b in named) or any(
                a < end and start < b and (a < start or b > end) for a, b in written
            ):
                continue
            word = self._homophone(window)
            if word is not None:
                return j, word
        return None

    def _homophone(self, window: str) -> str | None:
        candidates = [
            w
            for w in self.chinese.get(_toneless(window), ())
            if sum(a != b for a, b in zip(w, window, strict=True)) == 1
            and not (len(window) == 2 and self._as_written(window, w))
        ]
        return candidates[0] if len(candidates) == 1 else None

    def _as_written(self, window: str, word: str) -> bool:
        """Two characters whose changed one the documents write as a word of its own: two
        characters have many homophones, and 赔合资格 is 赔 + 合资格, not 配合 + 资格."""
        return all(a in self.single_characters for a, b in zip(window, word, strict=True) if a != b)


def _spans(run: str, words: AbstractSet[str]) -> list[tuple[int, int]]:
    """Where the words of two to four characters `words` occur in a run."""
    return [
        (a, b)
        for a in range(len(run))
        for b in range(a + 2, min(len(run), a + LONGEST_CHINESE) + 1)
        if run[a:b] in words
    ]


def _name_spans(run: str, names: Iterable[str]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for name in names for m in re.finditer(re.escape(name), run)]


@lru_cache(maxsize=1)
def _asked_runs() -> frozenset[str]:
    """Every two to four characters of the labelled example questions' Chinese (Simplified): how
    visitors ask, in written Cantonese too (最抵, 想同), is no typo."""
    from chat.intents import load_exemplars

    runs = [r for e in load_exemplars() for r in _HAN_RUN.findall(to_simplified(e.text))]
    return frozenset(
        r[a:b]
        for r in runs
        for a in range(len(r))
        for b in range(a + 2, min(len(r), a + LONGEST_CHINESE) + 1)
    )


def _nearest(word: str, choices: tuple[str, ...]) -> str | None:
    """The one choice within the edits allowed for `word`, nearest first; None if none or a tie."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    allowed = 1 if len(word) <= ONE_EDIT_UP_TO else 2
    found = process.extract(word, choices, scorer=OSA.distance, score_cutoff=allowed, limit=2)
    if not found or (len(found) == 2 and found[0][1] == found[1][1]):
        return None
    return str(found[0][0])


def _toneless(word: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(word, style=Style.NORMAL, v_to_u=False))


def build(vocabulary: Iterable[str]) -> Speller:
    """The tables for the documents' words `vocabulary` (tokens of knowledge.text) and the glossary's."""
    words = set(vocabulary) | _glossary_words()
    latin = {w for w in words if w.isascii() and w.isalpha()}
    english: dict[str, list[str]] = {}
    for w in sorted(latin):
        if len(w) >= MIN_LETTERS - 1:  # a misspelling may add a letter
            english.setdefault(w[0], []).append(w)
    han = sorted(w for w in words if 2 <= len(w) <= LONGEST_CHINESE and _HAN_RUN.fullmatch(w))
    chinese: dict[tuple[str, ...], list[str]] = {}
    for w in han:
        chinese.setdefault(_toneless(w), []).append(w)
    known_latin = latin | lexicon.english_words() | stopwords() | _question_words()
    return Speller(
        english={k: tuple(v) for k, v in english.items()},
        chinese={k: tuple(v) for k, v in chinese.items()},
        known_latin=frozenset(known_latin),
        known_chinese=frozenset(han) | frozenset(cantonese_table()),
        single_characters=frozenset(w for w in words if len(w) == 1 and _HAN_RUN.fullmatch(w)),
    )


def _glossary_words() -> set[str]:
    english = {w for en in glossary.TERMS.values() for w in re.findall(r"[a-z]+", en.lower())}
    return english | set(glossary.TERMS)


@lru_cache(maxsize=1)
def _question_words() -> frozenset[str]:
    """The lower-case words of the labelled example questions: how visitors ask, not typos."""
    from chat.intents import load_exemplars

    return frozenset(w for e in load_exemplars() for w in re.findall(r"[a-z]+", e.text.lower()))


_built: dict[int, tuple[frozenset[str], Speller]] = {}
_built_lock = threading.Lock()


def speller_for(vocabulary: frozenset[str]) -> Speller:
    """The speller of an index vocabulary, built once per vocabulary (the snapshot keeps one object)."""
    with _built_lock:
        kept = _built.get(id(vocabulary))
        if kept is not None and kept[0] is vocabulary:
            return kept[1]
    speller = build(vocabulary)
    with _built_lock:
        _built.clear()
        _built[id(vocabulary)] = (vocabulary, speller)
    return speller


def corrected(question: str) -> str:
    """`question` with misspelt subject words spelt as the indexed documents spell them."""
    from chat.entities import holdings
    from knowledge.retrieval import index_vocabulary

    vocabulary = index_vocabulary()
    if not vocabulary:
        return question
    return speller_for(vocabulary).correct(question, _held_names(holdings()))


_names_of: dict[int, tuple[list[Held], tuple[str, ...]]] = {}


def _held_names(held: list[Held]) -> tuple[str, ...]:
    """`chinese_names` of the held documents, once per catalogue (the list is kept while nothing changes)."""
    with _built_lock:
        kept = _names_of.get(id(held))
        if kept is not None and kept[0] is held:
            return kept[1]
    names = chinese_names(n for h in held for n in (*h.names, *h.insurer_names))
    with _built_lock:
        _names_of.clear()
        _names_of[id(held)] = (held, names)
    return names


def chinese_names(names: Iterable[str]) -> tuple[str, ...]:
    """The Chinese runs of names, Simplified, longest first."""
    runs = {to_simplified(r) for name in names for r in _HAN_RUN.findall(name)}
    return tuple(sorted((r for r in runs if len(r) > 1), key=len, reverse=True))
