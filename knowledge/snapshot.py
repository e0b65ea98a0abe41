"""What retrieval keeps for one generation of the index, written once and shared by every process.

A question used to pay for work that only changes when the index does: reading the chunks'
texts back from Chroma, re-deriving document names, building the BM25 index. That is done once
per generation (a generation is the set of live document versions plus the collection they live
in) and shared by every question until a document changes.

It is also shared by every process. Held as Python objects it cost about 1.3 GB per process at
100k chunks, paid again by each web and worker process; instead the first process to need a
generation writes it to the data folder as flat arrays (texts and sections as one UTF-8 blob
each with offsets, per-chunk numbers, normalised vectors, the BM25 index's sparse matrix), and
every process memory-maps them read-only: the pages are the kernel's page cache, counted once
however many processes read them. What stays private is small: the documents' metadata (one
dict per document version), their name index and BM25's vocabulary.
"""

from __future__ import annotations

import fcntl
import hashlib
import itertools
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from knowledge import lexical, names

logger = logging.getLogger(__name__)

LEAD_CHARS = 200
READ_PAGE = 5000
# Chunk-level metadata; everything else a chunk carries is the same for its whole document.
_CHUNK_KEYS = ("section", "page", "chunk")
# Bumped when the files' layout changes: older folders are then never read.
FORMAT = "1"
# Generations kept on disk besides the newest: a process may still be loading one of them.
KEEP_OLDER = 2
_COMPLETE = "complete"


@dataclass(frozen=True, slots=True)  # made on access, one per chunk looked at
class StoredChunk:
    text: str
    doc: dict[str, Any]  # shared by every chunk of the document (and version)
    section: str
    page: int
    number: int

    def metadata(self) -> dict[str, Any]:
        return {**self.doc, "section": self.section, "page": self.page, "chunk": self.number}


class Blobs:
    """Strings stored as one UTF-8 blob and the offsets of each (both memory-mapped)."""

    def __init__(self, data: np.ndarray, offsets: np.ndarray) -> None:
        self.data, self.offsets = data, offsets

    def __getitem__(self, row: int) -> str:
        start, end = int(self.offsets[row]), int(self.offsets[row + 1])
        return bytes(self.data[start:end]).decode("utf-8")

    def __len__(self) -> int:
        return len(self.offsets) - 1


class Chunks:
    """Chunk id → StoredChunk, over the generation's arrays; rows are in Chroma's read order."""

    def __init__(self, folder: Path, docs: list[dict[str, Any]]) -> None:
        self.ids = _blobs(folder, "ids")
        self.texts = _blobs(folder, "texts")
        self.sections = _blobs(folder, "sections")
        self.doc_of = _array(folder, "doc_of")  # row → index into `docs`
        self.page = _array(folder, "page")
        self.number = _array(folder, "number")
        self.sorted_ids = _array(folder, "sorted_ids")  # the ids' bytes, sorted, for lookups
        self.sorted_rows = _array(folder, "sorted_rows")
        self.docs = docs

    def row(self, cid: str) -> int | None:
        key = cid.encode("utf-8")
        if not self.sorted_ids.size or len(key) > self.sorted_ids.dtype.itemsize:
            return None
        at = int(np.searchsorted(self.sorted_ids, key))
        if at < len(self.sorted_ids) and self.sorted_ids[at] == key:
            return int(self.sorted_rows[at])
        return None

    def doc_at(self, row: int) -> dict[str, Any]:
        """The metadata a row shares with its document (without reading its text)."""
        return self.docs[int(self.doc_of[row])]

    def at(self, row: int) -> StoredChunk:
        return StoredChunk(
            text=self.texts[row],
            doc=self.docs[int(self.doc_of[row])],
            section=self.sections[row],
            page=int(self.page[row]),
            number=int(self.number[row]),
        )

    def __contains__(self, cid: object) -> bool:
        return isinstance(cid, str) and self.row(cid) is not None

    def __getitem__(self, cid: str) -> StoredChunk:
        row = self.row(cid)
        if row is None:
            raise KeyError(cid)
        return self.at(row)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass
