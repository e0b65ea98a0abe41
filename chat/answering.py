"""From a visitor's message to a grounded, cited answer in their language.

The pipeline is a LangChain runnable: understand (language, intent, follow-up
context) → retrieve → compose. The offline composer is extractive (chat.extractive);
with an OpenAI-compatible endpoint configured, chat.llm composes instead and falls
back to the extractive answer when its citations do not check out.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from django.conf import settings
from django.utils import translation
from langchain_core.runnables import RunnableLambda

from chat import (
    comparing,
    elsewhere,
    enquiry,
    entities,
    extractive,
    glossary,
    messages,
    options,
    place_lists,
    record,
    scoring,
    selection,
    tables,
    which_plans,
)
from chat.understanding import Understanding, named_held, not_held_reply, understand
from chat.units import DocumentUnits, Unit, document_units, units_of
from knowledge import stamps
from knowledge.language import to_simplified
from knowledge.retrieval import RetrievedChunk, retrieve
from portal.models import ProductLine

RETRIEVED_CHUNKS = 10
# A comparison looks further down the ranking for its second document.
COMPARISON_CHUNKS = 30
# "Which plans…?" (chat.understanding's `which_plans`): the documents looked at, each then checked
# by the answer model, so only those that answer are quoted.
WHICH_PLANS_DOCUMENTS = 5
# Chunks searched within the line asked about, for its plans (a few dozen plans' best chunks).
LINE_CHUNKS = 40
# "Compare A, B and C": up to this many named plans are compared.
MAX_COMPARED = 4
# Enough for every chunk of a plan document.
DOCUMENT_CHUNKS = 80
# Documents (by version) whose chunks are kept between questions.
WHOLE_DOCUMENT_CACHE = 256
# Answer types whose answer is a list read whole: who may buy, how to proceed.
WHOLE_LIST_TYPES = frozenset({"eligibility", "procedure"})
_BULLET = re.compile(r"^[-•*·▪●◦○■□►▶]\s*")
# Intents answered without reading the documents.
NO_RETRIEVAL = frozenset({"complaint", "handoff", "quote", "out_of_scope", "greeting", "not_held"})
# A unit carrying at least this share of its document's best coverage of the question is near its
# subject: "the list of 36 hospitals is on our website" does not name the city asked about.
NEAR_SUBJECT = 0.5
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
    # Tables shown as tables (chat.tables); `text` holds their plain-text rendering.
    tables: list[tables.Table] = field(default_factory=list)
    # Why a `no_answer` declines, when it is not the documents: "out_of_scope" (no insurance subject).
    reason: str = ""


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
    # What chat.understanding made of the question (its answer type, comparison, which plans).
    understanding: Understanding | None = None
    # Per document asked about (in `doc_ids` order), its answer units as stored at ingest.
    units: list[DocumentUnits] = field(default_factory=list)


def _understand(state: dict[str, Any]) -> dict[str, Any]:
    understood = understand(state["question"], state.get("history") or (), language=state.get("language"))
    intent = understood.intent
    if intent == "answer" and understood.names_unknown and not understood.compares_unheld:
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
    comparison, which_plans = understood.comparison, understood.which_plans
    wanted = COMPARISON_CHUNKS if comparison or which_plans else RETRIEVED_CHUNKS
    chunks = [] if intent in NO_RETRIEVAL else retrieve(query, k=wanted)
    if chunks:
        more = (
            _line_chunks(query, understood, chunks)
            if which_plans
            else _named_chunks(query, understood, chunks)
        )
        retrieved = {c.chunk_id for c in chunks}
        chunks += [c for c in more if c.chunk_id not in retrieved]
    doc_ids = _documents_asked_about(chunks, understood) if chunks else []
    # Each document asked about is read whole (a plan summary is a few dozen chunks): the row
    # that answers may rank low for a question in the other script, or for the question's
    # second part. Editions share a product, so one search serves both.
    seen = {c.chunk_id for c in chunks}
    for product in dict.fromkeys(next(c.product for c in chunks if c.doc_id == d) for d in doc_ids):
        if product:
            whole = _whole_documents(query, product, [c for c in chunks if c.doc_id in doc_ids])
            chunks += [c for c in whole if c.chunk_id not in seen]
    return Draft(
        state["question"],
        query,
        state["language"],
        intent,
        comparison or which_plans,
        chunks,
        doc_ids,
        understood,
        [document_units(next(c for c in chunks if c.doc_id == d)) for d in doc_ids],
    )


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


def _line_chunks(query: str, understood: Understanding, chunks: list[RetrievedChunk]) -> list[RetrievedChunk]:
    """For "which plans…?": the best chunks of each current plan of the line asked about, up to
    WHICH_PLANS_DOCUMENTS plans.

    The first search ranks chunks, not plans: one long wording can fill it and leave out another
    plan of the line that answers too (a plan in the other language most of all), while plans of
    other lines come in. The line is the one the question's named plans belong to, else the one its
    words name (chat.understanding.worded_line), else the best chunk's. A search within the line finds most plans; a plan still missing gets a search of its own.
    """
    lines = _lines_asked(understood, chunks)
    if len(set(lines)) != 1 or not lines[0]:
        return []
    found = retrieve(query, k=LINE_CHUNKS, product_line=lines[0], current_only=True)
    have = {c.product for c in [*chunks, *found] if c.product_line == lines[0] and c.is_current}
    held = dict.fromkeys(h.product for h in entities.holdings() if h.product and h.product_line == lines[0])
    missing = [p for p in held if p not in have][: max(WHICH_PLANS_DOCUMENTS - len(have), 0)]
    return found + [
        c for p in missing for c in retrieve(query, k=RETRIEVED_CHUNKS, product=p, current_only=True)
    ]


def _lines_asked(understood: Understanding, chunks: list[RetrievedChunk]) -> list[str]:
    """The product lines "which plans…?" asks about: its named plans', else the one its words name,
    else the best chunk's."""
    return understood.product_lines or [understood.asked_line or chunks[0].product_line]


