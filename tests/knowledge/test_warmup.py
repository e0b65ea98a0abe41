"""A starting web process loads the local embedder before its first question, and never calls a remote one."""

from __future__ import annotations

from typing import Any

import pytest

from knowledge import warmup


class RecordingEmbedder:
    def __init__(self) -> None:
        self.queries: list[str] = []

    def embed_query(self, text: str) -> list[float]:
        self.queries.append(text)
        return [0.0]


@pytest.mark.parametrize("remote, embeds", [("", True), ("http://embeddings.invalid/v1", False)])
def test_warm_up_encodes_once_with_the_local_embedder_only(
    monkeypatch: pytest.MonkeyPatch, settings: Any, remote: str, embeds: bool
) -> None:
    settings.EMBEDDINGS_BASE_URL = remote
    embedder = RecordingEmbedder()
    monkeypatch.setattr(warmup, "get_embeddings", lambda: embedder)
    warmup.warm_up()
    assert len(embedder.queries) == (1 if embeds else 0)
