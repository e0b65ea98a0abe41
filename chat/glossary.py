"""Insurance vocabulary in Chinese and English, so a question can be matched to a document in the other script.

The vocabulary is data (chat/data/glossary.yaml): keys are Simplified Chinese (questions
are folded to Simplified before lookup), values the English terms plan documents use. This
is domain vocabulary, not the wording of any one document.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.language import to_simplified, to_traditional
from knowledge.text import fold_cantonese

GLOSSARY_FILE = Path(__file__).resolve().parent / "data" / "glossary.yaml"


def _load() -> tuple[dict[str, str], dict[str, tuple[str, ...]], dict[str, str], dict[str, str]]:
    data = yaml.safe_load(GLOSSARY_FILE.read_text(encoding="utf-8"))
    terms = {to_simplified(str(zh)): str(en) for zh, en in data["terms"].items()}
    places = {to_simplified(str(zh)): tuple(str(f) for f in forms) for zh, forms in data["places"].items()}
    labels = {to_simplified(str(zh)): str(en) for zh, en in data["labels"].items()}
    synonyms = {}
    for group in data.get("synonyms") or []:
        words = [to_simplified(str(w)) for w in group]
        for word in words:
            synonyms[word] = "|".join(dict.fromkeys([word, *words]))
    return terms, places, labels, synonyms


# Chinese term (Simplified) → the English plan documents use ("deductible|excess"); countries and
# unions → the forms an English document uses. A question that names a country the documents never
# mention is declined: what they say of other countries says nothing of it. LABELS: a Chinese
# document's headings and table labels as an English reader is shown them.
# SYNONYMS: a Chinese term → the slot of every word of its group ("等候期|等待期").
TERMS, PLACES, LABELS, SYNONYMS = _load()
_LONGEST_FIRST = tuple(sorted(TERMS, key=len, reverse=True))
# A label's numbering ("一、", "3.", "第8條") and the marks around it.
_LABEL_NUMBER = re.compile(r"^\s*(第?[\d一二三四五六七八九十]+[、.．条條章節节]?\s*|[（(][\w]{1,3}[)）]\s*)")
_LABEL_PARTS = re.compile(r"[、，,及和与與/／]|以及")


def label(text: str) -> str | None:
    """A Chinese heading or table label in English ("保障限額、自負額及等候期" → "Limit, deductible
    and waiting period"), or None when a part of it is not in the glossary's labels or terms."""
    folded = _LABEL_NUMBER.sub("", to_simplified(text)).strip(" ：:　")
    parts = [p.strip() for p in _LABEL_PARTS.split(folded) if p.strip()]
    english = [LABELS.get(p) or TERMS.get(p, "").split("|")[0] for p in parts]
    if not parts or not all(english):
        return None
    words = [english[0], *(e[0].lower() + e[1:] for e in english[1:])]
    head = words[0][0].upper() + words[0][1:]
    if len(words) == 1:
        return head
    return f"{', '.join([head, *words[1:-1]])} and {words[-1]}"


def _chinese_labels() -> dict[str, str]:
    """English label or term (lower case) → its Simplified Chinese, the file's first for each."""
    chinese: dict[str, str] = {}
    for zh, en in [*LABELS.items(), *TERMS.items()]:
        for alternative in en.split("|"):
            chinese.setdefault(alternative.strip().lower(), zh)
    return chinese


CHINESE_LABELS = _chinese_labels()
_ENGLISH_PARTS = re.compile(r"\s*(?:,|&|/|\band\b)\s*")
# What an English label is of, in brackets ("Annual premiums (HK$, deductible HK$0)"), stays as
# written: only the label before it is put in Chinese.
_ENGLISH_LABEL = re.compile(r"^(?P<label>[A-Za-z][A-Za-z '-]*?)\s*(?P<rest>\(.*\))?\s*:?\s*$")


def _chinese_of(english: str) -> str | None:
    """A label's Chinese, its plural read as the singular ("Waiting periods")."""
    english = english.strip().lower()
    return CHINESE_LABELS.get(english) or (
        CHINESE_LABELS.get(english[:-1]) if english.endswith("s") else None
    )


def label_in_chinese(text: str) -> str | None:
    """An English heading or table label in Simplified Chinese ("Age" → "年龄", "Room and board"
    → "每日房租及膳食"), or None when a part of it is not in the glossary: then it is quoted as written."""
    match = _ENGLISH_LABEL.match(text.strip())
    if not match:
        return None
    whole = _chinese_of(match["label"])
    parts = [p for p in _ENGLISH_PARTS.split(match["label"].lower()) if p]
    chinese: list[str | None] = [whole] if whole else [_chinese_of(p) for p in parts]
    if not chinese or not all(chinese):
        return None
    return "、".join(c for c in chinese if c) + (f" {match['rest']}" if match["rest"] else "")


def label_for(text: str, written_in: str, reader: str) -> str | None:
    """A document's heading or table label in the reader's language, when the reader's language
    is not the document's and the glossary renders the label; None: quote it as written."""
    if reader == "en" and written_in.startswith("zh"):
        return label(text)
    if reader.startswith("zh") and written_in == "en":
        chinese = label_in_chinese(text)
        return to_traditional(chinese) if chinese and reader == "zh-Hant" else chinese
    return None


# "isn't covered", "won’t pay": the negation is a word of the phrase ("not covered", "not pay").
_NOT = re.compile(r"n['’]t\b")


def _folded_words(text: str) -> str:
    """Lower-case words with plurals folded and negations spelt out, space-padded, for matching
    English phrases."""
    words = re.findall(r"[a-z][a-z'-]*|\d+", _NOT.sub(" not", text.lower()))
    return (
        " "
        + " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)
        + " "
    )


# English phrase (folded) → its Chinese renderings. A phrase matches whole ("credit limit"), so
# "and" or "rate" alone never brings in "room and board" or "internal rate of return".
_REVERSE: dict[str, list[str]] = {}
for _zh, _en in [*TERMS.items(), *((zh, "|".join(forms)) for zh, forms in PLACES.items())]:
    for _alternative in _en.split("|"):
        if len(_alternative) > 3:
            _REVERSE.setdefault(_folded_words(_alternative), []).append(_zh)


# A question puts its subject between the negation and the verb ("won't Twin-Bay pay for",
# "doesn't the plan cover"): a phrase opening with "not" matches across up to this many words.
NEGATION_GAP = 3
_NEGATED = {
    phrase: re.compile(rf" not (?:\S+ ){{0,{NEGATION_GAP}}}{re.escape(phrase[len(' not ') :])}")
    for phrase in _REVERSE
    if phrase.startswith(" not ")
}


def _english_phrases(question: str) -> list[str]:
    """The glossary's English phrases in `question`, none inside a longer one found ("cover" of
    "not cover", "death" of "death benefit": the longer phrase is what is asked)."""
    folded = _folded_words(question)
    found = [
        phrase
        for phrase in _REVERSE
        if phrase in folded or (phrase in _NEGATED and _NEGATED[phrase].search(folded))
    ]
    return [p for p in found if not any(p != other and p in other for other in found)]


@functools.cache
def _english_forms() -> dict[str, frozenset[str]]:
    """An English word of the glossary (plural folded) → every English form of the terms it renders
    ("exclude" → exclusion, excluded, not covered…)."""
    forms: dict[str, set[str]] = {}
    for english in TERMS.values():
        alternatives = {_folded_words(a).strip() for a in english.split("|")}
        for alternative in alternatives:
            if " " not in alternative:
                forms.setdefault(alternative, set()).update(alternatives)
    return {word: frozenset(found) for word, found in forms.items()}


def english_forms(word: str) -> frozenset[str]:
    """The English forms a heading may write `word` in, as the glossary renders one term: "What is
    not covered" is the section "exclusions" asks for ("" forms: none besides itself)."""
    return _english_forms().get(word, frozenset())


def synonyms(term: str) -> str:
    """A Chinese term as one slot with the words of its synonym group ("等候期|等待期"), or itself."""
    return SYNONYMS.get(term, term)


def translations(question: str) -> str:
    """The other script's words for the domain terms in `question`, space-separated."""
    folded = to_simplified(question.lower())
    english = [en.replace("|", " ") for zh, en in TERMS.items() if zh in folded]
    english += [forms[0] for zh, forms in PLACES.items() if zh in folded]
    chinese = [zh for phrase in _english_phrases(question) for zh in _REVERSE[phrase]]
    return " ".join(english + chinese)


def slots(question: str) -> tuple[list[list[str]], list[tuple[str, str]]]:
    """The question's glossary terms as the other script writes them.

    English: per Chinese term, a list of its alternative English phrases ("operation",
    "surgery"); Chinese: per English phrase, the phrase and its Chinese renderings joined by "|".
    """
    english = [c.other.split("|") for c in concepts(question) if not c.any_word]
    chinese = [(c.term, c.other.replace(" ", "|")) for c in concepts(question) if c.any_word]
    return english, chinese


@dataclass(frozen=True)
class Concept:
    """One domain term of a question, as the other script writes it.

    For a Chinese term, `other` is its English phrase (most of whose words must occur);
    for an English word, its Chinese renderings (any one will do).
    """

    term: str
    other: str
    any_word: bool


def concepts(question: str) -> list[Concept]:
    """The question's glossary terms, longest first, none inside a longer one; written Cantonese is
    read as standard written Chinese first (knowledge/data/cantonese.tsv: 生仔 → 生育)."""
    return list(_concepts(question))


# A question and its parts are read for concepts about five times a question.
@functools.lru_cache(maxsize=4096)
def _concepts(question: str) -> tuple[Concept, ...]:
    folded = fold_cantonese(question)
    found: list[Concept] = []
    taken: list[tuple[int, int]] = []
    for zh in _LONGEST_FIRST:
        start = folded.find(zh)
        if start < 0 or any(a < start + len(zh) and start < b for a, b in taken):
            continue
        taken.append((start, start + len(zh)))
        found.append(Concept(zh, TERMS[zh], any_word=False))
    for phrase in _english_phrases(question):
        found.append(Concept(phrase.strip(), " ".join(_REVERSE[phrase]), any_word=True))
    return tuple(found)


def places(question: str) -> list[tuple[str, ...]]:
    """Each country the question names, as every form that would count as the documents naming it."""
    folded = to_simplified(question.lower())
    named = []
    for zh, forms in PLACES.items():
        english = any(re.search(rf"(?<![a-z]){re.escape(f)}(?![a-z])", folded) for f in forms if len(f) > 3)
        short = any(re.search(rf"\b{re.escape(f.upper())}\b", question) for f in forms if len(f) <= 3)
        if zh in folded or english or short:
            named.append((zh, *forms))
    # 印度尼西亚 contains 印度: the longer name is the one meant.
    return [p for p in named if not any(p[0] != q[0] and p[0] in q[0] for q in named)]