def _named_chunks(
    query: str, understood: Understanding, chunks: list[RetrievedChunk]
) -> list[RetrievedChunk]:
    """The chunks of a plan the question names that the search left out: for a question about one
    plan, or a comparison of more than two. A plan named in the other language than its document
    ("Twin-Bay" over a Chinese one) shares no word with its passages, and other plans' can fill
    the search; answering from the best-ranked plan instead answers about the wrong one."""
    named = understood.named_products
    several = 2 < len(named) <= MAX_COMPARED
    # Beside a name the portal has no documents for, the held plans are all a comparison is of.
    compared = several or (understood.compares_unheld and len(named) <= MAX_COMPARED)
    if not (compared if understood.comparison else 0 < len(named) <= MAX_COMPARED):
        return []
    found = {c.product for c in chunks}
    return [c for p in named if p not in found for c in retrieve(query, k=RETRIEVED_CHUNKS, product=p)]


def _documents_asked_about(chunks: list[RetrievedChunk], understood: Understanding) -> list[str]:
    """The documents to answer from, in retrieval order; the answer model then checks each one.

    One for a question; for a comparison, two or every plan it names (up to MAX_COMPARED); for
    "which plans…?", the plans of the line asked about (up to WHICH_PLANS_DOCUMENTS).
    """
    ranked = list(dict.fromkeys(c.doc_id for c in chunks))
    if understood.which_plans:
        asked = set(_lines_asked(understood, chunks))
        current = {c.doc_id for c in chunks if c.is_current and c.product_line in asked}
        return ([d for d in ranked if d in current] or ranked)[:WHICH_PLANS_DOCUMENTS]
    if understood.comparison:
        named = understood.named_products
        # A comparison is of plans of one line: the named plans' (or the one its words name), never
        # a document of another line that ranks high on a shared word.
        lines = set(understood.product_lines or [understood.asked_line]) - {""}
        of_line = {c.doc_id for c in chunks if c.product_line in lines}
        ranked = [d for d in ranked if d in of_line] or ranked
        if understood.compares_unheld:
            # The other names are none the portal holds: no other held plan stands in their place.
            held = set(understood.named_documents)
            return [d for d in ranked if d in held][:MAX_COMPARED] or ranked[: len(named)]
        if not 2 < len(named) <= MAX_COMPARED:
            return ranked[:2]
        products = {c.doc_id: c.product for c in chunks}
        return sorted(ranked, key=lambda d: products[d] not in named)[: len(named)]
    # A plan the question (or the conversation it continues) names is the one asked about, though
    # another's passage may rank first on the question's other words ("And for a 62-year-old?").
    named_documents = set(understood.named_documents)
    return ([d for d in ranked if d in named_documents] or ranked)[:1]


def _compose(draft: Draft) -> Answer:
    if draft.intent == "out_of_scope":
        text = messages.fixed_reply("out_of_scope", draft.language)
        return Answer(text, draft.language, "no_answer", reason="out_of_scope")
    if draft.intent in {"complaint", "handoff", "greeting"}:
        return Answer(messages.fixed_reply(draft.intent, draft.language), draft.language, draft.intent)
    if draft.intent == "not_held" and draft.understanding is not None:
        return not_held(draft.understanding)
    if draft.intent == "quote":
        # The request as written: the place names understanding appends for the search (the
        # regions of a named country) are no territory asked for.
        fields = enquiry.extract_fields(_asked(draft), named=named_held(draft.understanding))
        text = (
            messages.fixed_reply("quote", draft.language)
            + messages.converted_amounts(fields.get("converted"), draft.language)
            + messages.missing_fields(fields["missing"], draft.language)
        )
        return Answer(text, draft.language, "quote", enquiry=fields)
    if draft.intent == "refusal":
        return _refused(draft)
    return compose_extractive(draft)


def _refused(draft: Draft) -> Answer:
    """Personal advice is refused for its kind, then followed by what the documents state on the
    question's factual core, each fact cited: what the documents say, not advice."""
    understood = draft.understanding
    kind = understood.refusal_kind if understood else None
    text = messages.refusal(kind, draft.language)
    facts = _stated_facts(draft, kind)
    if facts is None:
        return Answer(text, draft.language, "refusal", chunks=draft.chunks)
    return Answer(
        f"{text}\n{messages.documents_say(draft.language)}\n{facts.text}",
        draft.language,
        "refusal",
        facts.citations,
        chunks=draft.chunks,
        tables=facts.tables,
    )


def _stated_facts(draft: Draft, kind: str | None) -> Answer | None:
    """The cited facts a refusal is followed by, or None.

    Any kind of advice refused (a guarantee, tax, MPF) has a factual core the documents may state
    ("will TradeGuard pay my claim?": its indemnity percentage, waiting period, reporting deadline):
    it is found as any question's answer is, by the same answer model and threshold, so a document
    that does not answer adds nothing. A recommendation between named plans gets their key facts
    side by side first. Whatever reads as a guarantee or a recommendation is not shown.

    Only a message naming a held plan has such a core:
    "which plan should I buy?" or "will my claim be paid?" asks nothing of a document, and the
    passages that best match its words would be about whichever plan they happen to be in.
    """
    if draft.understanding is None or not draft.understanding.named_products:
        return None
    recommended = comparing.advice_facts(draft) if kind == "recommendation" else None
    if recommended is not None:
        return recommended if _shown(recommended) else None
    # What the kind of refusal must speak to, asked on its own ("will premiums go up when I
    # renew?" asks it in words of its own the answer model may not find), then the answer the
    # message would get as a question. The part the documents cannot state is the advice asked,
    # so it is not named as unstated.
    asked = replace(draft, intent="answer")
    core = _core(asked, kind)
    stated = [
        facts
        for facts in (
            compose_extractive(core, name_open_parts=False) if core else None,
            compose_extractive(asked, name_open_parts=False),
        )
        if facts is not None and _shown(facts)
    ]
    if len(stated) == 2:
        return _supported(*stated)
    return stated[0] if stated else None


