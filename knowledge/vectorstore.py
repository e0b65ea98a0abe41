"""Chroma, embedded under PORTAL_DATA_DIR or a server at CHROMA_URL, through langchain-chroma.

Embedded Chroma keeps its index in the memory of the process that opened it: a second
process writing the same folder leaves the first one's view stale (a filtered query then
fails with "Error finding id"). So one process at a time may open the folder: it holds a
lock on it for its life, and `manage.py serve` runs a Chroma server on the folder for its
web and worker processes rather than let each embed it. Serve writes that server's address into
the folder's lock file: any other process of the installation (`manage.py ingest` while the portal
runs) finds the folder held by serve and uses the server instead. The address is read only while
its lock is held, so a stale one (serve gone) is never used: the folder is then free to embed.

The collection records which embedder filled it: mixing vectors from two models
would silently ruin retrieval, so a mismatch is refused until `reindex` is run.
Chroma's own default embedding function never runs: vectors always come from
`knowledge.embeddings`.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import threading
import uuid
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from langchain_chroma import Chroma

from knowledge.embeddings import embedder_id, get_embeddings


class EmbedderMismatch(RuntimeError):
    pass


class EmbeddedStoreBusy(RuntimeError):
    """Another process has the embedded Chroma folder open; the message says which and what to do."""

    def __init__(self, message: str, holder: str) -> None:
        super().__init__(message)
        self.holder = holder  # what the holding process wrote about itself


class StoreUnreachable(RuntimeError):
    """The Chroma server (CHROMA_URL, or the running portal's) did not answer."""


LOCK_FILE = "portal.lock"
# What `serve` writes in the folder's lock: who holds it and the address of its Chroma server.
SERVED_BY = "`manage.py serve` (process {pid}), which serves it as a Chroma server at {url}"
_SERVED_BY = re.compile(r"^`manage\.py serve` \(process \d+\), which serves it as a Chroma server at (\S+)$")
_claimed: dict[str, int] = {}  # folder → the lock file descriptor this process holds for its life
_claim_lock = threading.Lock()


def claim_embedded_folder(folder: Path, *, holder: str = "") -> None:
    """Make this process the only one using the embedded Chroma `folder`, until it exits.

    `holder` is written into the lock file for anyone refused. Raises EmbeddedStoreBusy if
    another process holds the folder. Claiming a folder this process holds does nothing.
    """
    with _claim_lock:
        if str(folder) in _claimed:
            return
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = os.read(fd, 1000).decode("utf-8", "replace").strip() or "another process"
            os.close(fd)
            raise EmbeddedStoreBusy(
                f"the embedded Chroma folder {folder} is in use by {other}. Two processes writing one "
                "embedded folder corrupt each other's view of it: stop that process, or set CHROMA_URL "
                "to a Chroma server on the folder.",
                other,
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, (holder or f"process {os.getpid()}").encode())
        _claimed[str(folder)] = fd


def served_url(holder: str) -> str | None:
    """The Chroma server address in a lock holder's text if the holder is `manage.py serve`, else None."""
    found = _SERVED_BY.match(holder)
    return found[1] if found else None


def store_url() -> str:
    """The Chroma server this process uses: CHROMA_URL, or the server of the `serve` that holds the
    data folder; "" for the embedded folder, which this process then holds.

    Raises EmbeddedStoreBusy if another process (not serve) holds the folder.
    """
    if settings.CHROMA_URL:
        return str(settings.CHROMA_URL)
    try:
        claim_embedded_folder(settings.CHROMA_DIR)
    except EmbeddedStoreBusy as exc:
        url = served_url(exc.holder)
        if url is None:
            raise
        return url
    return ""


@lru_cache(maxsize=1)
def get_client() -> Any:
    """A client of store_url(); raises EmbeddedStoreBusy (as store_url) or StoreUnreachable."""
    import chromadb

    url = store_url()
    if url:
        return _http_client(url)
    return chromadb.PersistentClient(path=str(settings.CHROMA_DIR), settings=_chroma_settings())


def _chroma_settings() -> Any:
    from chromadb.config import Settings as ChromaSettings

    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def _http_client(address: str) -> Any:
    import chromadb

    url = urlparse(address)
    try:
        return chromadb.HttpClient(
            host=url.hostname or "localhost",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=_chroma_settings(),
        )
    except Exception as exc:  # chromadb raises ValueError or httpx errors for a server that is not there
        raise StoreUnreachable(f"the Chroma server at {address} did not answer ({exc})") from None


def embedder_dimension() -> int:
    embeddings = get_embeddings()
    known = getattr(embeddings, "dimension", None)
    return int(known) if known else len(embeddings.embed_query("dimension"))


def collection_metadata() -> dict[str, Any]:
    return {"embedder": embedder_id(), "dimension": embedder_dimension(), "hnsw:space": "cosine"}


def active_collection() -> str:
    """The Chroma collection that holds the live chunks (switched by `reindex`)."""
    from knowledge.models import ActiveCollection

    physical = (
        ActiveCollection.objects.filter(name=settings.CHROMA_COLLECTION)
        .values_list("physical", flat=True)
        .first()
    )
    return physical or settings.CHROMA_COLLECTION


def new_collection_name() -> str:
    """A fresh collection name for a rebuild, recognisably one of the configured name's."""
    return f"{settings.CHROMA_COLLECTION}{_REBUILD_MARK}{uuid.uuid4().hex[:10]}"


_REBUILD_MARK = "--"


class _Stores:
    """Open collections by name; `get_store()` is the live one, `get_store(name)` a given one."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[str, Chroma] = {}

    def __call__(self, collection: str | None = None) -> Chroma:
        name = collection or active_collection()
        with self._lock:
            store = self._open.get(name)
            if store is None:
                store = self._open[name] = _open_store(name)
            return store

    def cache_clear(self) -> None:
        with self._lock:
            self._open.clear()


def _open_store(name: str) -> Chroma:
    """The chunk collection `name`; raise EmbedderMismatch if another embedder (or dimension) filled it."""
    wanted = collection_metadata()
    store = Chroma(
        client=get_client(),
        collection_name=name,
        embedding_function=get_embeddings(),
        collection_metadata=wanted,
    )
    recorded = store._collection.metadata or {}
    for key in ("embedder", "dimension"):
        if recorded.get(key) is not None and recorded.get(key) != wanted[key]:
            raise EmbedderMismatch(
                f"the Chroma collection {name!r} was built with "
                f"{key} {recorded.get(key)!r} but the configured embedder has {wanted[key]!r}; "
                "run `python manage.py reindex` to rebuild it"
            )
    return store


get_store = _Stores()


def drop_collections(*, keep: str = "") -> None:
    """Drop every collection of the configured name (the name itself and its rebuilds) but `keep`."""
    client = get_client()
    base = settings.CHROMA_COLLECTION
    for collection in client.list_collections():
        name = str(getattr(collection, "name", collection))
        if name != keep and (name == base or name.startswith(base + _REBUILD_MARK)):
            # Another process may have dropped it first: gone is what we want.
            with contextlib.suppress(Exception):
                client.delete_collection(name)
    get_store.cache_clear()


def reset_store() -> None:
    """Drop the collection and its rebuilds (tests and throw-away evaluation indexes)."""
    drop_collections()


def delete_chunks(*, doc_id: str, keep_version: str | None = None, collection: str | None = None) -> None:
    chroma: Any = get_store(collection)._collection
    where: dict[str, Any] = {"doc_id": doc_id}
    if keep_version is not None:
        where = {"$and": [{"doc_id": doc_id}, {"version": {"$ne": keep_version}}]}
    chroma.delete(where=where)
