"""What the documents asked about say of a question's subject: facts the answer model weighs.

How much of the question's subject vocabulary a document uses (in its own script,
or through the glossary in the other), and whether the question names a place,
hospital or kind of cover the document never mentions. chat.scoring turns these
into features; the fitted model, not a rule here, decides whether to decline.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from chat import extractive, glossary
from knowledge import places
from knowledge.language import to_simplified
from knowledge.retrieval import RetrievedChunk

# "… Hospital", "… Medical Centre": a named hospital, in either script.
_HOSPITAL_EN = re.compile(r"((?:[A-Z][\w'&.-]*\s+){1,6})(?:Hospital|Medical Cent(?:re|er)|Clinic)\b")
_HOSPITAL_ZH = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:医院|医疗中心|诊所)")
WORDS_FILE = Path(__file__).resolve().parent / "data" / "grounding_words.yaml"


@functools.cache
def _words_data() -> dict[str, Any]:
    return dict(yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8")))


@functools.cache
def _kind_of_hospital() -> frozenset[str]:
    """Words before 医院 that say what kind of hospital, not which one (data file)."""
    return frozenset(_words_data()["kind_of_hospital"])


@functools.cache
def _before_name() -> re.Pattern[str]:
    """Everything up to the last character that ends what precedes a hospital's name (data file)."""
    return re.compile(rf".*[{re.escape(_words_data()['before_name'])}]")


def names_unknown(
    question: str,
    chunks: Sequence[RetrievedChunk],
    same_script: Sequence[RetrievedChunk],
    names: Sequence[str],
) -> bool:
    """The question names a country, hospital or kind of cover that the documents never mention."""
    return (
        _unnamed_place(question, chunks)
        or _unknown_hospital(question, chunks, names)
        or _unknown_kind_of_cover(question, same_script)
    )


def coverage(question: str, chunks: Sequence[RetrievedChunk], names: Sequence[str], fewest: int = 1) -> float:
    terms = extractive.salient_terms(question, names)
    if len(terms) < fewest:
        return 1.0
    return 1 - len(extractive.unmentioned(question, chunks, names)) / len(terms)


def translated_coverage(
    question: str, chunks: Sequence[RetrievedChunk], names: Sequence[str], fewest: int = 1
) -> float:
    """The share of the question's glossary concepts the other-script documents use."""
    concepts = glossary.concepts(question)
    name_words = {t for name in names for t in extractive.terms_of(name)}
    vocabulary = frozenset().union(*(extractive.chunk_words(c)[1] for c in chunks))
    folded = _folded(chunks)
    checked = found = 0

    def present(words: list[str]) -> list[str]:
        return [
            w for w in words if w in vocabulary or ((extractive.is_chinese(w) or "-" in w) and w in folded)
        ]

    for concept in concepts:
        if concept.any_word:
            # An English term: any one of its Chinese renderings will do.
            renderings = [[w] for w in concept.other.split() if w not in name_words]
        else:
            # A Chinese term: most words of any one of its English renderings.
            renderings = [_words(a, name_words) for a in concept.other.split("|")]
        renderings = [r for r in renderings if r]
        if not renderings:
            continue
        checked += 1
        found += any(len(present(r)) * 2 >= len(r) for r in renderings)
    # The question's other words, through the general lexicon: any one rendering will do.
    english = not any(c.language != "en" for c in chunks)
    for slot in extractive.lexicon_slots(question, names)[not english]:
        checked += 1
        found += any(_used(a, vocabulary, folded) for a in slot.split("|"))
    return found / checked if checked >= fewest else 1.0


def _used(rendering: str, vocabulary: frozenset[str], folded: str) -> bool:
    """A rendering the documents use: a word of theirs, or a phrase or Chinese word in their text."""
    if " " in rendering:
        return re.search(rf"(?<![a-z]){re.escape(rendering)}(?![a-z])", folded) is not None
    return rendering in vocabulary or (extractive.is_chinese(rendering) and rendering in folded)