def _shown(facts: Answer) -> bool:
    """Facts a refusal may show: an answer, cited, that reads as no guarantee or recommendation."""
    from chat import safety

    return facts.kind == "answer" and bool(facts.citations) and not safety.breaks_rules(facts.text)


REFUSAL_FACTS = Path(__file__).resolve().parent / "data" / "refusal_facts.yaml"


@functools.cache
def _refusal_cores() -> dict[str, dict[str, str]]:
    return dict(yaml.safe_load(REFUSAL_FACTS.read_text(encoding="utf-8")))


def _core(draft: Draft, kind: str | None) -> Draft | None:
    """The draft asking what a refusal of `kind` must speak to (chat/data/refusal_facts.yaml), in
    the reader's language (as any question is asked); None for a kind without one."""
    cores = _refusal_cores().get(kind or "", {})
    core = cores.get(draft.language) or cores.get("en")
    return replace(draft, question=core, query=core) if core else None


@dataclass
class Candidates:
    """The units of the documents asked about, with their features for the question and each part.

    Nothing here depends on the fitted model: the evaluation computes it once per question and
    scores it with each fold's model.
    """

    units: list[Unit]
    # The whole question first, then its parts (chat.selection.clauses).
    texts: list[str]
    rows: list[np.ndarray]
    # Per text, per unit: the subject terms it carries and the terms' weights (for choosing parts).
    matched: list[list[tuple[frozenset[str], tuple[tuple[str, float], ...]]]]
    # Documents that never mention a place, hospital or kind of cover the question names.
    unknown: frozenset[str] = frozenset()
    # For "what changed between the editions?": the units in one edition only (by order).
    changed: frozenset[int] = frozenset()


def candidates(draft: Draft) -> Candidates:
    """Every unit of the documents asked about, with its features for the question and its parts."""
    names = _names(draft.chunks)
    asked = [c for c in draft.chunks if c.doc_id in draft.doc_ids]
    units = units_of(draft.units)
    changed = selection.differing_units(units, draft.doc_ids) if _asks_what_changed(draft) else frozenset()
    # A follow-up ("and the Plus plan?") is scored with the question it follows (the query).
    own_words = _asked(draft)
    parts = selection.clauses(own_words, names)
    sentences = selection.clauses(own_words, names, joined=False)
    texts = [draft.query, *parts]
    # The units' vectors were made at ingest: only the question and its parts are embedded.
    extractive.remember_vectors({u.text: u.vector for u in units if u.vector is not None})
    extractive.embed_all([extractive.without_names(t, names) for t in texts])
    rows, matched = [], []
    unknown = frozenset[str]()
    whole_type = scoring.answer_type(draft.query, draft.understanding)
    words = scoring.unit_texts(units)
    for number, text in enumerate(texts):
        question = scoring.Question(
            text,
            tuple(names),
            draft.language,
            whole_type if number == 0 else _part_type(text, whole_type),
            tuple(draft.doc_ids),
            tuple(sentences) if number == 0 else (),
            changed,
        )
        row, matches = scoring.scored(question, units, asked, words)
        rows.append(row)
        matched.append(matches)
        if number == 0:
            unknown = scoring.unknown_names(question, asked)
    return Candidates(units, texts, rows, matched, unknown, changed)


def _asked(draft: Draft) -> str:
    """What the question asks, to cut into parts: the query up to the end of the question, without
    the words understanding appends for retrieval (a named place in the other script: "… cataract?
    大灣區 粵港澳大灣區"). After the question's last separator they would be a part of their own,
    answered by whatever unit names the place. A carried plan name or earlier aspect before the
    question stays (a follow-up's parts are the question it continues)."""
    end = draft.query.rfind(draft.question)
    return draft.query[: end + len(draft.question)] if end >= 0 and draft.question else draft.query


def _part_type(part: str, whole: str) -> str:
    """A part's own answer type, else the whole question's: in "the annual and the lifetime limit,
    how much each?" the parts share the frame that asks for a sum."""
    own = scoring.answer_type(part)
    return whole if own == "other" else own


def compose_extractive(draft: Draft, *, name_open_parts: bool = True) -> Answer:
    """Quote the units of each document asked about that the model finds answer it, or decline;
    with `name_open_parts`, naming the parts of the question no quote speaks of."""
    if not draft.chunks or not draft.doc_ids:
        return no_answer(draft.language)
    # Premiums and comparisons come from the records the compare page shows, when they hold them.
    structured = comparing.structured_answer(draft)
    if structured is not None and structured.whole:
        return structured.answer
    found, model = candidates(draft), scoring.default_model()
    quoted = compose_from(draft, found, model)
    if structured is None:
        return naming_open_parts(quoted, draft) if name_open_parts else quoted
    if _asks_which_plans(draft):
        # Records naming the subject only in part ("pregnancy" of the maternity waiting period)
        # would label each plan's row wrongly: each plan's own passage answers.
        listed = quoted if quoted.kind == "answer" else _listed(draft, found, _ranking(found, 0, model))
        if listed is not None:
            return listed
    answer = _supported(structured.answer, quoted) if quoted.kind == "answer" else structured.answer
    return structured.naming_unstated(answer, _names(draft.chunks)) if name_open_parts else answer


