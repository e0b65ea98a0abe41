"""Hybrid retrieval: dense (Chroma) plus BM25, fused by reciprocal rank, edition-aware.

`retrieve` is the one function the chat app calls.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

import chromadb.errors
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from knowledge import snapshot, stamps
from knowledge.models import PlanDocument
from knowledge.text import years_named
from knowledge.vectorstore import active_collection, get_store

logger = logging.getLogger(__name__)

# Searches a concurrent deletion can make a Chroma server fail, tried again before giving up.
RACE_RETRIES = 3
RRF_K = 60
# A longer quote is cut in a citation link: its start finds the unit.
MAX_QUOTE_IN_URL = 300
# The "- " the chunker writes before a bullet item (knowledge.chunking.render_item) is our plain
# text's, not the document's: a quote shows without it (「- 投保年齡…」, and `q=-+…` in its link).
_BULLET = re.compile(r"^[ \t]*[-*•·][ \t]+", re.MULTILINE)


def quoted(text: str) -> str:
    """A passage as a citation quotes it: without the bullets of our plain-text rendering."""
    return _BULLET.sub("", text).strip()


# A snapshot build slower than this makes the next one run in the background (see _Snapshots).
SYNC_BUILD_SECONDS = 2.0
CANDIDATES = 40
SUPERSEDED_PENALTY = 0.5
NAMED_EDITION_BONUS = 1.5
# A document the question names outranks any unnamed one (one RRF list tops out at 1/61).
NAME_WEIGHT = 0.05
# Documents named at least this strongly (relative to the best-named) get their own dense search.
NAMED_SEARCH_THRESHOLD = 0.5


@dataclass(frozen=True)
class RetrievedChunk:
    chunk_id: str
    text: str
    doc_id: str
    title: str
    insurer: str
    product: str
    product_line: str
    language: str
    section: str
    page: int | None
    effective_date: str
    is_current: bool
    score: float

    def citation(self, quote: str = "", anchor: str = "") -> dict[str, Any]:
        """What an answer shows for this chunk; `url` opens the viewer at the unit holding `quote`.

        With the `anchor` of the unit (stored with it at ingest) the link opens there with the unit
        highlighted; without, the viewer finds the unit and redirects to its anchor (the visitor's
        language prefix is added by the locale middleware). A PDF's `original_url` opens the file
        at the page.
        """
        quote = quoted(quote)
        query = {"q": quote[:MAX_QUOTE_IN_URL]} if quote else {}
        if anchor:
            query["hl"] = anchor
        if self.page:
            query["page"] = str(self.page)
        fragment = f"#{anchor}" if anchor else ""
        original = f"/documents/{self.doc_id}/original"
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "insurer": self.insurer,
            "language": self.language,  # the quote's language, for the widget's lang attribute
            "section": self.section,
            "page": self.page,
            "url": f"/documents/{self.doc_id}/" + (f"?{urlencode(query)}" if query else "") + fragment,
            "original_url": original + (f"#page={self.page}" if self.page else ""),
            "effective_date": self.effective_date,
            "is_current": self.is_current,
            **({"quote": quote} if quote else {}),
        }


@dataclass(frozen=True)
class _Edition:
    version: str
    product: str
    effective_date: dt.date | None
    names: tuple[str, ...] = ()


@dataclass
class _State:
    """The live documents and what follows from them alone; rebuilt only when a document changes."""

    editions: dict[str, _Edition]
    collection: str  # the Chroma collection holding their chunks
    generation: str
    _current: tuple[dt.date, frozenset[str]] | None = None

    def current(self, today: dt.date) -> frozenset[str]:
        if self._current is None or self._current[0] != today:
            self._current = (today, frozenset(_current_docs(self.editions, today)))
        return self._current[1]


_state_lock = threading.Lock()
_state_cache: dict[tuple[Any, ...], _State] = {}


def _state() -> _State:
    """Indexed documents: doc_id → the version whose chunks are live, its edition data and names.

    Re-read only when a document changed (every write sets `updated_at`): a question
    then costs one aggregate query, not a read of every document row.
    """
    stamp = stamps.documents()
    key = (settings.CHROMA_COLLECTION, *stamp.values())
    with _state_lock:
        cached = _state_cache.get(key)
    if cached is not None:
        return cached
    editions = _read_editions(stamps.live_documents())
    # A reindex switches the collection in the transaction that stamps every row: read it here.
    collection = active_collection()
    state = _State(editions, collection, _generation(collection, editions))
    with _state_lock:
        _state_cache.clear()
        _state_cache[key] = state
    return state


def _read_editions(rows: QuerySet[PlanDocument]) -> dict[str, _Edition]:
    editions = {}
    for row in rows.select_related("product__insurer"):
        product = row.product
        names = [row.title]
        if product is not None:
            names += [product.slug, product.name_en, product.name_zh_hant, product.name_zh_hans]
            insurer = product.insurer
            names += [insurer.name_en, insurer.name_zh_hant, insurer.name_zh_hans]
        editions[row.doc_id] = _Edition(
            row.checksum[:16], product.slug if product else "", row.effective_date, tuple(names)
        )
    return editions


def _current_docs(editions: dict[str, _Edition], today: dt.date) -> set[str]:
    """Per product, the latest edition whose effective date has come."""
    best: dict[str, tuple[dt.date, str]] = {}
    current: set[str] = set()
    for doc_id, edition in editions.items():
        if not edition.product:
            current.add(doc_id)
            continue
        date = edition.effective_date or dt.date.min
        if date > today:
            continue
        if edition.product not in best or date > best[edition.product][0]:
            best[edition.product] = (date, doc_id)
    current.update(doc_id for _, doc_id in best.values())
    return current


class _Snapshots:
    """This generation's in-memory index, built by the first question after a change.

    A large index takes a while to build (about a minute at 100k chunks): once a build
    has taken longer than SYNC_BUILD_SECONDS, the next one runs in the background while
    questions are answered from the previous snapshot. The documents that changed are
    left out until it is ready (their chunks there are of a version no longer live),
    so a question never sees a mix of versions, nor waits.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._current: snapshot.Snapshot | None = None
        self._build_seconds = 0.0
        self._building: tuple[str, threading.Thread] | None = None

    def get(self, state: _State) -> snapshot.Snapshot:
        with self._lock:
            current = self._current
            if current is not None and current.generation == state.generation:
                return current
            # After a reindex (a new collection, perhaps another embedder) the old one cannot serve.
            same_collection = current is not None and current.collection.name == state.collection
            if not same_collection or self._build_seconds <= SYNC_BUILD_SECONDS:
                return self._build(state)
            if self._building is None or self._building[0] != state.generation:
                thread = threading.Thread(target=self._build_apart, args=(state,), daemon=True)
                self._building = (state.generation, thread)
                thread.start()
            assert current is not None
            return current

    def _build(self, state: _State) -> snapshot.Snapshot:
        started = time.perf_counter()
        collection: Any = get_store(state.collection)._collection
        built = snapshot.build(
            state.generation, collection, {d: e.names for d, e in state.editions.items()}, _root()
        )
        self._build_seconds = time.perf_counter() - started
        self._current = built
        return built

    def _build_apart(self, state: _State) -> None:
        try:
            started = time.perf_counter()
            collection: Any = get_store(state.collection)._collection
            names = {d: e.names for d, e in state.editions.items()}
            built = snapshot.build(state.generation, collection, names, _root())
        except Exception:  # the next question after a change tries again
            logger.exception("building the retrieval snapshot failed")
            with self._lock:
                self._building = None
            return
        with self._lock:
            self._build_seconds = time.perf_counter() - started
            self._current = built
            self._building = None

    def wait(self, timeout: float = 120.0) -> None:
        """Wait for a background build to finish (tests, benchmarks)."""
        building = self._building
        if building is not None:
            building[1].join(timeout)


