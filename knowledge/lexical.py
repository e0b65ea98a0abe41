"""BM25 over every indexed chunk, with Chinese-aware tokens.

Traditional characters are folded to Simplified (OpenCC) so 萬 matches 万, and
Chinese is segmented with jieba; Latin words and numbers are lower-cased tokens.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from knowledge.language import to_simplified

_TOKEN = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*%?|[\u3400-\u9fff]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "be",
        "what",
        "how",
        "do",
        "does",
        "i",
        "my",
        "me",
        "you",
        "your",
        "it",
        "this",
        "that",
        "with",
        "by",
        "at",
        "from",
        "as",
        "can",
        "if",
        "which",
        "when",
        "will",
        "there",
        "any",
    ]
)


# Words jieba's dictionary lacks, in Simplified (text is folded before segmenting). Without them a
# plan term next to a Cantonese particle is glued into a non-word: "等候期係幾耐" came out as
# 等候 / 期系 / 几耐, and "期系" is in no document, so the question looked unanswerable.
_WORDS = (
    # Insurance terms of plan documents.
    "等候期",
    "冷静期",
    "宽限期",
    "信用期",
    "免赔额",
    "自付额",
    "共同保险",
    "保单年度",
    "直接结算",
    "网络医院",
    "赔偿限额",
    "年度限额",
    "终身限额",
    # Written Cantonese.
    "几耐",
    "几多",
    "几时",
    "点样",
    "边度",
    "边间",
    "边个",
    "系咪",
    "系唔系",
    "有冇",
    "使唔使",
    "可唔可以",
)


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    for word in _WORDS:
        jieba.add_word(word)
    return jieba


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    for match in _TOKEN.finditer(to_simplified(text.lower())):
        piece = match.group(0)
        if "\u3400" <= piece[0] <= "\u9fff":
            tokens.extend(w for w in _jieba().lcut_for_search(piece) if w.strip())
        elif piece not in _STOP:
            tokens.append(piece.replace(",", ""))
    return tokens


@dataclass
class LexicalIndex:
    ids: list[str]
    retriever: Any
    _position: dict[str, int] | None = None  # chunk id → row, made on first use

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        tokens = tokenize(query)
        if not tokens or not self.ids:
            return []
        k = min(k, len(self.ids))
        results, scores = self.retriever.retrieve([tokens], k=k, show_progress=False)
        return [(self.ids[i], float(s)) for i, s in zip(results[0], scores[0], strict=True) if s > 0]

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