def _supported(records: Answer, quoted: Answer) -> Answer:
    """The records' table first, then the passages the answer model chose, numbered after it."""
    numbers, citations = _numbering(records.citations, quoted.citations)
    text = re.sub(r"\[(\d+)\]", lambda m: f"[{numbers.get(int(m.group(1)), 0)}]", quoted.text)
    # A note the records already carry ("the document is in …") is said once.
    said = set(records.text.splitlines())
    # A quoted table repeating the records' rows (the premium row quoted again) is shown once.
    moved = [t.renumbered(numbers) for t in quoted.tables]
    kept = [t for t in moved if not t.repeats(records.tables)]
    said |= {line for t in moved if t not in kept for line in t.as_text().splitlines()}
    text = "\n".join(line for line in text.splitlines() if line not in said)
    return Answer(
        f"{records.text}\n{text}",
        records.language,
        "answer",
        citations,
        chunks=records.chunks,
        tables=[*records.tables, *kept],
    )


def _numbering(
    first: list[dict[str, Any]], then: list[dict[str, Any]]
) -> tuple[dict[int, int], list[dict[str, Any]]]:
    """The citations of two answers shown as one: `then`'s numbers moved after `first`'s, a quote
    already cited keeping its first number (the premium row the records and a passage both quote)."""
    citations = list(first)
    known = {(c["doc_id"], c["quote"]): n for n, c in enumerate(citations, start=1)}
    numbers: dict[int, int] = {}
    for n, citation in enumerate(then, start=1):
        key = (citation["doc_id"], citation["quote"])
        if key not in known:
            citations.append(citation)
            known[key] = len(citations)
        numbers[n] = known[key]
    return numbers, citations


def compose_from(draft: Draft, found: Candidates, model: scoring.Model) -> Answer:
    """The answer `model` makes of the candidates: a document is quoted only when its best unit
    is at least as likely as the model's threshold to hold the answer, a comparison's documents
    each on their own."""
    if not draft.chunks or not draft.doc_ids or not found.units:
        return no_answer(draft.language, draft.chunks)
    rankings = [_ranking(found, number, model) for number in range(len(found.texts))]
    chances = model.answerability(found.rows[0], [u.chunk.doc_id for u in found.units])
    # What differs between two editions is itself the answer to "what changed?".
    differs = {u.chunk.doc_id for u in found.units if u.order in found.changed}
    answered = [
        d
        for d in draft.doc_ids
        if d not in found.unknown and (d in differs or chances.get(d, 0.0) >= model.threshold)
    ]
    if not answered:
        return _unanswered(draft, found, rankings)
    if _asks_which_plans(draft) and not found.changed:
        # Once a plan answers, every plan of the line gets its row: covered, not covered or not stated.
        listed = _listed(draft, found, rankings[0])
        if listed is not None:
            return listed
    if _compares(draft) and draft.understanding is not None:
        # A comparison asks one thing of every plan it names: once one of them answers, each named
        # plan is quoted with its best units on it (the reader compares what each says), not dropped
        # for scoring under the bar on its own — a plan's row in the other language, or worded
        # otherwise, often does. A plan the question does not name still has to answer.
        named = set(draft.understanding.named_documents)
        answered += [d for d in draft.doc_ids if d in named and d not in answered and d not in found.unknown]
    if found.changed:
        # Units in both editions cannot be what changed: the answer is the likeliest differences.
        changes = [p for p in rankings[0].picks if p.unit.order in found.changed]
        chosen = [
            p
            for d in answered
            for p in [q for q in changes if q.unit.chunk.doc_id == d][: selection.MAX_UNITS]
        ]
    else:
        chosen = selection.choose(rankings, answered, 0.0, found.units)
    if not chosen:
        return _declined(draft, "no_subject")
    if record.asks_record(draft.understanding) and not record.dated(
        ((p.unit.text, p.unit.chunk.title) for p in chosen), draft.question
    ):
        return _declined(draft, "record")
    deferred = _list_deferred(draft, found, rankings[0], answered) or _value_deferred(
        draft, found, rankings[0], chosen
    )
    if deferred:
        return _declined(draft, "elsewhere", deferred)
    not_offered = _not_offered(found, rankings[0], chosen) if not draft.comparison else []
    if not_offered:
        return _declined(draft, "figure_not_stated", not_offered)
    if rankings[0].figure and not any(extractive.has_figure(p.unit.text) for p in chosen):
        # On the subject, but the figure asked for is not there: say so, and show what it says
        # instead — or where the document says it is kept.
        deferring = _deferring(draft, found, rankings[0], answered)
        if deferring:
            return _declined(draft, "elsewhere", deferring)
        return _declined(draft, "figure_not_stated", chosen)
    text, citations, shown = quote_picks(draft, chosen)
    if not citations:
        # Only lead-ins were chosen, whose items are not: nothing that answers is quoted.
        return _declined(draft, "no_subject")
    return Answer(text, draft.language, "answer", citations, chunks=draft.chunks, tables=shown)


def _unanswered(draft: Draft, found: Candidates, rankings: list[selection.Ranking]) -> Answer:
    """The decline when no document asked about answers (the answer model's threshold).

    A question for a figure whose documents speak of its subject but state no figure of the kind
    asked ("dental treatment is covered, paid at 80%" for "the waiting period for dental?") is told
    the figure is not stated, with what they say on it. A question for a figure or a list whose
    document says where that detail is kept is told so, with that passage (`_deferring`). Otherwise
    the reply says they say nothing on it: a passage that does state a figure of that kind is not
    shown under "not stated".
    """
    if record.asks_record(draft.understanding):
        return _declined(draft, "record")
    # A place the documents name nowhere may still be answered by their list of places.
    listed = place_lists.answer(draft, found)
    if listed is not None:
        return listed
    asked = rankings[0]
    # A document that never names what the question does (entity grounding) is not on its subject.
    documents = [d for d in draft.doc_ids if d not in found.unknown]
    deferring = _deferring(draft, found, asked, documents)
    if deferring:
        return _declined(draft, "elsewhere", deferring)
    if asked.figure:
        on_subject = [p for p in selection.choose(rankings, documents, 0.0, found.units) if p.matched]
        if on_subject and not any(extractive.has_figure(p.unit.text, asked.kind) for p in on_subject):
            return _declined(draft, "figure_not_stated", on_subject)
    return _declined(draft, "no_subject")


