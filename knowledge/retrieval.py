"""Hybrid retrieval: dense (Chroma) plus BM25, fused by reciprocal rank, edition-aware.

`retrieve` is the one function the chat app calls.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from knowledge import lexical
from knowledge.models import PlanDocument
from knowledge.vectorstore import get_store

RRF_K = 60
CANDIDATES = 40
SUPERSEDED_PENALTY = 0.5


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
        }


@dataclass(frozen=True)
class _Edition:
    version: str
    product: str
    effective_date: dt.date | None


def _editions() -> dict[str, _Edition]:
    """Indexed documents: doc_id → the version whose chunks are live, and its edition data."""
    rows = PlanDocument.objects.filter(status=PlanDocument.Status.READY).exclude(checksum="")
    return {
        row.doc_id: _Edition(row.checksum[:16], row.product.slug if row.product else "", row.effective_date)
        for row in rows.select_related("product")
    }


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


def _generation(editions: dict[str, _Edition]) -> str:
    return "|".join(f"{d}:{e.version}" for d, e in sorted(editions.items()))


def _asked_years(query: str) -> set[int]:
    return {int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", query)}


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

    Superseded editions rank lower unless the query names their year; with
    `current_only` they are left out.
    """
    editions = _editions()
    if not editions or not query.strip():
        return []
    today = timezone.localdate()
    current = _current_docs(editions, today)
    filters = {
        "product_line": product_line,
        "insurer": insurer,
        "product": product,
        "language": language,
    }
    where = _where(filters)
    store = get_store()
    collection: Any = store._collection  # chromadb's result types are all Optional

    dense = collection.query(
        query_embeddings=[store.embeddings.embed_query(query)],  # type: ignore[union-attr]
        n_results=CANDIDATES,
        where=where,
        include=["documents", "metadatas", "distances"],
    )
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    scores: dict[str, float] = {}
    for rank, (cid, text, meta) in enumerate(
        zip(dense["ids"][0], dense["documents"][0], dense["metadatas"][0], strict=True)
    ):
        found[cid] = (text or "", dict(meta or {}))
        scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)

    index = lexical.get_index(_generation(editions), _load_all)
    lexical_hits = index.search(query, CANDIDATES * 2)
    missing = [cid for cid, _ in lexical_hits if cid not in found]
    if missing:
        extra = collection.get(ids=missing, include=["documents", "metadatas"])
        for cid, text, meta in zip(extra["ids"], extra["documents"], extra["metadatas"], strict=True):
            found[cid] = (text or "", dict(meta or {}))
    rank = 0
    for cid, _score in lexical_hits:
        meta = found.get(cid, ("", {}))[1]
        if any(value and meta.get(key) != value for key, value in filters.items()):
            continue
        scores[cid] = scores.get(cid, 0.0) + 1.0 / (RRF_K + rank + 1)
        rank += 1

    years = _asked_years(query)
    results: list[RetrievedChunk] = []
    for cid, score in scores.items():
        text, meta = found[cid]
        doc_id = str(meta.get("doc_id", ""))
        edition = editions.get(doc_id)
        if edition is None or meta.get("version") != edition.version:
            continue  # a chunk of a deleted document or of a replaced version
        is_current = doc_id in current
        if not is_current:
            if current_only:
                continue
            named = edition.effective_date is not None and edition.effective_date.year in years
            score = score * (1.5 if named else SUPERSEDED_PENALTY)
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