class Snapshot:
    """The chunks of one generation, their BM25 index, the documents' names and their vectors."""

    generation: str
    collection: Any
    chunks: Chunks
    lexical: lexical.LexicalIndex
    names: names.NameIndex
    vectors: np.ndarray  # row → unit vector (memory-mapped)
    doc_rows: dict[str, np.ndarray]  # doc_id → its rows, in Chroma's read order

    def nearest_in(
        self, doc_ids: Iterable[str], vector: list[float], keep: Callable[[str], bool], limit: int
    ) -> list[str]:
        """Chunks of the given documents by cosine similarity to `vector`, exactly.

        A filtered Chroma query per question cost as much as the unfiltered one.
        """
        rows = [
            r for d in doc_ids if len(r := self.doc_rows.get(d, _NO_ROWS)) and keep(self.chunks.ids[r[0]])
        ]
        if not rows:
            return []
        chosen = np.concatenate(rows)
        query = np.asarray(vector, dtype=np.float32)
        similarity = self.vectors[chosen] @ (query / (np.linalg.norm(query) or 1.0))
        order = np.argsort(-similarity, kind="stable")[:limit]
        return [self.chunks.ids[int(chosen[i])] for i in order]

    def chunks_of(self, doc_ids: Iterable[str]) -> list[str]:
        return [self.chunks.ids[int(r)] for d in doc_ids for r in self.doc_rows.get(d, _NO_ROWS)]


_NO_ROWS = np.zeros(0, dtype=np.int64)