def _list_deferred(
    draft: Draft, found: Candidates, asked: selection.Ranking, answered: list[str]
) -> list[extractive.Pick]:
    """For "which ones?" ("which network hospitals are in Zhuhai?"), the passage saying the list is
    kept elsewhere ("the list of 36 hospitals is on our website"), when no entry of a list or table
    carries as much of the question: the document does not give the list, and its neighbours
    quoted as the answer read as one ("36 network hospitals in the nine mainland cities").

    A network table's row naming the city asked answers; a list item answers only when it carries
    more of the question than the passage, itself often an item of a list of definitions beside
    others on the same subject ("pre-approval", "co-insurance"). A question for a figure is left to
    the answer model and the figure check (`compose_from`): "how many network hospitals?" is
    answered by "22 network hospitals" beside such a passage.
    """
    if not elsewhere.asks_which(draft.question):
        return []
    coverage = _coverage(found)
    for doc_id in answered:
        deferring = _near_deferring(draft, found, [doc_id])
        if not deferring:
            continue
        bar = coverage[deferring[0]]
        entries = [
            n
            for n, u in enumerate(found.units)
            if u.chunk.doc_id == doc_id
            and ((coverage[n] > bar and u.kind == "item") or (coverage[n] >= bar and u.kind == "row"))
        ]
        if not entries:
            return _picks_of(asked, found, deferring[:1])
    return []


def _not_offered(
    found: Candidates, asked: selection.Ranking, chosen: Sequence[extractive.Pick]
) -> list[extractive.Pick]:
    """For a question giving a value its answer's document offers only others of ("US$10 million"
    beside "a limit of US$1,000,000, US$2,000,000 or US$5,000,000"; chat/options.py), the passage
    with the options: the figures asked of are not stated, and the options are what there is. The
    options may be written anywhere in the document ("premium terms of 5 or 10 years" in its
    overview, the figures in a table)."""
    documents = {p.unit.chunk.doc_id for p in chosen}
    mine = [n for n, u in enumerate(found.units) if u.chunk.doc_id in documents]
    number = options.not_offered(found.texts[0], [found.units[n].text for n in mine])
    return [] if number is None else _picks_of(asked, found, [mine[number]])


def _value_deferred(
    draft: Draft, found: Candidates, asked: selection.Ranking, chosen: Sequence[extractive.Pick]
) -> list[extractive.Pick]:
    """For a question giving a value its document never writes nor holds in a band it states ("the
    monthly annuity if I join at 55"), the passage in a section of the chosen answer saying the
    figures for other values are kept elsewhere ("rates for other entry ages are in the illustration
    given at application"): that section's figures are for the values it states (entry age 40),
    and quoting them would give them as the ones asked. The passage shares few of the question's
    words (the rows carry them), so it is found by its section, not by its coverage."""
    if draft.comparison or elsewhere.asks_where(draft.question):
        return []
    numbers = [n for n in dict.fromkeys(extractive.terms_of(draft.question)) if n.isdigit() and len(n) > 1]
    chosen_sections = dict.fromkeys((p.unit.chunk.doc_id, p.unit.heading) for p in chosen)
    # Each chosen section that says its figures hold only for the values it states is checked
    # against its own values alone: an eligibility band quoted beside it ("entry age 25 to 60")
    # admits the age asked, but the table's figures are still those of entry age 40.
    for doc_id, heading in chosen_sections:
        section = [n for n, u in enumerate(found.units) if u.chunk.doc_id == doc_id and u.heading == heading]
        others = [n for n in section if elsewhere.defers_others(found.units[n].text)]
        if not others:
            continue
        units = [found.units[n] for n in section]
        written = frozenset().union(*(extractive.unit_text(u).terms for u in units))
        if not all(n in written or any(extractive.in_range(n, u.text) for u in units) for n in numbers):
            return _picks_of(asked, found, others[:1])
    return []


def _deferring(
    draft: Draft, found: Candidates, asked: selection.Ranking, documents: Sequence[str]
) -> list[extractive.Pick]:
    """For a question asking a figure or which ones, that its documents do not answer, the passage
    near its subject saying where the detail is kept (a list on the website, other entry ages in
    the illustration, a subsidy by the authorities' notice: chat/elsewhere.py)."""
    if not (asked.figure or elsewhere.asks_which(draft.question)):
        return []
    return _picks_of(asked, found, _near_deferring(draft, found, documents, on_subject=True)[:1])


def _near_deferring(
    draft: Draft, found: Candidates, documents: Sequence[str], *, on_subject: bool = False
) -> list[int]:
    """The units of `documents` near the question's subject (`NEAR_SUBJECT` of their
    document's best coverage) that say a detail is kept elsewhere, closest first; `on_subject`,
    only those carrying its weightiest term the document has (a decline pointing to where a detail
    is must point to a passage about it). None for a question asking where something is, which
    such a passage answers, or for a comparison."""
    if draft.comparison or elsewhere.asks_where(draft.question):
        return []
    coverage = _coverage(found)
    found_near = []
    for doc_id in documents:
        mine = [n for n, u in enumerate(found.units) if u.chunk.doc_id == doc_id]
        best = max((coverage[n] for n in mine), default=0.0)
        subject = _weightiest_term(found, mine)
        found_near += [
            n
            for n in mine
            if best > 0
            and coverage[n] >= NEAR_SUBJECT * best
            and (not on_subject or subject in found.matched[0][n][0])
            and elsewhere.defers(found.units[n].text)
        ]
    return sorted(found_near, key=lambda n: -coverage[n])


