"""BM25 over every indexed chunk, with the tokens of knowledge.text (the one tokeniser)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from knowledge.text import tokenize

__all__ = ["LexicalIndex", "build_index", "load_index", "tokenize"]


class RowIds(Protocol):
    """Row → chunk id: a list, or a snapshot's memory-mapped ids."""

    def __getitem__(self, row: int, /) -> str: ...
    def __len__(self) -> int: ...


@dataclass
class LexicalIndex:
    ids: RowIds
    retriever: Any
    position: Callable[[str], int | None] | None = None  # chunk id → row; a dict's, made on first use
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
        if self.position is None:
            self.position = {self.ids[i]: i for i in range(len(self.ids))}.get
        scores = self.retriever.get_scores(tokens)
        rows = [(self.position(cid), cid) for cid in ids]
        scored = [(float(scores[row]), cid) for row, cid in rows if row is not None]
        return [cid for score, cid in sorted(scored, key=lambda p: -p[0]) if score > 0]

    def save(self, folder: Path) -> None:
        """Write the index's arrays; `load_index` maps them back without reading them in."""
        self.retriever.save(str(folder), show_progress=False)


def build_index(ids: list[str], texts: Iterable[str]) -> LexicalIndex:
    """A BM25 index of `texts` (in the order of `ids`); the caller keeps it per index generation."""
    import bm25s

    # bm25s logs each index build at DEBUG on its own handler; commands' output stays clean.
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    retriever = bm25s.BM25()
    if ids:
        retriever.index([tokenize(t) or ["∅"] for t in texts], show_progress=False)
    return LexicalIndex(ids=ids, retriever=retriever)


def load_index(folder: Path, ids: RowIds, position: Callable[[str], int | None]) -> LexicalIndex:
    """An index written by `LexicalIndex.save`, its score matrix memory-mapped (shared between
    processes); `ids` and `position` map its rows to chunk ids and back."""
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    retriever = bm25s.BM25.load(str(folder), mmap=True, show_progress=False)
    return LexicalIndex(ids=ids, retriever=retriever, position=position)
