"""From a visitor's message to a grounded, cited answer in their language.

The pipeline is a LangChain runnable: detect language → detect intent → retrieve →
compose. The offline composer is extractive: it quotes the sentences and table
rows that best match the question, from the best-matching document, and cites each.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from langchain_core.runnables import RunnableLambda

from chat import messages
from chat.intents import detect_intent
from knowledge.language import detect_language, to_simplified
from knowledge.lexical import tokenize
from knowledge.retrieval import RetrievedChunk, retrieve

MIN_SUPPORT = 0.34
MAX_SENTENCES = 3


@dataclass
class Answer:
    text: str
    language: str
    kind: str
    citations: list[dict[str, Any]] = field(default_factory=list)
    enquiry: dict[str, Any] | None = None
    chunks: list[RetrievedChunk] = field(default_factory=list)


def _understand(state: dict[str, Any]) -> dict[str, Any]:
    question = state["question"]
    language = state.get("language") or detect_language(question)
    intent = detect_intent(to_simplified(question.lower()))
    return {**state, "language": language, "intent": intent}


def _retrieve(state: dict[str, Any]) -> dict[str, Any]:
    if state["intent"] in {"complaint", "handoff"}:
        return {**state, "chunks": []}
    return {**state, "chunks": retrieve(state["question"], k=6)}


def _compose(state: dict[str, Any]) -> Answer:
    language, intent, chunks = state["language"], state["intent"], state["chunks"]
    if intent in {"complaint", "handoff", "refusal", "quote"}:
        return Answer(messages.fixed_reply(intent, language), language, intent, chunks=chunks)
    return compose_extractive(state["question"], chunks, language)


pipeline = RunnableLambda(_understand) | RunnableLambda(_retrieve) | RunnableLambda(_compose)


def answer_question(question: str, *, language: str | None = None) -> Answer:
    result: Answer = pipeline.invoke({"question": question, "language": language})
    return result


_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+|\n+")


def _sentences(chunk: RetrievedChunk) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(chunk.text) if len(s.strip()) > 3]


def compose_extractive(question: str, chunks: list[RetrievedChunk], language: str) -> Answer:
    """Quote the best-supported sentences of the top document, or say the documents don't answer."""
    query_terms = set(tokenize(question))
    if not chunks or not query_terms:
        return _no_answer(language)
    doc_id = chunks[0].doc_id
    candidates = [(c, s) for c in chunks if c.doc_id == doc_id for s in _sentences(c)]
    document_frequency = Counter(t for _, s in candidates for t in set(tokenize(s)))
    total = max(len(candidates), 1)

    def support(sentence: str) -> float:
        terms = set(tokenize(sentence)) & query_terms
        weight = sum(math.log(1 + total / document_frequency[t]) for t in terms)
        best = sum(math.log(1 + total / max(document_frequency[t], 1)) for t in query_terms)
        return weight / best if best else 0.0

    scored = sorted(
        ((support(s), i, c, s) for i, (c, s) in enumerate(candidates)), key=lambda x: (-x[0], x[1])
    )
    chosen = [item for item in scored[:MAX_SENTENCES] if item[0] >= MIN_SUPPORT]
    if not chosen:
        return _no_answer(language, chunks)
    chosen.sort(key=lambda x: x[1])
    citations: list[dict[str, Any]] = []
    lines = []
    for _, _, chunk, sentence in chosen:
        citation = {**chunk.citation(), "quote": sentence}
        if citation not in citations:
            citations.append(citation)
        lines.append(f"{sentence} [{len(citations)}]")
    intro = messages.answer_intro(language, chunks[0].title, chunks[0].insurer)
    return Answer(intro + "\n" + "\n".join(lines), language, "answer", citations, chunks=chunks)


def _no_answer(language: str, chunks: list[RetrievedChunk] | None = None) -> Answer:
    return Answer(messages.fixed_reply("no_answer", language), language, "no_answer", chunks=chunks or [])
