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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from knowledge.language import to_simplified, to_traditional
from knowledge.places import is_local_place, without_places
from knowledge.text import EVERYDAY_WORD_FREQUENCY, latin_words, normalise, stopwords, word_frequency

# Proper nouns of an English sentence ("Longhua", "Tai Mo Shan"); lower-case words are common
# vocabulary, which syllables can spell by accident ("an", "shan", "fen").
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+[A-Za-z]*")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]+")
# Chinese characters of a name written inside a Chinese sentence.
WRITTEN_CHARS = 3
_QUOTED = re.compile(r"[「『“\"]([^」』”\"]+)[」』”\"]")
MAX_SYLLABLE = 8  # letters; the longest readings have 6 ("zhuang", "cheung")
MIN_CHARS = 2  # one syllable ("an", "on") matches far too much
# A Chinese name's first two characters name it in a question (星帆 of 星帆跨境电商综合保, 智盾 of
# 「智盾出海」) only when jieba's dictionary counts them at most this often: "不是一个词" is what makes
# two characters a name. 湾区 (6), 网店 (3) and 康桥 (6, Cambridge) are words; 星帆, 智盾 are none.
SHORT_NAME_MAX_FREQUENCY = 0
# A name carried by more than this share of the documents says nothing about which one is meant.
MAX_SHARE = 0.5
# Nor does one carried by more documents than this, however many there are: an insurer with
# many plans is named by its plan, and matching thousands of documents on a place name or a
# common word would be work for nothing.
MAX_NAMED_DOCS = 50
# The most documents a question is aligned with, those sharing the rarest keys with it first: the
# work per question is bounded by what it names, never by the clock, so the same question names
# the same plans under any load. A question naming more plans than this names the rest by
# retrieval alone (one key's documents always fit: MAX_NAMED_DOCS).
MAX_CANDIDATES = 64


def _most_named(total: int) -> int:
    """The most documents one name may be shared by and still count."""
    return max(1, min(int(MAX_SHARE * total), MAX_NAMED_DOCS))


@lru_cache(maxsize=1)
def _cantonese() -> object:
    from cantoroman import Cantonese

    return Cantonese()


@lru_cache(maxsize=20000)
def readings(char: str) -> frozenset[str]:
    """Cantonese (HK Government romanisation) and Mandarin (pinyin) readings of one character."""
    return cantonese_readings(char) | mandarin_readings(char)


@lru_cache(maxsize=20000)
def cantonese_readings(char: str) -> frozenset[str]:
    """A character's Cantonese readings (HK Government romanisation), either script."""
    result: set[str] = set()
    for variant in {char, to_traditional(char)}:
        for options in _cantonese().getRoman(variant):  # type: ignore[attr-defined]
            for group in options:
                # The data holds a list of readings for some characters and a bare string for others.
                result.update([group] if isinstance(group, str) else group)
    return frozenset(r for r in result if r and r.isascii() and r.isalpha())


@lru_cache(maxsize=20000)
def mandarin_readings(char: str) -> frozenset[str]:
    """A character's Mandarin readings (pinyin without tones, ü as v)."""
    from pypinyin import Style, pinyin

    result = {
        s.replace("ü", "v")
        for group in pinyin(char, style=Style.NORMAL, heteronym=True, v_to_u=False)
        for s in group
    }
    return frozenset(r for r in result if r and r.isascii() and r.isalpha())


def homophones(name: str, other: str) -> bool:
    """Whether two runs of characters of one length sound alike in one language: each character
    shares a Mandarin reading with the other's in its place, or each a Cantonese one (康乔通 for
    康桥通, typed by its sound). Readings of the two languages mixed match far too much (松鹤 and
    综合 share "chung" in Cantonese and "he" in Mandarin)."""
    if len(name) != len(other):
        return False
    pairs = list(zip(name, other, strict=True))
    return any(
        all(scheme(a) & scheme(b) for a, b in pairs) for scheme in (cantonese_readings, mandarin_readings)
    )


def warm_up() -> None:
    """Load the romanisation tables now, not on the first Chinese question."""
    readings("港")