_snapshots = _Snapshots()


def _root() -> Path:
    """Where each generation's snapshot is written once, for every process on this data folder."""
    return settings.DATA_DIR / "retrieval"


def _where(filters: dict[str, str]) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = [{key: value} for key, value in filters.items() if value]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _generation(collection: str, editions: dict[str, _Edition]) -> str:
    return collection + "|" + "|".join(f"{d}:{e.version}" for d, e in sorted(editions.items()))


class _Fusion:
    """Reciprocal rank fusion of ranked lists of chunk ids; texts and metadata come from the snapshot."""

    def __init__(self, filters: dict[str, str], chunks: snapshot.Chunks) -> None:
        self.filters = filters
        self.chunks = chunks
        self.scores: dict[str, float] = {}
        # Each fused chunk's row in the snapshot: looked up once (a binary search of the ids).
        self.rows: dict[str, int] = {}

    def keep(self, cid: str) -> bool:
        row = self.chunks.row(cid)
        return row is not None and self._keeps(row)

    def _keeps(self, row: int) -> bool:
        # Only the document's metadata: the chunk's text is not read for a filter.
        doc = self.chunks.doc_at(row)
        return not any(value and doc.get(key) != value for key, value in self.filters.items())

    def add_ranked(self, ids: list[str]) -> None:
        # A chunk missing from the snapshot was written after it was read: not of a live version.
        rank = 0
        for cid in ids:
            row = self.rows.get(cid)
            if row is None:
                row = self.chunks.row(cid)
                if row is None or not self._keeps(row):
                    continue
                self.rows[cid] = row
            self.scores[cid] = self.scores.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
            rank += 1


