"""Chroma, embedded under PORTAL_DATA_DIR or a server at CHROMA_URL, through langchain-chroma.

The collection records which embedder filled it: mixing vectors from two models
would silently ruin retrieval, so a mismatch is refused until `reindex` is run.
Chroma's own default embedding function never runs: vectors always come from
`knowledge.embeddings`.
"""

from __future__ import annotations

import contextlib
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

from django.conf import settings
from langchain_chroma import Chroma

from knowledge.embeddings import embedder_id, get_embeddings


class EmbedderMismatch(RuntimeError):
    pass


@lru_cache(maxsize=1)
def get_client() -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.CHROMA_URL:
        url = urlparse(settings.CHROMA_URL)
        return chromadb.HttpClient(
            host=url.hostname or "localhost",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    settings.CHROMA_DIR.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.CHROMA_DIR), settings=chroma_settings)


def embedder_dimension() -> int:
    embeddings = get_embeddings()
    known = getattr(embeddings, "dimension", None)
    return int(known) if known else len(embeddings.embed_query("dimension"))


def collection_metadata() -> dict[str, Any]:
    return {"embedder": embedder_id(), "dimension": embedder_dimension(), "hnsw:space": "cosine"}


@lru_cache(maxsize=1)
def get_store() -> Chroma:
    """The chunk collection; raise EmbedderMismatch if another embedder (or dimension) filled it."""
    wanted = collection_metadata()
    store = Chroma(
        client=get_client(),
        collection_name=settings.CHROMA_COLLECTION,
        embedding_function=get_embeddings(),
        collection_metadata=wanted,
    )
    recorded = store._collection.metadata or {}
    for key in ("embedder", "dimension"):
        if recorded.get(key) is not None and recorded.get(key) != wanted[key]:
            raise EmbedderMismatch(
                f"the Chroma collection {settings.CHROMA_COLLECTION!r} was built with "
                f"{key} {recorded.get(key)!r} but the configured embedder has {wanted[key]!r}; "
                "run `python manage.py reindex` to rebuild it"
            )
    return store


def reset_store() -> None:
    """Drop the collection (used by `reindex` when switching embedders)."""
    client = get_client()
    # A missing collection is what we want.
    with contextlib.suppress(Exception):
        client.delete_collection(settings.CHROMA_COLLECTION)
    get_store.cache_clear()


def delete_chunks(*, doc_id: str, keep_version: str | None = None) -> None:
    collection = get_store()._collection
    where: dict[str, Any] = {"doc_id": doc_id}
    if keep_version is not None:
        where = {"$and": [{"doc_id": doc_id}, {"version": {"$ne": keep_version}}]}
    collection.delete(where=where)