@dataclass(frozen=True)
class Profile:
    """A document's names (title, product, insurer) and its opening lines, as words and Chinese runs.

    Romanised matching uses the names only; names written out (a Latin name in a
    Chinese question) are also looked for in the opening lines, where bilingual
    headers sit.
    """

    words: tuple[str, ...]
    runs: tuple[str, ...]
    name_words: tuple[str, ...] = ()
    name_runs: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()  # quoted Chinese names: 「出海护航」, “出海信保”
    # With none quoted, the Chinese runs of the names ("湾区安享递延年金计划"): a brand stands first.
    unquoted: tuple[str, ...] = ()
    name_word_starts: frozenset[str] = frozenset()  # every start of a name word a syllable can be
    # The first two characters of its longer Chinese names, where they are no word (see SHORT_NAME_…);
    # NameIndex keeps those no other profile writes.
    short_openings: tuple[str, ...] = ()

    @classmethod
    def of(cls, names: Iterable[str], lead: str = "") -> Profile:
        named = " \n ".join(t for t in names if t)
        every = f"{named} \n {lead}"
        return cls(
            words=tuple(latin_words(every)),
            runs=tuple(_HAN_RUN.findall(to_simplified(every))),
            name_words=tuple(latin_words(named)),
            name_runs=tuple(_HAN_RUN.findall(to_simplified(named))),
            brands=(
                brands := tuple(b for b in _QUOTED.findall(to_simplified(named)) if _HAN_RUN.fullmatch(b))
            ),
            unquoted=()
            if brands
            else tuple(r for r in _HAN_RUN.findall(to_simplified(named)) if len(r) > WRITTEN_CHARS),
            name_word_starts=_starts(latin_words(named)),
            short_openings=tuple(
                dict.fromkeys(
                    run[:MIN_CHARS]
                    for run in (*brands, *(r for r in _HAN_RUN.findall(to_simplified(named)) if not brands))
                    if len(run) > MIN_CHARS and _no_word(run[:MIN_CHARS])
                )
            ),
        )


def _no_word(chars: str) -> bool:
    return word_frequency(chars) <= SHORT_NAME_MAX_FREQUENCY and not is_local_place(chars)


def _starts(words: Iterable[str]) -> frozenset[str]:
    return frozenset(w[:n] for w in words for n in range(1, min(len(w), MAX_SYLLABLE) + 1))


def _aligns(chars: str, words: list[str]) -> tuple[int, int]:
    """How many characters of `chars` (from its start) spell how many whole words (from the first)."""

    def step(ci: int, wi: int, offset: int) -> tuple[int, int]:
        if wi == len(words) or ci == len(chars):
            return (ci, wi) if offset == 0 else (0, 0)
        word = words[wi]
        best = (ci, wi) if offset == 0 else (0, 0)
        for reading in readings(chars[ci]):
            if word.startswith(reading, offset):
                end = offset + len(reading)
                best = max(best, step(ci + 1, wi + 1, 0) if end == len(word) else step(ci + 1, wi, end))
        return best

    return step(0, 0, 0)


@dataclass(frozen=True)
class _Query:
    """A question's words, capitalised words and Chinese runs, worked out once per question."""

    words: list[str]
    proper_nouns: list[str]
    runs: list[str]
    chinese: bool
    noun_starts: frozenset[str]

    @classmethod
    def of(cls, query: str) -> _Query:
        words = latin_words(query)
        proper_nouns = _proper_nouns(normalise(query).replace("'", ""))
        runs = _HAN_RUN.findall(to_simplified(query))
        return cls(words, proper_nouns, runs, _chinese_question(words, runs), _starts(proper_nouns))


def _proper_nouns(text: str) -> list[str]:
    """The capitalised words of `text`, lower-cased. A function word is capitalised by the sentence
    it starts ("And for a 62-year-old?"), not as a name, though names contain it ("… Hospital and
    Outpatient Plan"); one right after another capitalised word is a romanised name's syllable:
    "On" of "Seung Wan On Sam" (雙灣安心)."""
    nouns: list[str] = []
    previous_end = -1
    for match in _CAPITALISED.finditer(text):
        word = match.group(0).lower()
        within_name = previous_end >= 0 and not text[previous_end : match.start()].strip()
        if word not in stopwords() or within_name:
            nouns.append(word)
        previous_end = match.end()
    return nouns