def _dense(collection: Any, vector: list[float], where: dict[str, Any] | None) -> list[str]:
    # Ids only: texts and metadata are in the snapshot, and Chroma is slower to return them.
    result = collection.query(query_embeddings=[vector], n_results=CANDIDATES, where=where, include=[])
    return list(result["ids"][0])


def retrieve(
    query: str,
    *,
    k: int = 8,
    product_line: str = "",
    insurer: str = "",
    product: str = "",
    language: str = "",
    current_only: bool = False,
) -> list[RetrievedChunk]:
    """The `k` best chunks for `query`, best first, each with its citation metadata.

    Dense and BM25 rankings are fused by reciprocal rank; documents the question
    names (in either script) come first, and get a dense search of their own so
    their best chunks are found even across languages. Superseded editions rank
    lower unless the query names their year; with `current_only` they are left out.
    """
    filters = {"product_line": product_line, "insurer": insurer, "product": product, "language": language}
    for attempt in range(RACE_RETRIES):
        try:
            return _retrieve(query, filters, k=k, current_only=current_only)
        except chromadb.errors.NotFoundError:
            # A reindex dropped the collection this process was reading: the switch has committed,
            # so reading the state again finds the new one.
            _forget_state()
        except chromadb.errors.InternalError:
            # A Chroma server searching while a document's chunks are deleted can fail to find an
            # id it just listed ("Error finding id"): the deletion finishes, and the search again.
            if attempt == RACE_RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
            _forget_state()
    return _retrieve(query, filters, k=k, current_only=current_only)


def index_vocabulary() -> frozenset[str]:
    """The tokens (knowledge.text) of every live chunk: what the indexed documents speak of."""
    state = _state()
    if not state.editions:
        return frozenset()
    return _snapshots.get(state).lexical.vocabulary()


def _forget_state() -> None:
    with _state_lock:
        _state_cache.clear()
    get_store.cache_clear()


def _retrieve(query: str, filters: dict[str, str], *, k: int, current_only: bool) -> list[RetrievedChunk]:
    state = _state()
    if not state.editions or not query.strip():
        return []
    index = _snapshots.get(state)
    match = index.names.match(query)
    strongly_named = sorted(d for d, s in match.scores.items() if s >= NAMED_SEARCH_THRESHOLD)
    # Within the named documents the names say nothing: rank their chunks by the rest of the
    # question. Both texts go through the embedder in one pass.
    texts = [query, match.strip(query)] if strongly_named else [query]
    vectors = get_store(state.collection).embeddings.embed_documents(texts)  # type: ignore[union-attr]
    fusion = _Fusion(filters, index.chunks)
    # The collection of this state: a snapshot built just before a reindex's switch may name the old one.
    live: Any = get_store(state.collection)._collection
    fusion.add_ranked(_dense(live, vectors[0], _where(filters)))
    fusion.add_ranked([cid for cid, _ in index.lexical.search(query, CANDIDATES * 2)])
    if strongly_named:
        content = texts[1]
        fusion.add_ranked(index.nearest_in(strongly_named, vectors[1], fusion.keep, CANDIDATES))
        # And by its words: "deductible" finds the deductible row of each named plan.
        fusion.add_ranked(index.lexical.rank_among(content, index.chunks_of(strongly_named))[:CANDIDATES])
    return _rank(fusion, state, match.scores, query, k=k, current_only=current_only)


