"""From a visitor's message to a grounded, cited answer in their language.

The pipeline is a LangChain runnable: understand (language, intent, follow-up
context) → retrieve → compose. The offline composer is extractive (chat.extractive);
with an OpenAI-compatible endpoint configured, chat.llm composes instead and falls
back to the extractive answer when its citations do not check out.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from langchain_core.runnables import RunnableLambda

from chat import enquiry, extractive, grounding, messages, selection
from chat.understanding import Understanding, named_held, not_held_reply, understand
from chat.units import units_of
from knowledge.language import to_simplified
from knowledge.retrieval import RetrievedChunk, retrieve

RETRIEVED_CHUNKS = 10
# A comparison looks further down the ranking for its second document.
COMPARISON_CHUNKS = 30
# Enough for every chunk of a plan document.
DOCUMENT_CHUNKS = 80
# Documents (by version) whose chunks are kept between questions.
WHOLE_DOCUMENT_CACHE = 256
_BULLET = re.compile(r"^[-•*·▪]\s*")
# Intents answered without reading the documents.
NO_RETRIEVAL = frozenset({"complaint", "handoff", "quote", "out_of_scope", "greeting", "not_held"})
# "What changed between the editions?"
_CHANGE = re.compile(r"chang|differ|\bnew\b|updat|revis|变|改|不同|分别|区别|差别|差异")


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
    understanding: Understanding | None = None


def _understand(state: dict[str, Any]) -> dict[str, Any]:
    understood = understand(state["question"], state.get("history") or (), language=state.get("language"))
    intent = understood.intent
    if intent == "answer" and understood.names_unknown:
        intent = "not_held"
    return {
        **state,
        "language": understood.language,
        "intent": intent,
        "query": understood.query,
        "understanding": understood,
    }


def _retrieve(state: dict[str, Any]) -> Draft:
    intent, query = state["intent"], state["query"]
    understood: Understanding = state["understanding"]
    comparison = understood.comparison
    wanted = COMPARISON_CHUNKS if comparison else RETRIEVED_CHUNKS
    chunks = [] if intent in NO_RETRIEVAL else retrieve(query, k=wanted)
    doc_ids = _documents_asked_about(chunks, comparison)
    # Each document asked about is read whole (a plan summary is a few dozen chunks): the row
    # that answers may rank low for a question in the other script, or for the question's
    # second part. Editions share a product, so one search serves both.
    seen = {c.chunk_id for c in chunks}
    for product in dict.fromkeys(next(c.product for c in chunks if c.doc_id == d) for d in doc_ids):
        if product:
            whole = _whole_documents(query, product, [c for c in chunks if c.doc_id in doc_ids])
            chunks += [c for c in whole if c.chunk_id not in seen]
    return Draft(state["question"], query, state["language"], intent, comparison, chunks, doc_ids, understood)


_whole: dict[tuple[str, frozenset[str]], list[RetrievedChunk]] = {}
_whole_lock = threading.Lock()


def _whole_documents(query: str, product: str, found: list[RetrievedChunk]) -> list[RetrievedChunk]:
    """Every chunk of the documents of `found` that belong to `product`.

    Which chunks a document has does not depend on the question, so they are kept, keyed by
    each document's indexed version (the middle of its chunk ids) and currency: a re-indexed
    document, or an edition that became current, gets a new key. This saves a search (and its
    embedding) per question.
    """
    mine = [c for c in found if c.product == product]
    key = (product, frozenset(f"{c.chunk_id.rsplit(':', 1)[0]}|{c.is_current}" for c in mine))
    with _whole_lock:
        cached = _whole.get(key)
    if cached is None:
        doc_ids = {c.doc_id for c in mine}
        cached = [c for c in retrieve(query, k=DOCUMENT_CHUNKS, product=product) if c.doc_id in doc_ids]
        with _whole_lock:
            if len(_whole) >= WHOLE_DOCUMENT_CACHE:
                _whole.clear()
            _whole[key] = cached
    return cached


def _documents_asked_about(chunks: list[RetrievedChunk], comparison: bool) -> list[str]:
    ranked = list(dict.fromkeys(c.doc_id for c in chunks))
    return ranked[: 2 if comparison else 1]


def _compose(draft: Draft) -> Answer:
    if draft.intent in {"complaint", "handoff", "out_of_scope", "greeting"}:
        return Answer(messages.fixed_reply(draft.intent, draft.language), draft.language, draft.intent)
    if draft.intent == "not_held" and draft.understanding is not None:
        return not_held(draft.understanding)
    if draft.intent == "quote":
        fields = enquiry.extract_fields(draft.query, named=named_held(draft.understanding))
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
    asked = [c for c in draft.chunks if c.doc_id in draft.doc_ids]
    if not draft.comparison and grounding.unsupported(draft.question, asked, names, draft.language):
        return no_answer(draft.language, draft.chunks)
    units = units_of(asked)
    boost = selection.differing_units(units, draft.doc_ids) if _asks_what_changed(draft) else frozenset()
    chinese = draft.language != "en"
    parts = [draft.question, *selection.clauses(draft.question)]
    # One embedding pass for the question, its parts and any unit not seen before.
    extractive.embed_all([extractive.without_names(p, names) for p in parts] + [u.text for u in units])
    rankings = [
        selection.Ranking(
            extractive.rank_units(text, units, names, chinese=chinese, boost=boost),
            extractive.wants_figure(text),
            selection.enumerated(text),
            extractive.figure_kind(text),
        )
        for text in parts
    ]
    # In a comparison each document was asked about by name: its best passages are shown.
    bar = (
        0.0
        if draft.comparison
        else extractive.MIN_SCORE
        if _same_script(draft)
        else extractive.MIN_CROSS_SCRIPT
    )
    chosen = selection.choose(rankings, draft.doc_ids, bar, units)
    if not chosen or (not draft.comparison and grounding.figure_missing(draft.question, chosen)):
        return no_answer(draft.language, draft.chunks)
    text, citations = _quote(draft, chosen)
    return Answer(text, draft.language, "answer", citations, chunks=draft.chunks)


def _quote(draft: Draft, chosen: list[extractive.Pick]) -> tuple[str, list[dict[str, Any]]]:
    """Each document's picks in document order, under its section headings, each cited."""
    citations: list[dict[str, Any]] = []
    lines: list[str] = []
    for doc_id in draft.doc_ids:
        picks = sorted((p for p in chosen if p.unit.chunk.doc_id == doc_id), key=lambda p: p.unit.order)
        if not picks:
            continue
        first = picks[0].unit.chunk
        lines.append(messages.answer_intro(draft.language, first.title, first.insurer))
        heading = ""
        for pick in picks:
            # The heading says what a bare row or list item is about ("Exclusions").
            if pick.unit.heading and pick.unit.heading != heading:
                heading = pick.unit.heading
                lines.append(f"{heading}:" if pick.unit.chunk.language == "en" else f"{heading}：")
            citations.append(extractive.citation(pick))
            lines.append(f"• {_BULLET.sub('', pick.unit.text)} [{len(citations)}]")
    return "\n".join(lines), citations