def build(generation: str, collection: Any, doc_names: dict[str, tuple[str, ...]], root: Path) -> Snapshot:
    """This generation's snapshot: loaded from `root` if a process has written it, else written there.

    One process writes a generation (the others wait for its lock, then load what it wrote);
    the folder appears whole or not at all.
    """
    folder = root / _key(generation, collection)
    if not (folder / _COMPLETE).exists():
        root.mkdir(parents=True, exist_ok=True)
        with (root / f"{folder.name}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (folder / _COMPLETE).exists():
                _write(folder, collection)
                _prune(root, keep=folder)
    return load(folder, generation, collection, doc_names)


def load(folder: Path, generation: str, collection: Any, doc_names: dict[str, tuple[str, ...]]) -> Snapshot:
    docs = json.loads((folder / "docs.json").read_text(encoding="utf-8"))
    chunks = Chunks(folder, docs)
    bm25 = (
        lexical.load_index(folder / "bm25", chunks.ids, chunks.row)
        if len(chunks)
        else lexical.build_index([], [])
    )
    doc_rows = _rows_by_doc(chunks)
    leads = {}
    for doc_id, rows in doc_rows.items():
        openings = rows[np.asarray(chunks.number)[rows] == 0]
        if len(openings):  # the last in read order, as when every chunk was read in turn
            leads[doc_id] = chunks.texts[int(openings[-1])][:LEAD_CHARS]
    name_index = names.NameIndex(
        {doc_id: names.Profile.of(doc_name, leads.get(doc_id, "")) for doc_id, doc_name in doc_names.items()}
    )
    vectors = _array(folder, "vectors")
    return Snapshot(generation, collection, chunks, bm25, name_index, vectors, doc_rows)


def _rows_by_doc(chunks: Chunks) -> dict[str, np.ndarray]:
    """doc_id → its rows (every version of it), in read order."""
    if not len(chunks):
        return {}
    names_ = sorted({str(d.get("doc_id", "")) for d in chunks.docs})
    index = {name: i for i, name in enumerate(names_)}
    per_row = np.asarray([index[str(d.get("doc_id", ""))] for d in chunks.docs])[np.asarray(chunks.doc_of)]
    order = np.argsort(per_row, kind="stable")  # stable: read order within each document
    bounds = np.flatnonzero(np.diff(per_row[order])) + 1
    return {names_[int(per_row[group[0]])]: group for group in np.split(order, bounds)}


def _key(generation: str, collection: Any) -> str:
    # The collection's id as well as its name: a collection dropped and made again under the same
    # name (tests, a reset) must not be served from the files of the old one.
    stamp = f"{FORMAT}|{getattr(collection, 'id', '')}|{generation}"
    return hashlib.sha256(stamp.encode("utf-8")).hexdigest()[:32]


def _write(folder: Path, collection: Any) -> None:
    started = time.perf_counter()
    partial = folder.with_name(f"{folder.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    docs: dict[tuple[str, str], int] = {}
    doc_meta: list[dict[str, Any]] = []
    ids: list[bytes] = []
    texts, sections = _BlobWriter(partial, "texts"), _BlobWriter(partial, "sections")
    id_blobs = _BlobWriter(partial, "ids")
    doc_of: list[int] = []
    page: list[int] = []
    number: list[int] = []
    vectors: list[np.ndarray] = []
    bm25_texts: list[str] = []
    for cid, text, meta, vector in _every_chunk(collection):
        key = (str(meta.get("doc_id", "")), str(meta.get("version", "")))
        if key not in docs:
            docs[key] = len(doc_meta)
            doc_meta.append({k: v for k, v in meta.items() if k not in _CHUNK_KEYS})
        section = str(meta.get("section", ""))
        raw_page = meta.get("page")
        ids.append(cid.encode("utf-8"))
        id_blobs.add(cid)
        texts.add(text)
        sections.add(section)
        doc_of.append(docs[key])
        page.append(raw_page if isinstance(raw_page, int) else 0)
        number.append(int(meta.get("chunk") or 0))
        vectors.append(vector)
        bm25_texts.append(f"{doc_meta[docs[key]].get('title', '')} {section} {text}")
    for writer in (texts, sections, id_blobs):
        writer.close()
    np.save(partial / "doc_of.npy", np.asarray(doc_of, dtype=np.int32))
    np.save(partial / "page.npy", np.asarray(page, dtype=np.int32))
    np.save(partial / "number.npy", np.asarray(number, dtype=np.int32))
    width = max((len(i) for i in ids), default=1)
    order = np.argsort(np.asarray(ids, dtype=f"S{width}"), kind="stable")
    np.save(partial / "sorted_ids.npy", np.asarray(ids, dtype=f"S{width}")[order])
    np.save(partial / "sorted_rows.npy", order.astype(np.int64))
    np.save(partial / "vectors.npy", _unit_rows(vectors))
    (partial / "docs.json").write_text(json.dumps(doc_meta, ensure_ascii=False), encoding="utf-8")
    if ids:
        lexical.build_index([i.decode("utf-8") for i in ids], bm25_texts).save(partial / "bm25")
    (partial / _COMPLETE).write_text(str(len(ids)))
    os.replace(partial, folder)
    logger.info(
        "wrote the retrieval snapshot of %d chunks in %.1f s", len(ids), time.perf_counter() - started
    )


def _unit_rows(vectors: list[np.ndarray]) -> np.ndarray:
    if not vectors:
        return np.zeros((0, 1), dtype=np.float32)
    matrix = np.vstack(vectors).astype(np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms == 0, 1.0, norms)).astype(np.float32)


class _BlobWriter:
    def __init__(self, folder: Path, name: str) -> None:
        self.folder, self.name = folder, name
        self.stream = (folder / f"{name}.bin").open("wb")
        self.offsets = [0]

    def add(self, text: str) -> None:
        data = text.encode("utf-8")
        self.stream.write(data)
        self.offsets.append(self.offsets[-1] + len(data))

    def close(self) -> None:
        self.stream.close()
        np.save(self.folder / f"{self.name}.offsets.npy", np.asarray(self.offsets, dtype=np.int64))


def _blobs(folder: Path, name: str) -> Blobs:
    path = folder / f"{name}.bin"
    data = np.memmap(path, dtype=np.uint8, mode="r") if path.stat().st_size else np.zeros(0, np.uint8)
    return Blobs(np.asarray(data), _array(folder, f"{name}.offsets"))


def _array(folder: Path, name: str) -> np.ndarray:
    # A plain view of the mapped pages (it keeps the mapping alive): np.memmap's Python-level
    # __getitem__/__array_finalize__ ran on every slice, a few per cent of an answer's CPU.
    return np.asarray(np.load(folder / f"{name}.npy", mmap_mode="r"))


def _prune(root: Path, *, keep: Path) -> None:
    """Drop all but the newest generations (a process that mapped one keeps reading it: the
    kernel frees the files' pages only when the last mapping goes)."""
    folders = sorted(
        (p for p in root.iterdir() if p.is_dir() and p != keep and (p / _COMPLETE).exists()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in folders[KEEP_OLDER:]:
        shutil.rmtree(old, ignore_errors=True)
        (root / f"{old.name}.lock").unlink(missing_ok=True)
    for partial in root.glob("*.partial-*"):  # left by a process killed while writing
        if time.time() - partial.stat().st_mtime > 3600:
            shutil.rmtree(partial, ignore_errors=True)


def _every_chunk(collection: Any) -> Iterator[tuple[str, str, dict[str, Any], np.ndarray]]:
    """Every chunk's id, text, metadata and vector, a page at a time.

    One `get` of everything fails past about 30k chunks in embedded Chroma (SQLite's
    limit on query variables) and would hold two copies of the collection at once.
    """
    for offset in itertools.count(0, READ_PAGE):
        page = collection.get(
            include=["documents", "metadatas", "embeddings"], limit=READ_PAGE, offset=offset
        )
        vectors = page["embeddings"]
        for i, (cid, text, meta) in enumerate(
            zip(page["ids"], page["documents"], page["metadatas"], strict=True)
        ):
            yield cid, text or "", dict(meta or {}), np.asarray(vectors[i], dtype=np.float32)
        if len(page["ids"]) < READ_PAGE:
            return
