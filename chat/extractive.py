"""The offline composer: picks the sentences and table rows that answer the question, and cites each.

A unit (a sentence, or one row of a table as the loader renders it) is scored by
how much of the question's informative vocabulary it shares (IDF-weighted over
the retrieved units) plus its multilingual embedding similarity to the question,
which is what carries a Cantonese question to an English table row. A question
whose salient words the documents never mention is declined rather than
answered with a near miss.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from chat import glossary
from knowledge.embeddings import get_embeddings
from knowledge.lexical import tokenize
from knowledge.retrieval import RetrievedChunk

# Weights of the two signals and the bar a unit must clear to be quoted.
LEXICAL_WEIGHT = 0.55
SEMANTIC_WEIGHT = 0.45
MIN_SCORE = 0.30
# Across scripts the bar is on the embedding's cosine alone.
MIN_COSINE = 0.25
# A unit within this share of the best one is quoted too (up to MAX_UNITS per document).
KEEP_RATIO = 0.70
MAX_UNITS = 4
# Units that carry a figure answer "how much / how long" questions; they get a small lift.
FIGURE_BONUS = 0.06
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
        "多少",
        "几多",
        "多久",
        "几耐",
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
    ]
)
_SPLIT = re.compile(r"(?<=[.!?。！？])\s+|(?<=[。！？])|\n+")
_FIGURE = re.compile(r"\d")


@dataclass(frozen=True)
class Unit:
    chunk: RetrievedChunk
    text: str
    order: int


@dataclass(frozen=True)
class Pick:
    unit: Unit
    score: float


def units_of(chunks: Sequence[RetrievedChunk]) -> list[Unit]:
    seen: set[str] = set()
    units: list[Unit] = []
    for chunk in chunks:
        for piece in _SPLIT.split(chunk.text):
            text = piece.strip()
            if len(text) < 6 or text in seen or text.lower().startswith("sample document for testing"):
                continue
            seen.add(text)
            units.append(Unit(chunk, text, len(units)))
    return units


def terms_of(text: str) -> list[str]:
    """Tokens with English plurals folded ("periods" matches "period")."""
    return [
        t[:-1] if len(t) > 4 and t.endswith("s") and t.isascii() and not t.endswith("ss") else t
        for t in tokenize(text)
    ]


def salient_terms(question: str, names: Sequence[str]) -> list[str]:
    """The question's words that are about its subject: not generic, not part of a document's name."""
    name_tokens = {t for name in names for t in terms_of(name)}
    return [
        t
        for t in dict.fromkeys(terms_of(question))
        if t not in _GENERIC and t not in name_tokens and len(t) > 1
    ]


def without_names(question: str, names: Sequence[str]) -> str:
    words = sorted(
        {w for name in names for w in re.findall(r"[A-Za-z][A-Za-z'-]{3,}", name)}, key=len, reverse=True
    )
    stripped = question
    for name in sorted((n for n in names if n), key=len, reverse=True):
        stripped = re.sub(re.escape(name), " ", stripped, flags=re.IGNORECASE)
    for word in words:
        if word.lower() not in _GENERIC:
            stripped = re.sub(rf"\b{re.escape(word)}\b", " ", stripped, flags=re.IGNORECASE)
    return stripped if stripped.strip() else question


_vectors: dict[str, list[float]] = {}
_vectors_lock = threading.Lock()
# Units recur across questions (the same documents): their vectors are computed once.
VECTOR_CACHE_SIZE = 50_000


def _embed(texts: list[str]) -> list[list[float]]:
    with _vectors_lock:
        missing = [t for t in dict.fromkeys(texts) if t not in _vectors]
    if missing:
        computed = get_embeddings().embed_documents(missing)
        with _vectors_lock:
            if len(_vectors) > VECTOR_CACHE_SIZE:
                _vectors.clear()
            _vectors.update(zip(missing, computed, strict=True))
    with _vectors_lock:
        return [_vectors[t] if t in _vectors else get_embeddings().embed_query(t) for t in texts]


def _cosines(question: str, texts: list[str]) -> list[float]:
    if not texts:
        return []
    query, *vectors = _embed([question, *texts])
    query_norm = math.sqrt(sum(x * x for x in query)) or 1.0
    result = []
    for vector in vectors:
        norm = math.sqrt(sum(x * x for x in vector)) or 1.0
        result.append(sum(a * b for a, b in zip(query, vector, strict=True)) / (query_norm * norm))
    return result


def rank_units(question: str, units: list[Unit], names: Sequence[str], *, chinese: bool) -> list[Pick]:
    """Every unit with its combined score, best first; across scripts only the embedding can judge."""
    # Across scripts the question's domain terms are looked up in the other language too.
    terms = salient_terms(question, names)
    translated = salient_terms(f"{question} {glossary.translations(question)}", names)
    unit_terms = [set(terms_of(u.text)) for u in units]
    frequency = Counter(t for ts in unit_terms for t in ts)
    total = len(units) + 1

    def idf(term: str) -> float:
        return math.log(1 + total / (1 + frequency[term]))

    # The question's subject, without the product's names: otherwise a unit that merely names the
    # product (an overview line) looks like the answer to every question about it.
    cosines = _cosines(without_names(question, names), [u.text for u in units])
    wants_figure = bool(
        re.search(
            r"how (much|many|long|far)|what (percentage|rate|limit|age)|多少|几多|幾多|幾耐|几耐|多久|百分之|几|幾",
            question.lower(),
        )
    )
    picks = []
    for unit, terms_here, cosine in zip(units, unit_terms, cosines, strict=True):
        # A unit in the question's script is matched on its words; in the other script, on the
        # glossary's translations of them as well, and the embedding alone may carry it.
        same_script = (unit.chunk.language != "en") == chinese
        asked = terms if same_script else translated
        best = sum(idf(t) for t in asked) or 1.0
        lexical = sum(idf(t) for t in asked if t in terms_here) / best
        semantic = max(cosine, 0.0)
        score = LEXICAL_WEIGHT * lexical + SEMANTIC_WEIGHT * semantic
        if not same_script:
            score = max(score, semantic)
        if wants_figure and _FIGURE.search(unit.text):
            score += FIGURE_BONUS
        picks.append(Pick(unit, score))
    picks.sort(key=lambda p: (-p.score, p.unit.order))
    return picks


def choose(picks: list[Pick], doc_ids: Sequence[str], min_score: float) -> list[Pick]:
    """Per document asked about, its best units that clear the bar and come close to its best."""
    chosen: list[Pick] = []
    for doc_id in doc_ids:
        mine = [p for p in picks if p.unit.chunk.doc_id == doc_id]
        if not mine or mine[0].score < min_score:
            continue
        top = mine[0].score
        chosen.extend(p for p in mine[:MAX_UNITS] if p.score >= max(min_score, KEEP_RATIO * top))
    return chosen


def unmentioned(question: str, chunks: Sequence[RetrievedChunk], names: Sequence[str]) -> list[str]:
    """Salient question words that no retrieved text contains (only meaningful within one script)."""
    vocabulary = {t for c in chunks for t in terms_of(c.text)}
    return [t for t in salient_terms(question, names) if t not in vocabulary]


def citation(pick: Pick) -> dict[str, Any]:
    return {**pick.unit.chunk.citation(), "quote": pick.unit.text}
