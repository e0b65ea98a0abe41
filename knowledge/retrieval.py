"""Hybrid retrieval: dense (Chroma) plus BM25, fused by reciprocal rank, edition-aware.

`retrieve` is the one function the chat app calls.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from knowledge import lexical, names
from knowledge.models import PlanDocument
from knowledge.vectorstore import get_store

RRF_K = 60
CANDIDATES = 40
SUPERSEDED_PENALTY = 0.5
NAMED_EDITION_BONUS = 1.5
# A document the question names outranks any unnamed one (one RRF list tops out at 1/61).
NAME_WEIGHT = 0.05
# Documents named at least this strongly (relative to the best-named) get their own dense search.
NAMED_SEARCH_THRESHOLD = 0.5
LEAD_CHARS = 200


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

    def citation(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "insurer": self.insurer,
            "section": self.section,
            "page": self.page,
            "url": f"/documents/{self.doc_id}/" + (f"#page={self.page}" if self.page else ""),
            "effective_date": self.effective_date,
            "is_current": self.is_current,
        }


@dataclass(frozen=True)
class _Edition:
    version: str
    product: str
    effective_date: dt.date | None
    names: tuple[str, ...] = ()


_editions_lock = threading.Lock()
_editions_cache: dict[tuple[Any, ...], dict[str, _Edition]] = {}


def _editions() -> dict[str, _Edition]:
    """Indexed documents: doc_id → the version whose chunks are live, its edition data and names.

    Re-read only when a document changed (every write sets `updated_at`): a question
    then costs one aggregate query, not a read of every document row.
    """
    rows = PlanDocument.objects.filter(status=PlanDocument.Status.READY).exclude(checksum="")
    stamp = rows.aggregate(count=Count("pk"), latest=Max("updated_at"))
    key = (settings.CHROMA_COLLECTION, stamp["count"], stamp["latest"])
    with _editions_lock:
        cached = _editions_cache.get(key)
    if cached is not None:
        return cached
    editions = _read_editions(rows)
    with _editions_lock:
        _editions_cache.clear()
        _editions_cache[key] = editions
    return editions


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


def _where(filters: dict[str, str]) -> dict[str, Any] | None:
    clauses: list[dict[str, Any]] = [{key: value} for key, value in filters.items() if value]
    if not clauses:
        return None
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def _load_all() -> tuple[list[str], list[str]]:
    collection: Any = get_store()._collection
    data = collection.get(include=["documents", "metadatas"])
    texts = [
        f"{(m or {}).get('title', '')} {(m or {}).get('section', '')} {d or ''}"
        for d, m in zip(data["documents"], data["metadatas"], strict=True)
    ]
    return list(data["ids"]), texts


_names_lock = threading.Lock()
_names_cache: dict[str, names.NameIndex] = {}


def _name_index(generation: str, editions: dict[str, _Edition]) -> names.NameIndex:
    """Each document's names plus its opening lines (where bilingual headers sit); cached."""
    with _names_lock:
        cached = _names_cache.get(generation)
        if cached is not None:
            return cached
        collection: Any = get_store()._collection
        first = collection.get(where={"chunk": 0}, include=["documents", "metadatas"])
        leads = {
            str((m or {}).get("doc_id", "")): (d or "")[:LEAD_CHARS]
            for d, m in zip(first["documents"], first["metadatas"], strict=True)
        }
        index = names.NameIndex(
            {
                doc_id: names.Profile.of(edition.names, leads.get(doc_id, ""))
                for doc_id, edition in editions.items()
            }
        )
        _names_cache.clear()
        _names_cache[generation] = index
        return index


def _generation(editions: dict[str, _Edition]) -> str:
    return (
        settings.CHROMA_COLLECTION + "|" + "|".join(f"{d}:{e.version}" for d, e in sorted(editions.items()))
    )