def _rank(
    fusion: _Fusion,
    state: _State,
    named: dict[str, float],
    query: str,
    *,
    k: int,
    current_only: bool,
) -> list[RetrievedChunk]:
    editions = state.editions
    current = state.current(timezone.localdate())
    years = years_named(query)
    # Strongly named documents that are asked for: by year, or current when no edition is.
    compared: set[str] = set()
    asked_products = {
        e.product
        for e in (editions.values() if years else ())  # most questions name no year
        if e.product and e.effective_date and e.effective_date.year in years
    }
    ranked: list[_Ranked] = []
    for cid, fused in fusion.scores.items():
        row = fusion.rows[cid]
        # What the ranking needs is its document's: a chunk's text and section are read only for
        # the k kept (about 90 candidates a search).
        doc = fusion.chunks.doc_at(row)
        doc_id = str(doc.get("doc_id", ""))
        edition = editions.get(doc_id)
        if edition is None or doc.get("version") != edition.version:
            continue  # a chunk of a deleted document or of a replaced version
        # Every strongly named document counts alike, so a comparison brings both to the top.
        strong = named.get(doc_id, 0.0) >= NAMED_SEARCH_THRESHOLD
        score = fused + NAME_WEIGHT * (1.0 if strong else named.get(doc_id, 0.0))
        is_current = doc_id in current
        asked = edition.effective_date is not None and edition.effective_date.year in years
        if not is_current:
            if current_only:
                continue
            score *= NAMED_EDITION_BONUS if asked else SUPERSEDED_PENALTY
        if strong and (asked or (is_current and edition.product not in asked_products)):
            compared.add(doc_id)
        ranked.append(_Ranked(cid, row, doc_id, is_current, score))
    ranked.sort(key=lambda r: round(r.score, 6), reverse=True)  # as the chunks' rounded scores
    results: list[RetrievedChunk] = []
    for kept in _take_turns(ranked, compared)[:k]:
        stored = fusion.chunks.at(kept.row)
        results.append(_chunk(kept.cid, stored.text, stored.metadata(), kept.is_current, kept.score))
    return results


@dataclass(frozen=True, slots=True)
class _Ranked:
    """A candidate chunk as ranked, before its text is read."""

    cid: str
    row: int
    doc_id: str
    is_current: bool
    score: float


_Turns = TypeVar("_Turns", RetrievedChunk, _Ranked)


def _take_turns(results: list[_Turns], named: set[str]) -> list[_Turns]:
    """With two or more documents named, their chunks take turns at the top, each document's best first.

    A question naming two plans ("compare A and B", "A 同 B 分別…") needs both plans' best
    chunks in a short context; by score alone one plan's chunks can fill it.
    """
    order = [d for d in dict.fromkeys(c.doc_id for c in results) if d in named]
    if len(order) < 2:
        return results
    queues = {doc_id: [c for c in results if c.doc_id == doc_id] for doc_id in order}
    turns: list[_Turns] = []
    for round_ in itertools.zip_longest(*queues.values()):
        turns.extend(c for c in round_ if c is not None)
    return turns + [c for c in results if c.doc_id not in queues]


def _chunk(cid: str, text: str, meta: dict[str, Any], is_current: bool, score: float) -> RetrievedChunk:
    page = meta.get("page")
    return RetrievedChunk(
        chunk_id=cid,
        text=text,
        doc_id=str(meta.get("doc_id", "")),
        title=str(meta.get("title", "")),
        insurer=str(meta.get("insurer", "")),
        product=str(meta.get("product", "")),
        product_line=str(meta.get("product_line", "")),
        language=str(meta.get("language", "")),
        section=str(meta.get("section", "")),
        page=int(page) if isinstance(page, int) and page > 0 else None,
        effective_date=str(meta.get("effective_date", "")),
        is_current=is_current,
        score=round(score, 6),
    )