def _weightiest_term(found: Candidates, mine: Sequence[int]) -> str | None:
    """The question's rarest subject term that the document carries anywhere: what its passage
    saying where a detail is kept must be about. A website sentence sharing only a common word
    ("hospital" of "the hospital list is on our website", asked of dental cover) is not."""
    carried = {t for n in mine for t in found.matched[0][n][0]}
    weights = found.matched[0][mine[0]][1] if mine else ()
    present = [(w, t) for t, w in weights if t in carried]
    return max(present)[1] if present else None


def _coverage(found: Candidates) -> np.ndarray:
    return found.rows[0][:, scoring.FEATURES.index("coverage")]


def _picks_of(asked: selection.Ranking, found: Candidates, numbers: Sequence[int]) -> list[extractive.Pick]:
    """The picks of the units numbered `numbers`, in that order."""
    by_unit = {id(p.unit): p for p in asked.picks}
    return [by_unit[id(found.units[n])] for n in numbers if id(found.units[n]) in by_unit]


def _listed(draft: Draft, found: Candidates, ranking: selection.Ranking) -> Answer | None:
    """ "Which plans…" plan by plan (chat.which_plans), or None when no plan's document names it."""
    kind = scoring.answer_type(draft.query, draft.understanding)
    return which_plans.answer(draft, found, ranking.picks, kind)


def _asks_which_plans(draft: Draft) -> bool:
    """ "Which plans…?" of a line, naming none of its plans ("which hospitals under BridgeCare…"
    asks about one plan's list)."""
    understood = draft.understanding
    return understood is not None and understood.which_plans and not understood.named_products


def _compares(draft: Draft) -> bool:
    """A comparison of named plans (not "which plans…?", whose plans are listed only when they answer)."""
    understood = draft.understanding
    return understood is not None and understood.comparison and not understood.which_plans


def _declined(draft: Draft, reason: str, shown: Sequence[extractive.Pick] = ()) -> Answer:
    """A decline that says why; with `shown`, the passages the document has on the subject."""
    first = next(c for c in draft.chunks if c.doc_id == draft.doc_ids[0])
    title = in_script(first.title, first.language, draft.language)[0]
    line = _line_declined(draft) if reason == "no_subject" else ""
    if line:
        reason, title = "line_no_subject", line
    text = f"{messages.fixed_reply('no_answer', draft.language)} {messages.decline_reason(reason, draft.language, title)}"
    citations: list[dict[str, Any]] = []
    quoted_tables: list[tables.Table] = []
    if shown:
        quoted, citations, quoted_tables = quote_picks(draft, list(shown))
        text = f"{text}\n{quoted}"
    return Answer(text, draft.language, "no_answer", citations, chunks=draft.chunks, tables=quoted_tables)


def _line_declined(draft: Draft) -> str:
    """For "which plans…?" declined whole: the name of the product line it asked about, in the
    reader's language ("" for other questions, or plans of several lines)."""
    understood = draft.understanding
    if understood is None or not understood.which_plans:
        return ""
    lines = {c.product_line for c in draft.chunks if c.doc_id in draft.doc_ids}
    if len(lines) != 1 or not next(iter(lines)):
        return ""
    with translation.override(draft.language.lower()):
        return str(ProductLine(next(iter(lines))).label)


def _ranking(found: Candidates, number: int, model: scoring.Model) -> selection.Ranking:
    """The units ranked for the question (`number` 0) or one of its parts."""
    text = found.texts[number]
    asks = text
    if number > 0 and scoring.answer_type(text) == "other":
        # A part that does not say what it asks for asks what the whole question does.
        asks = found.texts[0]
    return selection.Ranking(
        _picks(found, number, model),
        extractive.wants_figure(asks),
        selection.enumerated(text),
        extractive.figure_kind(asks),
        whole_list=scoring.answer_type(text) in WHOLE_LIST_TYPES,
    )


def _picks(found: Candidates, number: int, model: scoring.Model) -> list[extractive.Pick]:
    probabilities = model.probabilities(found.rows[number])
    return scoring.picks(found.units, probabilities, found.matched[number])


def quote_picks(
    draft: Draft, chosen: list[extractive.Pick]
) -> tuple[str, list[dict[str, Any]], list[tables.Table]]:
    """Each document's picks in document order, under its section headings, each cited; table
    rows as a table with their column headers (in the text, each row with its headers)."""
    quoting = _Quoting(draft)
    for doc_id in draft.doc_ids:
        picks = _readable(
            sorted((p for p in chosen if p.unit.chunk.doc_id == doc_id), key=lambda p: p.unit.order)
        )
        if picks:
            quoting.document(picks)
    return "\n".join(quoting.lines), quoting.citations, quoting.tables