def _romanised_units(question: _Query, profile: Profile, spans: dict[str, set[str]]) -> set[str]:
    """Names the query and the profile share across scripts, keyed by their Chinese spelling.

    The query's side of each match (its words or characters) is recorded in `spans[unit]`.
    """
    units: set[str] = set()
    for query_is_latin, runs, words, word_starts in (
        (True, profile.name_runs, question.proper_nouns, question.noun_starts),
        (False, tuple(question.runs), list(profile.name_words), profile.name_word_starts),
    ):
        for run in runs:
            for ci in range(len(run) - MIN_CHARS + 1):
                starts = readings(run[ci])
                # Most characters start no word: a set test rules them out before any alignment.
                if starts.isdisjoint(word_starts):
                    continue
                for wi, word in enumerate(words):
                    if not any(word.startswith(r) for r in starts):
                        continue
                    chars, end = _aligns(run[ci:], words[wi:])
                    if chars >= MIN_CHARS:
                        unit = run[ci : ci + chars]
                        if not query_is_latin and _everyday(unit):
                            continue
                        units.add(unit)
                        spans.setdefault(unit, set()).update(
                            words[wi : wi + end] if query_is_latin else [unit]
                        )
    return units


def _everyday(word: str) -> bool:
    return word_frequency(word) >= EVERYDAY_WORD_FREQUENCY and not is_local_place(word)


def _written_names(question: _Query, profile: Profile) -> set[str]:
    """Names written in the profile's own script: capitalised words, and the minority script.

    In a Chinese question every Latin word is a name ("BayCare"); in an English one,
    every Chinese run is.
    """
    words = set(profile.words)
    units = {w for w in question.proper_nouns if len(w) > 2 and w in words}
    if question.chinese:
        return (
            units
            | {w for w in question.words if len(w) > 2 and w in words}
            | {r for run in question.runs for brand in profile.brands for r in _brand_pieces(run, brand)}
            | {r for run in question.runs for name in profile.unquoted for r in _openings(run, name)}
        )
    joined = "\n".join(profile.runs)
    return units | {r for r in question.runs if len(r) >= MIN_CHARS and r in joined}


def _brand_pieces(run: str, brand: str) -> Iterable[str]:
    """The quoted name itself, or its longest pieces of WRITTEN_CHARS or more, found in `run`.

    A Chinese question runs a name into the sentence ("出海护航的主动维权保障"). Only the
    quoted part of a Chinese title is a name: the rest ("大湾区住院计划",
    "中小企业出口信用保险") is how every such plan describes itself.
    """
    if len(brand) >= MIN_CHARS and brand in run:
        yield brand
        return
    start = 0
    while start <= len(run) - WRITTEN_CHARS:
        end = start + WRITTEN_CHARS
        if run[start:end] not in brand:
            start += 1
            continue
        while end < len(run) and run[start : end + 1] in brand:
            end += 1
        yield run[start:end]
        start = end


def _openings(run: str, name: str) -> Iterable[str]:
    """Where `run` writes the start of an unquoted Chinese name, that start, if longer than
    WRITTEN_CHARS: "湾区安享的退保" names 「湾区安享递延年金计划」 by its brand, and "前海长青的" its
    insurer, while "养老保险" inside "前海长青养老保险" is how any such plan describes itself."""
    for start in range(len(run) - WRITTEN_CHARS):
        end = start
        while end < len(run) and end - start < len(name) and run[end] == name[end - start]:
            end += 1
        if end - start > WRITTEN_CHARS:
            yield run[start:end]


def _chinese_question(query_words: list[str], query_runs: list[str]) -> bool:
    return len(query_words) < sum(len(r) for r in query_runs)


def _spellings(run: str) -> Iterable[str]:
    """Every romanised spelling of each two-character window of `run` ("龍華" → "longwa", "longhua", …)."""
    for i in range(len(run) - 1):
        for first in readings(run[i]):
            for second in readings(run[i + 1]):
                yield first + second


def _joined_from_each_word(words: tuple[str, ...] | list[str]) -> Iterable[str]:
    """ "tai mo shan" → "taimoshan", "moshan", "shan": where a romanised name may start."""
    for start in range(len(words)):
        yield "".join(words[start : start + 4])[:_KEY_LETTERS]


_KEY_LETTERS = 14