def _words(rendering: str, name_words: set[str]) -> list[str]:
    """A rendering's subject words; a hyphenated word ("non-guaranteed") must occur whole."""
    whole = re.findall(r"[a-z]+(?:-[a-z]+)+", rendering.lower())
    rest = re.sub(r"[a-z]+(?:-[a-z]+)+", " ", rendering.lower())
    return whole + [w for w in extractive.salient_terms(rest, ()) if w not in name_words]


def _unnamed_place(question: str, chunks: Sequence[RetrievedChunk]) -> bool:
    """A country the question names that the documents never mention (in either script), neither
    by name nor by a region containing it (knowledge.places: "欧洲" speaks of Germany). A region
    containing another place the question names is not asked for itself: understanding writes the
    regions of a named country into the query, for the search."""
    folded = _folded(chunks)
    asked = {p.code for p in places.places(question)}
    wider = {region for code in asked for region in places.containing(code)}
    return any(
        not any(_mentions(folded, form) or places.names_within(form, folded) for form in forms)
        for forms in glossary.places(question)
        if not {p.code for p in places.places(forms[0])} & wider
    )


def _folded(chunks: Sequence[RetrievedChunk]) -> str:
    """The documents' text with their section headings, lower-cased, in Simplified characters."""
    return " ".join(extractive.chunk_words(c)[0] for c in chunks)


def _mentions(folded: str, form: str) -> bool:
    if extractive.is_chinese(form):
        return form in folded
    return re.search(rf"(?<![a-z]){re.escape(form)}(?![a-z])", folded) is not None


def _unknown_hospital(question: str, chunks: Sequence[RetrievedChunk], names: Sequence[str]) -> bool:
    folded = _folded(chunks)
    own = to_simplified(" ".join(names).lower())
    for match in _HOSPITAL_EN.finditer(question):
        # "the Lantau Senior Hospital Plan" names the plan, not a hospital.
        name = match.group(1).strip().lower()
        if name not in own and match.group(0).strip().lower() not in folded:
            return True
    for match in _HOSPITAL_ZH.finditer(to_simplified(question)):
        if _unknown_words(_before_name().sub("", match.group(1)), folded):
            return True
    return False


def _unknown_words(name: str, folded: str) -> bool:
    """Whether a name keeps two or more characters once the words the documents use are taken out."""
    rest = name
    for word in sorted(extractive.terms_of(name), key=len, reverse=True):
        translated = glossary.TERMS.get(word)
        if len(word) > 1 and (word in folded or (translated and translated in folded)):
            rest = rest.replace(word, "")
    return len(rest) >= 2 and rest not in _kind_of_hospital()


# "pet insurance", "寵物保險": the kind of cover a question asks about.
_KIND_EN = re.compile(r"\b([a-z][a-z-]{2,})\s+(?:insurance|cover)\b")
_KIND_ZH = re.compile(r"([\u4e00-\u9fff]{2})(?:保险|险)")


@functools.cache
def _not_a_kind() -> re.Pattern[str]:
    """What cannot be a kind of insurance before "insurance/cover" or 险 (data file)."""
    words = _words_data()["not_a_kind"]
    english = "|".join(re.escape(w) for w in words["en_words"])
    return re.compile(rf"[{re.escape(words['zh_characters'])}]|^({english})$")


def _unknown_kind_of_cover(question: str, chunks: Sequence[RetrievedChunk]) -> bool:
    """A kind of insurance the documents (in the question's script) never mention: pet insurance
    asked of medical plans. Across scripts nothing can be concluded without a translation."""
    if not chunks:
        return False
    folded = _folded(chunks)
    simplified = to_simplified(question.lower())
    kinds = [m.group(1) for m in _KIND_EN.finditer(simplified)] + [
        m.group(1) for m in _KIND_ZH.finditer(simplified)
    ]
    return any(
        not _not_a_kind().search(kind) and kind not in extractive.GENERIC and not _mentions(folded, kind)
        for kind in kinds
    )
