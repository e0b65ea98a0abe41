"""What the documents asked about say of a question's subject: facts the answer model weighs.

How much of the question's subject vocabulary a document uses (in its own script,
or through the glossary in the other), and whether the question names a place,
hospital or kind of cover the document never mentions. chat.scoring turns these
into features; the fitted model, not a rule here, decides whether to decline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from chat import extractive, glossary
from knowledge import places
from knowledge.language import to_simplified
from knowledge.retrieval import RetrievedChunk

# "… Hospital", "… Medical Centre": a named hospital, in either script.
_HOSPITAL_EN = re.compile(r"((?:[A-Z][\w'&.-]*\s+){1,6})(?:Hospital|Medical Cent(?:re|er)|Clinic)\b")
_HOSPITAL_ZH = re.compile(r"([\u4e00-\u9fff]{2,12}?)(?:医院|医疗中心|诊所)")
# Words before 医院 that say what kind of hospital, not which one; and the words that end a name.
_KIND_OF_HOSPITAL = frozenset(
    [
        "网络",
        "网络内",
        "非网络",
        "指定",
        "私家",
        "私立",
        "公立",
        "合作",
        "认可",
        "本地",
        "当地",
        "其他",
        "任何",
        "所有",
    ]
)
_BEFORE_NAME = re.compile(r".*[喺在于去到的嘅有冇没吗哪边间家个及和与同或睇住]")


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
        if _unknown_words(_BEFORE_NAME.sub("", match.group(1)), folded):
            return True
    return False


def _unknown_words(name: str, folded: str) -> bool:
    """Whether a name keeps two or more characters once the words the documents use are taken out."""
    rest = name
    for word in sorted(extractive.terms_of(name), key=len, reverse=True):
        translated = glossary.TERMS.get(word)
        if len(word) > 1 and (word in folded or (translated and translated in folded)):
            rest = rest.replace(word, "")
    return len(rest) >= 2 and rest not in _KIND_OF_HOSPITAL


# "pet insurance", "寵物保險": the kind of cover a question asks about.
_KIND_EN = re.compile(r"\b([a-z][a-z-]{2,})\s+(?:insurance|cover)\b")
_KIND_ZH = re.compile(r"([\u4e00-\u9fff]{2})(?:保险|险)")
_NOT_A_KIND = re.compile(
    r"[的嘅个份款种类呢这那哪边咩乜啲买卖有冇买]"
    # "does it not cover", "also cover", "fully cover": words before the verb, not a kind of insurance.
    r"|^(this|that|the|your|my|our|any|which|what|some|an|of|for|not|also|only|still|fully|does|will|can)$"
)


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
        not _NOT_A_KIND.search(kind) and kind not in extractive.GENERIC and not _mentions(folded, kind)
        for kind in kinds
    )