class NameIndex:
    """Document name profiles, indexed so that a question is aligned only with likely documents."""

    def __init__(self, profiles: dict[str, Profile]) -> None:
        self.profiles = profiles
        self._by_word: dict[str, set[str]] = {}
        self._by_bigram: dict[str, set[str]] = {}
        self._by_joined_prefix: dict[str, set[str]] = {}
        self._by_spelling: dict[str, set[str]] = {}
        for doc_id, profile in profiles.items():
            for word in profile.words:
                self._by_word.setdefault(word, set()).add(doc_id)
            for run in profile.runs:
                for i in range(len(run) - 1):
                    self._by_bigram.setdefault(run[i : i + 2], set()).add(doc_id)
            for joined in _joined_from_each_word(profile.name_words):
                for end in range(MIN_CHARS, len(joined) + 1):
                    self._by_joined_prefix.setdefault(joined[:end], set()).add(doc_id)
            for run in profile.name_runs:
                for spelling in _spellings(run):
                    self._by_spelling.setdefault(spelling, set()).add(doc_id)
        # A short opening names its profile only where no other profile writes those characters.
        self._short_openings = {
            doc_id: frozenset(o for o in profile.short_openings if self._by_bigram.get(o) == {doc_id})
            for doc_id, profile in profiles.items()
        }

    def _candidates(self, question: _Query) -> list[str]:
        """The documents sharing a key with the question, most strongly first (each key weighs its
        rarity, once however often the question writes it), at most MAX_CANDIDATES; ties in the
        order of the document ids, so the choice is the same on every run."""
        found: dict[str, float] = {}
        seen: set[int] = set()
        # A key most documents share ("保险", "plan") would make every document a candidate, and
        # names that common score nothing anyway: among thousands of documents it would only be
        # work for nothing.
        total = len(self.profiles)
        common = _most_named(total)

        def add(postings: set[str] | None) -> None:
            if not postings or len(postings) > common or id(postings) in seen:
                return
            seen.add(id(postings))
            weight = math.log(1 + total / len(postings))
            for doc_id in postings:
                found[doc_id] = found.get(doc_id, 0.0) + weight

        for word in question.proper_nouns + (question.words if question.chinese else []):
            add(self._by_word.get(word))
        for run in question.runs:
            for i in range(len(run) - 1):
                add(self._by_bigram.get(run[i : i + 2]))
            for spelling in _spellings(run):
                add(self._by_joined_prefix.get(spelling))
        for joined in _joined_from_each_word(question.proper_nouns):
            for end in range(MIN_CHARS, len(joined) + 1):
                add(self._by_spelling.get(joined[:end]))
        ranked = sorted(found, key=lambda d: (-found[d], d))
        return ranked[:MAX_CANDIDATES]

    def score(self, query: str) -> dict[str, float]:
        return self.match(query).scores

    def match(self, query: str) -> NameMatch:
        """Score each document by the names of it the query mentions, 0–1 (1: the best-named).

        Each shared name weighs its inverse document frequency among the profiles,
        so "Tai Mo Shan" counts and "GBA" or "保险" hardly do. Only the MAX_CANDIDATES
        documents sharing the rarest keys with the query are aligned with it
        (`_candidates`): the answer depends on the query and the profiles alone.
        """
        # A place in a name ("… for Hong Kong Exporters") says where the plan is sold: a question
        # naming the place names no plan by it. The name's own part does ("Harbour Shield").
        question = _Query.of(without_places(query))
        shared: dict[str, set[str]] = {}
        spans: dict[str, set[str]] = {}
        for doc_id in self._candidates(question):
            profile = self.profiles[doc_id]
            written = _written_names(question, profile) | {
                o for o in self._short_openings[doc_id] if any(o in run for run in question.runs)
            }
            units = written | _romanised_units(question, profile, spans)
            if units:
                shared[doc_id] = units
                for unit in written:
                    spans.setdefault(unit, set()).add(unit)
        frequency: dict[str, int] = {}
        for units in shared.values():
            for unit in units:
                frequency[unit] = frequency.get(unit, 0) + 1
        total = len(self.profiles)

        def weight(unit: str) -> float:
            if frequency[unit] > _most_named(total):
                return 0.0
            return math.log(1 + total / frequency[unit]) * _length_weight(unit)

        scores = {doc_id: _mention_score(units, spans, weight) for doc_id, units in shared.items()}
        best = max(scores.values(), default=0.0)
        if not best:
            return NameMatch({}, set())
        counted = {u for u, n in frequency.items() if n <= _most_named(total)}
        return NameMatch(
            {d: score / best for d, score in scores.items() if score > 0},
            {span for unit in counted for span in spans.get(unit, ())},
            {d: frozenset(units & counted) for d, units in shared.items() if scores[d] > 0},
            {
                d: frozenset(span for unit in units & counted for span in spans.get(unit, {unit}))
                for d, units in shared.items()
                if scores[d] > 0
            },
        )


