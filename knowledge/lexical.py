"""BM25 over every indexed chunk, with the tokens of knowledge.text (the one tokeniser)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from knowledge.text import tokenize

__all__ = ["LexicalIndex", "build_index", "tokenize"]


@dataclass
class LexicalIndex:
    ids: list[str]
    retriever: Any
    _position: dict[str, int] | None = None  # chunk id → row, made on first use
    _vocabulary: frozenset[str] | None = None

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        tokens = tokenize(query)
        if not tokens or not self.ids:
            return []
        k = min(k, len(self.ids))
        results, scores = self.retriever.retrieve([tokens], k=k, show_progress=False)
        return [(self.ids[i], float(s)) for i, s in zip(results[0], scores[0], strict=True) if s > 0]

    def vocabulary(self) -> frozenset[str]:
        """Every token of the indexed texts: the words the documents use."""
        if self._vocabulary is None:
            self._vocabulary = frozenset(self.retriever.vocab_dict) if self.ids else frozenset()
        return self._vocabulary

    def rank_among(self, query: str, ids: list[str]) -> list[str]:
        """`ids` that share a word with `query`, best BM25 score first (a few documents' chunks)."""
        tokens = [t for t in tokenize(query) if t in self.retriever.vocab_dict]
        if not tokens or not ids:
            return []
        if self._position is None:
            self._position = {cid: i for i, cid in enumerate(self.ids)}
        scores = self.retriever.get_scores(tokens)
        scored = [(float(scores[self._position[cid]]), cid) for cid in ids if cid in self._position]
        return [cid for score, cid in sorted(scored, key=lambda p: -p[0]) if score > 0]


def build_index(ids: list[str], texts: Iterable[str]) -> LexicalIndex:
    """A BM25 index of `texts` (in the order of `ids`); the caller keeps it per index generation."""
    import bm25s

    # bm25s logs each index build at DEBUG on its own handler; commands' output stays clean.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    retriever = bm25s.BM25()
    if ids:
        retriever.index([tokenize(t) or ["∅"] for t in texts], show_progress=False)
    return LexicalIndex(ids=ids, retriever=retriever)