class _Quoting:
    """The lines, citations and tables of an answer, as its documents' picks are added."""

    def __init__(self, draft: Draft) -> None:
        self.draft = draft
        self.lines: list[str] = []
        self.citations: list[dict[str, Any]] = []
        self.tables: list[tables.Table] = []
        self.converted = False
        self.foreign = False  # the document being quoted is in another language than the reader's
        self.title = ""

    def shown(self, text: str, written_in: str) -> tuple[str, str]:
        """`text` in the reader's script, and the language it is then written in."""
        shown, changed = in_script(text, written_in, self.draft.language)
        self.converted |= changed
        return shown, self.draft.language if changed else written_in

    def cell(self, text: str, written_in: str) -> tables.Cell:
        shown, language = self.shown(text, written_in)
        return tables.Cell(shown, None, language)

    def column(self, text: str, written_in: str) -> tables.Cell:
        shown, language = self.label(text, written_in)
        return tables.Cell(shown, None, language)

    def label(self, text: str, written_in: str) -> tuple[str, str]:
        """A heading or column label: in English for an English reader of a Chinese document, in
        Chinese for a Chinese reader of an English one, when the glossary's labels render it
        (chat/data/glossary.yaml), else as `shown`."""
        rendered = glossary.label_for(text, written_in, self.draft.language)
        return (rendered, self.draft.language) if rendered else self.shown(text, written_in)

    def document(self, picks: list[extractive.Pick]) -> None:
        first = picks[0].unit.chunk
        self.foreign = messages.other_language(first.language, self.draft.language)
        # A document in another language is named as the catalogue names its product for the reader.
        title = (self.foreign and comparing.product_name(first.product, self.draft.language)) or in_script(
            first.title, first.language, self.draft.language
        )[0]
        self.lines.append(messages.answer_intro(self.draft.language, title, first.insurer))
        self.title = title
        start, self.converted = len(self.lines), False
        rows = tables.document_rows(first.doc_id)
        heading = ""
        run: list[tuple[extractive.Pick, tables.TableRow]] = []
        for pick in picks:
            row = rows.get(pick.unit.text)
            if run and (row is None or row.table != run[0][1].table):
                self.table(run)
                run = []
            if row is not None:
                run.append((pick, row))
                continue
            # The heading says what a bare row or list item is about ("Exclusions").
            if pick.unit.heading and pick.unit.heading != heading:
                heading = pick.unit.heading
                shown, language = self.label(heading, pick.unit.chunk.language)
                self.lines.append(f"{shown}:" if language == "en" else f"{shown}：")
            self.citations.append(extractive.citation(pick))
            shown, _ = self.shown(_clean(pick.unit.text), pick.unit.chunk.language)
            self.lines.append(f"{shown} [{len(self.citations)}]")
        if run:
            self.table(run)
        if self.foreign:
            self.lines.insert(start, messages.quoted_language(self.draft.language, first.language))
        if self.converted:
            self.lines.insert(start, messages.script_converted(self.draft.language))

    def table(self, run: list[tuple[extractive.Pick, tables.TableRow]]) -> None:
        """Rows of one document table: the columns the question names (all when it names none)."""
        first = run[0][0].unit
        written_in = first.chunk.language
        header = run[0][1].header
        # A lookup names its column; a question of several parts may ask about others too.
        # (Asks of their own, not "room and board": a lookup of one row names its column.)
        several = bool(selection.clauses(self.draft.question, _names(self.draft.chunks), joined=False))
        columns = (
            list(range(len(header))) if several else [0, *tables.columns_asked(self.draft.query, header)]
        )
        body = []
        for pick, row in run:
            self.citations.append(extractive.citation(pick))
            number = len(self.citations)
            cells = [self.cell(row.cells[i], written_in) for i in columns]
            body.append(
                tables.Row(
                    tables.Cell(cells[0].text, number, cells[0].lang),
                    tuple(tables.Cell(c.text, number, c.lang) for c in cells[1:]),
                )
            )
        caption, _ = (
            self.label(first.heading, written_in)
            if first.heading
            else self.shown(first.chunk.title, written_in)
        )
        if first.heading:
            # The caption says whose table it is ("which plans…" may quote one plan's list), in
            # the reader's language; the heading is quoted.
            caption = f"{self.title} · {caption}"
        table = tables.Table(
            caption,
            tuple(self.column(header[i], written_in) for i in columns),
            tuple(body),
            language=self.draft.language,
        )
        self.tables.append(table)
        self.lines.append(table.as_text())


@functools.cache
def _hong_kong() -> Any:
    import opencc

    return opencc.OpenCC("s2hk")


def _to_hong_kong(text: str) -> str:
    """Traditional characters as Hong Kong writes them (為, not the standard's 爲): the readers are there."""
    return str(_hong_kong().convert(text))


def _clean(text: str) -> str:
    # Control characters and symbol-font glyphs are gone already: the loaders clean every text.
    return _BULLET.sub("", text).strip()


def _readable(picks: list[extractive.Pick]) -> list[extractive.Pick]:
    """The picks worth showing: not a fragment another pick already says, and never a lead-in ("The
    plan does not pay for:", 「本計劃不保障以下各項：」) without what it introduces: one of its items,
    or the unit right after it, is shown too. With nothing else to show, the first that is no
    lead-in; none when every pick is one (the caller then has nothing to quote)."""
    texts = [_clean(p.unit.text) for p in picks]
    shown = {p.unit.order for p in picks}
    shown_leads = {p.unit.lead for p in picks if p.unit.lead is not None}

    def introduces_shown(unit: Unit) -> bool:
        return unit.order in shown_leads or unit.order + 1 in shown

    kept = [
        pick
        for number, pick in enumerate(picks)
        if not any(
            texts[number] in other
            for other_number, other in enumerate(texts)
            if other_number != number and len(other) > len(texts[number])
        )
        and (not _reads_as_lead(pick.unit) or introduces_shown(pick.unit))
    ]
    return kept or [p for p in picks if not _reads_as_lead(p.unit)][:1]


_LEAD_END = re.compile(r"[:：]\s*$")


def _reads_as_lead(unit: Unit) -> bool:
    """A lead-in, as the loader marked it or by its form: a line ending in a colon."""
    return unit.is_lead or bool(_LEAD_END.search(unit.text))


def in_script(text: str, written_in: str, language: str) -> tuple[str, bool]:
    """A quote from a document `written_in` one Chinese script, in the reader's (OpenCC), and
    whether it had to be converted. Text already in the reader's script is left as written."""
    if (written_in, language) == ("zh-Hans", "zh-Hant"):
        shown = _to_hong_kong(text)
    elif (written_in, language) == ("zh-Hant", "zh-Hans"):
        shown = to_simplified(text)
    else:
        return text, False
    return shown, shown != text