@dataclass(frozen=True)
class NameMatch:
    scores: dict[str, float]
    spans: set[str]  # the query's words and characters that named a document
    units: dict[str, frozenset[str]] = field(default_factory=dict)  # each scored document's names found
    # Each scored document's words and characters of the query that named it.
    named_by: dict[str, frozenset[str]] = field(default_factory=dict)

    def distinct(self) -> dict[str, float]:
        """The scores less each document named only by names a better-named one shares: "Tsing Yi
        Senior Hospital Plan" names the senior plan, not also "Tai Po GBA Hospital Plan" by the
        words the two names share, and 「雙灣安心」 names Twin-Bay, not also 「跨境安心」 by the
        安心 inside it; nor "Hong Kiu Tung" (康橋通) also the insurer "Tung Chung …" by the syllable the
        two share: a document named only by words of the query that name a better-named one better.
        Documents named by the same names alone all stay."""
        return {
            d: score
            for d, score in self.scores.items()
            if not any(
                other != d
                and better > score
                and (
                    _within(self.units.get(d, frozenset()), self.units.get(other))
                    or _within_mention(self.named_by.get(d, frozenset()), self.named_by.get(other))
                )
                for other, better in self.scores.items()
            )
        }

    def strip(self, query: str) -> str:
        """The question without its names: what it asks about the named documents."""
        text = to_simplified(normalise(query).replace("'", ""))
        for span in sorted(self.spans, key=len, reverse=True):
            pattern = re.escape(span) if _HAN_RUN.fullmatch(span) else rf"\b{re.escape(span)}\b"
            text = re.sub(pattern, " ", text, flags=re.IGNORECASE)
        stripped = re.sub(r"\s+", " ", text).strip()
        return stripped if len(stripped) >= 4 else query


def _within(names: frozenset[str], others: frozenset[str] | None) -> bool:
    """Every name found is one of `others` or part of one (安心 of 双湾安心)."""
    return bool(others) and all(any(name in other for other in others or ()) for name in names)


def _within_mention(words: frozenset[str], others: frozenset[str] | None) -> bool:
    """Every query word or character run in `words` is, or is part of, one in `others`."""
    return bool(words) and bool(others) and all(any(_overlap({w}, {o}) for o in others or ()) for w in words)


def _mention_score(units: set[str], spans: dict[str, set[str]], weight: Callable[[str], float]) -> float:
    """Sum of the best unit of each mention: units spelt by overlapping parts of the question are one.

    "Kuajing Anxin" matches as the words "kuajing" and "anxin" and, romanised, as "跨境安心":
    one name mentioned once, which must not outweigh a one-word name ("MarketMate").
    """
    groups: list[tuple[set[str], float]] = []
    for unit in sorted(units, key=weight, reverse=True):
        mine = spans.get(unit) or {unit}
        group = next((g for g in groups if _overlap(g[0], mine)), None)
        if group is None:
            groups.append((set(mine), weight(unit)))
        else:
            group[0].update(mine)
    return sum(best for _, best in groups)


def _overlap(left: set[str], right: set[str]) -> bool:
    return any(
        a == b or (_HAN_RUN.fullmatch(a) and _HAN_RUN.fullmatch(b) and (a in b or b in a))
        for a in left
        for b in right
    )


def _length_weight(unit: str) -> float:
    # A three-character name ("大帽山") is stronger evidence than a two-character word.
    return 1.0 + 0.25 * max(0, len(unit) - MIN_CHARS) if _HAN_RUN.fullmatch(unit) else 1.0
