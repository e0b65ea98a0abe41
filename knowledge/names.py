"""Which documents a question names, across scripts.

Users name a plan by its product or insurer, often in the other script: "大帽山"
for the "Tai Mo Shan" plan, "Longhua" for "龍華", "BayCare" inside a Cantonese
question. Hong Kong names are romanised from Cantonese (HK Government scheme),
Shenzhen names in pinyin, so a Chinese name matches a run of Latin words when
each character has a reading (either scheme) equal to the next syllable, and the
other way round. A name counts in proportion to how few documents carry it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from knowledge.language import to_simplified, to_traditional

_LATIN_WORD = re.compile(r"[a-z]+|[0-9]+")
# Proper nouns of an English sentence ("Longhua", "Tai Mo Shan"); lower-case words are common
# vocabulary, which syllables can spell by accident ("an", "shan", "fen").
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+[A-Za-z]*")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
MIN_CHARS = 2  # one syllable ("an", "on") matches far too much
# A name carried by more than this share of the documents says nothing about which one is meant.
MAX_SHARE = 0.5


@lru_cache(maxsize=1)
def _cantonese() -> object:
    from cantoroman import Cantonese

    return Cantonese()


@lru_cache(maxsize=20000)
def readings(char: str) -> frozenset[str]:
    """Cantonese (HK Government romanisation) and Mandarin (pinyin) readings of one character."""
    from pypinyin import Style, pinyin

    result: set[str] = set()
    for variant in {char, to_traditional(char)}:
        for options in _cantonese().getRoman(variant):  # type: ignore[attr-defined]
            for group in options:
                # The data holds a list of readings for some characters and a bare string for others.
                result.update([group] if isinstance(group, str) else group)
    for group in pinyin(char, style=Style.NORMAL, heteronym=True, v_to_u=False):
        result.update(s.replace("ü", "v") for s in group)
    return frozenset(r for r in result if r and r.isascii() and r.isalpha())


@dataclass(frozen=True)
class Profile:
    """The words and Chinese runs of a document's names (title, product, insurer, header)."""

    words: tuple[str, ...]
    runs: tuple[str, ...]

    @classmethod
    def of(cls, texts: Iterable[str]) -> Profile:
        joined = " \n ".join(t for t in texts if t)
        words = tuple(_LATIN_WORD.findall(joined.lower().replace("'", "")))
        runs = tuple(_HAN_RUN.findall(to_simplified(joined)))
        return cls(words=words, runs=runs)


def _aligns(chars: str, words: list[str]) -> int:
    """How many characters of `chars` (from its start) spell the words (from the first)."""

    def step(ci: int, wi: int, offset: int) -> int:
        if wi == len(words) or ci == len(chars):
            return ci if offset == 0 else 0
        word = words[wi]
        best = ci if offset == 0 else 0
        for reading in readings(chars[ci]):
            if word.startswith(reading, offset):
                end = offset + len(reading)
                best = max(best, step(ci + 1, wi + 1, 0) if end == len(word) else step(ci + 1, wi, end))
        return best

    return step(0, 0, 0)


def _cross_script_units(query_words: list[str], query_runs: list[str], profile: Profile) -> set[str]:
    """Names the query and the profile share across scripts, as comparable keys."""
    units: set[str] = set()
    for runs, words in ((profile.runs, query_words), (tuple(query_runs), list(profile.words))):
        for run in runs:
            for ci in range(len(run) - MIN_CHARS + 1):
                for wi in range(len(words)):
                    matched = _aligns(run[ci:], words[wi:])
                    if matched >= MIN_CHARS:
                        units.add(run[ci : ci + matched])
    return units


def _written_names(
    query_words: list[str], proper_nouns: list[str], query_runs: list[str], profile: Profile
) -> set[str]:
    """Names written in the profile's own script: capitalised words, and the minority script.

    In a Chinese question every Latin word is a name ("BayCare"); in an English one,
    every Chinese run is.
    """
    words = set(profile.words)
    units = {w for w in proper_nouns if len(w) > 2 and w in words}
    if len(query_words) < sum(len(r) for r in query_runs):
        return units | {w for w in query_words if len(w) > 2 and w in words}
    joined = "\n".join(profile.runs)
    return units | {r for r in query_runs if len(r) >= MIN_CHARS and r in joined}


class NameIndex:
    """Document name profiles, with maps that narrow a question to the documents worth aligning."""

    def __init__(self, profiles: dict[str, Profile]) -> None:
        self.profiles = profiles
        self._by_word: dict[str, set[str]] = {}
        self._by_prefix: dict[str, set[str]] = {}
        self._by_reading: dict[str, set[str]] = {}
        self._by_char: dict[str, set[str]] = {}
        for doc_id, profile in profiles.items():
            for word in profile.words:
                self._by_word.setdefault(word, set()).add(doc_id)
                for end in range(1, min(len(word), 6) + 1):
                    self._by_prefix.setdefault(word[:end], set()).add(doc_id)
            for char in set("".join(profile.runs)):
                self._by_char.setdefault(char, set()).add(doc_id)
                for reading in readings(char):
                    self._by_reading.setdefault(reading, set()).add(doc_id)

    def _candidates(self, proper_nouns: list[str], query_words: list[str], query_runs: list[str]) -> set[str]:
        found: set[str] = set()
        for word in {*proper_nouns, *query_words}:
            found |= self._by_word.get(word, set())
            for end in range(1, min(len(word), 6) + 1):
                found |= self._by_reading.get(word[:end], set())
        for char in set("".join(query_runs)):
            found |= self._by_char.get(char, set())
            for reading in readings(char):
                found |= self._by_prefix.get(reading, set())
        return found

    def score(self, query: str) -> dict[str, float]:
        """Score each document by the names of it the query mentions, 0–1 (1: the best-named).

        Each shared name weighs its inverse document frequency among the profiles,
        so "Tai Mo Shan" counts and "GBA" or "保险" hardly do.
        """
        query_words = _LATIN_WORD.findall(query.lower().replace("'", ""))
        proper_nouns = [w.lower() for w in _CAPITALISED.findall(query.replace("'", ""))]
        query_runs = _HAN_RUN.findall(to_simplified(query))
        shared: dict[str, set[str]] = {}
        for doc_id in self._candidates(proper_nouns, query_words, query_runs):
            profile = self.profiles[doc_id]
            units = _written_names(query_words, proper_nouns, query_runs, profile)
            units |= _cross_script_units(proper_nouns, query_runs, profile)
            if units:
                shared[doc_id] = units
        frequency: dict[str, int] = {}
        for units in shared.values():
            for unit in units:
                frequency[unit] = frequency.get(unit, 0) + 1
        total = len(self.profiles)
        scores = {
            doc_id: sum(
                math.log(1 + total / frequency[u]) * _length_weight(u)
                for u in units
                if frequency[u] <= max(1, MAX_SHARE * total)
            )
            for doc_id, units in shared.items()
        }
        best = max(scores.values(), default=0.0)
        return {doc_id: score / best for doc_id, score in scores.items() if score > 0} if best else {}


def _length_weight(unit: str) -> float:
    # A three-character name ("大帽山") is stronger evidence than a two-character word.
    return 1.0 + 0.25 * max(0, len(unit) - MIN_CHARS) if _HAN_RUN.fullmatch(unit) else 1.0