def _asked_years(query: str) -> set[int]:
    return {int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", query)}


class _Fusion:
    """Reciprocal rank fusion of ranked lists of chunks, keeping each chunk's text and metadata."""

    def __init__(self, filters: dict[str, str]) -> None:
        self.filters = filters
        self.found: dict[str, tuple[str, dict[str, Any]]] = {}
        self.scores: dict[str, float] = {}

    def keep(self, meta: dict[str, Any]) -> bool:
        return not any(value and meta.get(key) != value for key, value in self.filters.items())

    def add_ranked(self, ids: list[str]) -> None:
        rank = 0
        for cid in ids:
            if cid not in self.found or not self.keep(self.found[cid][1]):
                continue
            self.scores[cid] = self.scores.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
            rank += 1

    def add_result(self, result: dict[str, Any]) -> list[str]:
        for cid, text, meta in zip(result["ids"], result["documents"], result["metadatas"], strict=True):
            self.found[cid] = (text or "", dict(meta or {}))
        return list(result["ids"])


def _dense(collection: Any, vector: list[float], where: dict[str, Any] | None) -> dict[str, Any]:
    result = collection.query(
        query_embeddings=[vector],
        n_results=CANDIDATES,
        where=where,
        include=["documents", "metadatas"],
    )
    return {key: result[key][0] for key in ("ids", "documents", "metadatas")}


def _and(*clauses: dict[str, Any] | None) -> dict[str, Any] | None:
    present = [c for c in clauses if c]
    if len(present) <= 1:
        return present[0] if present else None
    return {"$and": present}


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
    editions = _editions()
    if not editions or not query.strip():
        return []
    filters = {"product_line": product_line, "insurer": insurer, "product": product, "language": language}
    where = _where(filters)
    store = get_store()
    collection: Any = store._collection  # chromadb's result types are all Optional
    vector = store.embeddings.embed_query(query)  # type: ignore[union-attr]
    fusion = _Fusion(filters)
    fusion.add_ranked(fusion.add_result(_dense(collection, vector, where)))

    generation = _generation(editions)
    lexical_hits = [cid for cid, _ in lexical.get_index(generation, _load_all).search(query, CANDIDATES * 2)]
    missing = [cid for cid in lexical_hits if cid not in fusion.found]
    if missing:
        fusion.add_result(collection.get(ids=missing, include=["documents", "metadatas"]))
    fusion.add_ranked(lexical_hits)

    match = _name_index(generation, editions).match(query)
    named = match.scores
    strongly_named = sorted(d for d, s in named.items() if s >= NAMED_SEARCH_THRESHOLD)
    if strongly_named:
        # Within the named documents the names say nothing: rank their chunks by the rest.
        content = store.embeddings.embed_query(match.strip(query))  # type: ignore[union-attr]
        in_named = {"doc_id": {"$in": strongly_named}}
        fusion.add_ranked(fusion.add_result(_dense(collection, content, _and(where, in_named))))
    return _rank(fusion, editions, named, query, k=k, current_only=current_only)


def _rank(
    fusion: _Fusion,
    editions: dict[str, _Edition],
    named: dict[str, float],
    query: str,
    *,
    k: int,
    current_only: bool,
) -> list[RetrievedChunk]:
    current = _current_docs(editions, timezone.localdate())
    years = _asked_years(query)
    results: list[RetrievedChunk] = []
    for cid, fused in fusion.scores.items():
        text, meta = fusion.found[cid]
        doc_id = str(meta.get("doc_id", ""))
        edition = editions.get(doc_id)
        if edition is None or meta.get("version") != edition.version:
            continue  # a chunk of a deleted document or of a replaced version
        # Every strongly named document counts alike, so a comparison brings both to the top.
        strength = named.get(doc_id, 0.0)
        score = fused + NAME_WEIGHT * (1.0 if strength >= NAMED_SEARCH_THRESHOLD else strength)
        is_current = doc_id in current
        if not is_current:
            if current_only:
                continue
            asked = edition.effective_date is not None and edition.effective_date.year in years
            score *= NAMED_EDITION_BONUS if asked else SUPERSEDED_PENALTY
        results.append(_chunk(cid, text, meta, is_current, score))
    results.sort(key=lambda c: c.score, reverse=True)
    return results[:k]


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
