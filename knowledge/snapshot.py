"""What retrieval keeps in memory for one generation of the index.

A question used to pay for work that only changes when the index does: reading
the chunks' texts back from Chroma, re-deriving document names, building the
BM25 index. Here it is done once per generation (a generation is the set of live
document versions plus the collection they live in) and shared by every
question until a document changes. Each chunk's document-level metadata is held
once per document, not once per chunk, so 100k chunks stay affordable.
"""

from __future__ import annotations

import itertools
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from knowledge import lexical, names

LEAD_CHARS = 200
READ_PAGE = 5000
# Chunk-level metadata; everything else a chunk carries is the same for its whole document.
_CHUNK_KEYS = ("section", "page", "chunk")


@dataclass(frozen=True, slots=True)  # one per chunk: no per-instance dict
class StoredChunk:
    text: str
    doc: dict[str, Any]  # shared by every chunk of the document (and version)
    section: str
    page: int
    number: int

    def metadata(self) -> dict[str, Any]:
        return {**self.doc, "section": self.section, "page": self.page, "chunk": self.number}


@dataclass
class Snapshot:
    """The chunks of one generation, their BM25 index, the documents' names, and vectors on demand."""

    generation: str
    collection: Any
    chunks: dict[str, StoredChunk]
    lexical: lexical.LexicalIndex
    names: names.NameIndex
    _by_doc: dict[str, list[str]] = field(default_factory=dict)
    _vectors: dict[str, tuple[list[str], np.ndarray]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def nearest_in(
        self,
        collection: Any,
        doc_ids: Iterable[str],
        vector: list[float],
        keep: Callable[[str], bool],
        limit: int,
    ) -> list[str]:
        """Chunks of the given documents by cosine similarity to `vector`, exactly, in memory.

        The documents' vectors are fetched from Chroma once per generation; a filtered
        Chroma query per question cost as much as the unfiltered one.
        """
        ids: list[str] = []
        rows: list[np.ndarray] = []
        for doc_id in doc_ids:
            doc_ids_, matrix = self._doc_vectors(collection, doc_id)
            if doc_ids_ and keep(doc_ids_[0]):
                ids += doc_ids_
                rows.append(matrix)
        if not ids:
            return []
        query = np.asarray(vector, dtype=np.float32)
        similarity = np.vstack(rows) @ (query / (np.linalg.norm(query) or 1.0))
        order = np.argsort(-similarity, kind="stable")[:limit]
        return [ids[i] for i in order]

    def chunks_of(self, doc_ids: Iterable[str]) -> list[str]:
        return [cid for doc_id in doc_ids for cid in self._by_doc.get(doc_id, [])]

    def _doc_vectors(self, collection: Any, doc_id: str) -> tuple[list[str], np.ndarray]:
        with self._lock:
            cached = self._vectors.get(doc_id)
        if cached is not None:
            return cached
        ids = self._by_doc.get(doc_id, [])
        matrix: np.ndarray = np.zeros((0, 1), dtype=np.float32)
        if ids:
            got = collection.get(ids=ids, include=["embeddings"])
            ids = list(got["ids"])
            matrix = np.asarray(got["embeddings"], dtype=np.float32).reshape(len(ids), -1)
            norms = np.linalg.norm(matrix, axis=1, keepdims=True)
            matrix = (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)
        with self._lock:
            self._vectors[doc_id] = (ids, matrix)
        return ids, matrix


def build(generation: str, collection: Any, doc_names: dict[str, tuple[str, ...]]) -> Snapshot:
    """Read every chunk of `collection` once; index it for BM25 and the documents for names."""
    chunks: dict[str, StoredChunk] = {}
    by_doc: dict[str, list[str]] = {}
    docs: dict[tuple[str, str], dict[str, Any]] = {}
    leads: dict[str, str] = {}
    for cid, text, meta in _every_chunk(collection):
        doc_key = (str(meta.get("doc_id", "")), str(meta.get("version", "")))
        doc = docs.setdefault(doc_key, {k: v for k, v in meta.items() if k not in _CHUNK_KEYS})
        page = meta.get("page")
        chunk = StoredChunk(
            text=text or "",
            doc=doc,
            section=sys.intern(str(meta.get("section", ""))),
            page=page if isinstance(page, int) else 0,
            number=int(meta.get("chunk") or 0),
        )
        chunks[cid] = chunk
        by_doc.setdefault(doc_key[0], []).append(cid)
        if chunk.number == 0:
            leads[doc_key[0]] = chunk.text[:LEAD_CHARS]
    ids = list(chunks)
    bm25 = lexical.build_index(
        ids, (f"{chunks[c].doc.get('title', '')} {chunks[c].section} {chunks[c].text}" for c in ids)
    )
    name_index = names.NameIndex(
        {doc_id: names.Profile.of(doc_name, leads.get(doc_id, "")) for doc_id, doc_name in doc_names.items()}
    )
    return Snapshot(generation, collection, chunks, bm25, name_index, _by_doc=by_doc)


def _every_chunk(collection: Any) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every chunk's id, text and metadata, a page at a time.

    One `get` of everything fails past about 30k chunks in embedded Chroma (SQLite's
    limit on query variables) and would hold two copies of the collection at once.
    """
    for offset in itertools.count(0, READ_PAGE):
        page = collection.get(include=["documents", "metadatas"], limit=READ_PAGE, offset=offset)
        for cid, text, meta in zip(page["ids"], page["documents"], page["metadatas"], strict=True):
            yield cid, text or "", dict(meta or {})
        if len(page["ids"]) < READ_PAGE:
            return