def _asks_what_changed(draft: Draft) -> bool:
    """Two editions of one product, and a question about what differs between them."""
    products = {c.product for c in draft.chunks if c.doc_id in draft.doc_ids}
    return (
        draft.comparison
        and len(draft.doc_ids) == 2
        and len(products) == 1
        and bool(_CHANGE.search(to_simplified(draft.question.lower())))
    )


def naming_open_parts(answer: Answer, draft: Draft) -> Answer:
    """`answer` with the parts of the question that no quote speaks of named, so that leaving one
    out does not read as cover ("Does BridgeCare cover dental treatment and pets?" quotes the dental
    exclusion, and says the documents do not state pets).

    A part is open when none of its subject terms, as a quote in that script would show them, is
    in any quote: a part answered in other words keeps some term (its glossary or lexicon
    rendering), and a part with no term that could show in a quote's script is left alone.
    """
    if answer.kind != "answer" or not answer.citations:
        return answer
    names = _names(draft.chunks)
    parts = selection.clauses(draft.question, names)
    quotes = [(c.get("language", "en") != "en", c["quote"]) for c in answer.citations if c.get("quote")]
    open_parts = [part for part in parts if _unspoken(extractive.asked_terms(part, names), quotes)]
    if not open_parts or len(open_parts) == len(parts):
        return answer
    return replace(answer, text=f"{answer.text}\n{messages.parts_not_stated(answer.language, open_parts)}")


def _unspoken(slots: dict[bool, list[str]], quotes: Sequence[tuple[bool, str]]) -> bool:
    """No quote has any of the slots of its script, and each quote's script has some to look for."""
    return all(slots[chinese] for chinese, _ in quotes) and not any(
        extractive.carries(text, slot) for chinese, text in quotes for slot in slots[chinese]
    )


def _names(chunks: Sequence[RetrievedChunk]) -> list[str]:
    """How the question may name the documents retrieved, which are no subject words: their titles
    and insurers, and every name the catalogue holds for them (a product's name in the other
    script: 「夕陽港」 for an English "Sunset Harbour" brochure, whose words 夕阳 and 港 the lexicon
    would otherwise render as "sunset" and "harbour" and match in every line naming the plan). Not
    the insurers' other names: theirs hold words questions ask with (信用 of 盐田信用保险 in 信用证)."""
    own = {n for c in chunks for n in (c.title, c.insurer, c.product.replace("-", " "))}
    return list(own | set(entities.names_of((c.doc_id for c in chunks), insurers=False)))


def no_answer(language: str, chunks: list[RetrievedChunk] | None = None) -> Answer:
    return Answer(messages.fixed_reply("no_answer", language), language, "no_answer", chunks=chunks or [])


def not_held(understood: Understanding) -> Answer:
    """A decline naming what the portal has no documents for, and what it holds for that line."""
    return Answer(not_held_reply(understood), understood.language, "no_answer")


def _llm_composes(draft: Draft) -> bool:
    """An LLM composes answers when one is configured, except those the records answer whole
    (premiums, comparisons): those are the compare page's values, cited, with or without a model."""
    if not settings.OPENAI_BASE_URL or draft.intent != "answer":
        return False
    return not (draft.chunks and draft.doc_ids and comparing.structured_answer(draft) is not None)


def _composer(draft: Draft) -> Answer:
    if _llm_composes(draft):
        from chat import llm

        return _naming_unheld(llm.compose(draft, fallback=compose_extractive), draft)
    return _naming_unheld(_compose(draft), draft)


def _streamed_naming_unheld(stream: Iterator[str | Answer], draft: Draft) -> Iterator[str | Answer]:
    """`_naming_unheld` of a streamed answer: the note is the first delta."""
    understood = draft.understanding
    noted = understood is not None and draft.intent == "answer" and understood.compares_unheld
    if noted and understood is not None:
        yield messages.no_documents_for(understood.unknown_entities, draft.language) + "\n"
    for part in stream:
        yield _naming_unheld(part, draft) if isinstance(part, Answer) and noted else part


def _naming_unheld(answer: Answer, draft: Draft) -> Answer:
    """A comparison of held plans with names the portal holds nothing for says so first; when the
    held plans' documents answer nothing, it is the usual not-held decline."""
    understood = draft.understanding
    if understood is None or draft.intent != "answer" or not understood.compares_unheld:
        return answer
    if answer.kind != "answer":
        return not_held(understood)
    note = messages.no_documents_for(understood.unknown_entities, answer.language)
    return replace(answer, text=f"{note}\n{answer.text}")


pipeline = RunnableLambda(_understand) | RunnableLambda(_retrieve) | RunnableLambda(_composer)


def answer_question(question: str, *, language: str | None = None, history: Sequence[str] = ()) -> Answer:
    with stamps.one_answer():
        result: Answer = pipeline.invoke(
            {"question": question, "language": language, "history": list(history)}
        )
    return result


def stream_answer(
    question: str, *, language: str | None = None, history: Sequence[str] = ()
) -> Iterator[str | Answer]:
    """Text deltas as they are composed, then the final Answer."""
    with stamps.one_answer():
        state = _understand({"question": question, "language": language, "history": list(history)})
        draft = _retrieve(state)
        answer = None if _llm_composes(draft) else _naming_unheld(_compose(draft), draft)
    if answer is None:
        from chat import llm

        yield from _streamed_naming_unheld(llm.stream(draft, fallback=compose_extractive), draft)
        return
    # Composed offline, the whole text is ready at once: one delta, not one per line, since each
    # frame costs a replay-cache write and a WebSocket send (an LLM's answer streams as it comes).
    yield answer.text
    yield answer