def _asks_what_changed(draft: Draft) -> bool:
    """Two editions of one product, and a question about what differs between them."""
    products = {c.product for c in draft.chunks if c.doc_id in draft.doc_ids}
    return (
        draft.comparison
        and len(draft.doc_ids) == 2
        and len(products) == 1
        and bool(_CHANGE.search(to_simplified(draft.question.lower())))
    )


def _names(chunks: Sequence[RetrievedChunk]) -> list[str]:
    return list({n for c in chunks for n in (c.title, c.insurer, c.product.replace("-", " "))})


def _same_script(draft: Draft) -> bool:
    question_is_chinese = draft.language != "en"
    return all((c.language != "en") == question_is_chinese for c in draft.chunks if c.doc_id in draft.doc_ids)


def no_answer(language: str, chunks: list[RetrievedChunk] | None = None) -> Answer:
    return Answer(messages.fixed_reply("no_answer", language), language, "no_answer", chunks=chunks or [])


def not_held(understood: Understanding) -> Answer:
    """A decline naming what the portal has no documents for, and what it holds for that line."""
    return Answer(not_held_reply(understood), understood.language, "no_answer")


def _composer(draft: Draft) -> Answer:
    if settings.OPENAI_BASE_URL and draft.intent == "answer":
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
    if settings.OPENAI_BASE_URL and draft.intent == "answer":
        from chat import llm

        yield from llm.stream(draft, fallback=compose_extractive)
        return
    answer = _compose(draft)
    yield from re.findall(r"[^\n]*\n?", answer.text)[:-1] or [answer.text]
    yield answer
