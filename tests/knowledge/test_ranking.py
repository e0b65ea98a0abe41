"""Ranking rules that need no index: named documents taking turns at the top."""

from __future__ import annotations

from knowledge.retrieval import RetrievedChunk, _take_turns


def _chunk(doc_id: str, n: int, score: float) -> RetrievedChunk:
    return RetrievedChunk(
        chunk_id=f"{doc_id}:v:{n}",
        text="",
        doc_id=doc_id,
        title="",
        insurer="",
        product="",
        product_line="",
        language="en",
        section="",
        page=None,
        effective_date="",
        is_current=True,
        score=score,
    )


def test_named_documents_take_turns_each_best_first_then_the_rest() -> None:
    ranked = [
        _chunk("a", 0, 0.9),
        _chunk("a", 1, 0.8),
        _chunk("a", 2, 0.7),
        _chunk("b", 0, 0.6),
        _chunk("c", 0, 0.5),
    ]
    order = [(c.doc_id, c.chunk_id[-1]) for c in _take_turns(ranked, {"a", "b"})]
    assert order == [("a", "0"), ("b", "0"), ("a", "1"), ("a", "2"), ("c", "0")]


def test_one_named_document_keeps_the_ranking() -> None:
    ranked = [_chunk("a", 0, 0.9), _chunk("b", 0, 0.8), _chunk("a", 1, 0.7)]
    assert _take_turns(ranked, {"a"}) == ranked
