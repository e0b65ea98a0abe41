"""From a visitor's message to a grounded, cited answer in their language.

The pipeline is a LangChain runnable: understand (language, intent, follow-up
context) → retrieve → compose. The offline composer is extractive (chat.extractive);
with an OpenAI-compatible endpoint configured, chat.llm composes instead and falls
back to the extractive answer when its citations do not check out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from langchain_core.runnables import RunnableLambda

from chat import enquiry, extractive, messages
from chat.intents import detect_intent, is_comparison, is_follow_up
from knowledge.language import detect_language, to_simplified
from knowledge.retrieval import RetrievedChunk, retrieve

RETRIEVED_CHUNKS = 10
# A comparison looks further down the ranking for its second document.
COMPARISON_CHUNKS = 30
PER_DOCUMENT_CHUNKS = 6
# Within one script, a question most of whose subject words the documents never use is not answered.
MIN_COVERAGE = 0.5


@dataclass
class Answer:
    text: str
    language: str
    kind: str
    citations: list[dict[str, Any]] = field(default_factory=list)
    enquiry: dict[str, Any] | None = None
    chunks: list[RetrievedChunk] = field(default_factory=list)


@dataclass
class Draft:
    """What the composer works from: the question, its context and the evidence retrieved for it."""

    question: str
    query: str
    language: str
    intent: str
    comparison: bool
    chunks: list[RetrievedChunk]
    doc_ids: list[str]


def _understand(state: dict[str, Any]) -> dict[str, Any]:
    question: str = state["question"]
    history: Sequence[str] = state.get("history") or ()
    language = state.get("language") or detect_language(question)
    folded = to_simplified(question.lower())
    # A follow-up ("and the other plan?") is retrieved together with the question it follows.
    query = f"{history[-1]} {question}" if history and is_follow_up(folded) else question
    return {**state, "language": language, "intent": detect_intent(folded), "query": query}


def _retrieve(state: dict[str, Any]) -> Draft:
    intent, query = state["intent"], state["query"]
    comparison = is_comparison(to_simplified(query.lower()))
    wanted = COMPARISON_CHUNKS if comparison else RETRIEVED_CHUNKS
    chunks = [] if intent in {"complaint", "handoff", "quote"} else retrieve(query, k=wanted)
    doc_ids = _documents_asked_about(chunks, comparison)
    # Each document asked about gets a search of its own, so its best passages are all at hand.
    for doc_id in doc_ids:
        product = next(c.product for c in chunks if c.doc_id == doc_id)
        if product:
            extra = retrieve(query, k=PER_DOCUMENT_CHUNKS, product=product)
            chunks += [c for c in extra if c.doc_id == doc_id and c not in chunks]
    return Draft(state["question"], query, state["language"], intent, comparison, chunks, doc_ids)


def _documents_asked_about(chunks: list[RetrievedChunk], comparison: bool) -> list[str]:
    ranked = list(dict.fromkeys(c.doc_id for c in chunks))
    return ranked[: 2 if comparison else 1]


def _compose(draft: Draft) -> Answer:
    if draft.intent in {"complaint", "handoff"}:
        return Answer(messages.fixed_reply(draft.intent, draft.language), draft.language, draft.intent)
    if draft.intent == "quote":
        fields = enquiry.extract_fields(draft.query)
        text = messages.fixed_reply("quote", draft.language) + messages.missing_fields(
            fields["missing"], draft.language
        )
        return Answer(text, draft.language, "quote", enquiry=fields)
    if draft.intent == "refusal":
        return Answer(
            messages.fixed_reply("refusal", draft.language), draft.language, "refusal", chunks=draft.chunks
        )
    return compose_extractive(draft)


def compose_extractive(draft: Draft) -> Answer:
    """Quote the best-supported sentences and rows of each document asked about, or decline."""
    if not draft.chunks or not draft.doc_ids:
        return no_answer(draft.language)
    names = _names(draft.chunks)
    same_script = _same_script(draft)
    if same_script and not draft.comparison and _coverage(draft, names) < MIN_COVERAGE:
        return no_answer(draft.language, draft.chunks)
    units = extractive.units_of([c for c in draft.chunks if c.doc_id in draft.doc_ids])
    ranked = extractive.rank_units(draft.question, units, names, chinese=draft.language != "en")
    # In a comparison each document was asked about by name: its best passages are shown.
    bar = 0.0 if draft.comparison else extractive.MIN_SCORE if same_script else extractive.MIN_COSINE
    chosen = extractive.choose(ranked, draft.doc_ids, bar)
    if not chosen:
        return no_answer(draft.language, draft.chunks)
    citations: list[dict[str, Any]] = []
    lines: list[str] = []
    for doc_id in draft.doc_ids:
        picks = sorted((p for p in chosen if p.unit.chunk.doc_id == doc_id), key=lambda p: p.unit.order)
        if not picks:
            continue
        first = picks[0].unit.chunk
        lines.append(messages.answer_intro(draft.language, first.title, first.insurer))
        for pick in picks:
            citations.append(extractive.citation(pick))
            lines.append(f"• {pick.unit.text} [{len(citations)}]")
    return Answer("\n".join(lines), draft.language, "answer", citations, chunks=draft.chunks)


def _names(chunks: Sequence[RetrievedChunk]) -> list[str]:
    return list({n for c in chunks for n in (c.title, c.insurer, c.product.replace("-", " "))})


def _same_script(draft: Draft) -> bool:
    question_is_chinese = draft.language != "en"
    return all((c.language != "en") == question_is_chinese for c in draft.chunks if c.doc_id in draft.doc_ids)


def _coverage(draft: Draft, names: Sequence[str]) -> float:
    terms = extractive.salient_terms(draft.question, names)
    if not terms:
        return 1.0
    missing = extractive.unmentioned(
        draft.question, [c for c in draft.chunks if c.doc_id in draft.doc_ids], names
    )
    return 1 - len(missing) / len(terms)


def no_answer(language: str, chunks: list[RetrievedChunk] | None = None) -> Answer:
    return Answer(messages.fixed_reply("no_answer", language), language, "no_answer", chunks=chunks or [])


def _composer(draft: Draft) -> Answer:
    if settings.OPENAI_BASE_URL and draft.intent == "question":
        from chat import llm

        return llm.compose(draft, fallback=compose_extractive)
    return _compose(draft)


pipeline = RunnableLambda(_understand) | RunnableLambda(_retrieve) | RunnableLambda(_composer)


def answer_question(question: str, *, language: str | None = None, history: Sequence[str] = ()) -> Answer:
    result: Answer = pipeline.invoke({"question": question, "language": language, "history": list(history)})
    return result


def stream_answer(
    question: str, *, language: str | None = None, history: Sequence[str] = ()
) -> Iterator[str | Answer]:
    """Text deltas as they are composed, then the final Answer."""
    state = _understand({"question": question, "language": language, "history": list(history)})
    draft = _retrieve(state)
    if settings.OPENAI_BASE_URL and draft.intent == "question":
        from chat import llm

        yield from llm.stream(draft, fallback=compose_extractive)
        return
    answer = _compose(draft)
    yield from re.findall(r"[^\n]*\n?", answer.text)[:-1] or [answer.text]
    yield answer
