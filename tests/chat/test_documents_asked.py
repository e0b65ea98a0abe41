"""Which documents a question is answered from: one, the plans compared, or a line's plans."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import pytest

from chat import answering
from chat.answering import _documents_asked_about, _named_chunks
from tests.chat.unit_blocks import TEST_CHUNK


def _chunk(doc_id: str, line: str = "gba_medical", *, current: bool = True) -> Any:
    return replace(TEST_CHUNK, doc_id=doc_id, product=doc_id, product_line=line, is_current=current)


def _understood(**fields: Any) -> Any:
    base = {
        "which_plans": False,
        "comparison": False,
        "named_products": [],
        "named_documents": [],
        "product_lines": [],
        "asked_line": "",
        "compares_unheld": False,
    }
    return SimpleNamespace(**{**base, **fields})


def test_which_plans_reads_the_current_plans_of_the_line_asked_about() -> None:
    chunks = [
        _chunk("alpha"),
        _chunk("alpha"),
        _chunk("trade", "export_credit"),
        _chunk("alpha-2025", current=False),
        _chunk("beta"),
        _chunk("gamma"),
    ]
    assert _documents_asked_about(chunks, _understood(which_plans=True)) == ["alpha", "beta", "gamma"]
    # The line of the plans the question names, when it names some.
    named = _understood(which_plans=True, product_lines=["export_credit"])
    assert _documents_asked_about(chunks, named) == ["trade"]


def test_a_comparison_reads_every_plan_it_names() -> None:
    chunks = [_chunk("alpha"), _chunk("other"), _chunk("beta"), _chunk("gamma")]
    assert _documents_asked_about(chunks, _understood(comparison=True)) == ["alpha", "other"]
    three = _understood(comparison=True, named_products=["alpha", "beta", "gamma"])
    assert _documents_asked_about(chunks, three) == ["alpha", "beta", "gamma"]
    assert _documents_asked_about(chunks, _understood()) == ["alpha"]


def test_a_question_is_answered_from_the_plan_it_names_though_another_ranks_first() -> None:
    chunks = [_chunk("other"), _chunk("named-2025", current=False), _chunk("named-2026")]
    named = _understood(named_documents=["named-2026", "named-2025"])
    # Of the named plan's editions, the one retrieval ranks first.
    assert _documents_asked_about(chunks, named) == ["named-2025"]
    # A named plan retrieval found nothing of leaves the retrieved one.
    assert _documents_asked_about(chunks, _understood(named_documents=["absent"])) == ["other"]


def test_a_named_plan_the_search_left_out_is_searched_on_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    # "Twin-Bay: annual premium?" over a Chinese document: other plans' passages fill the search.
    searched: list[str] = []

    def retrieve(query: str, *, k: int, product: str = "", **_: Any) -> list[Any]:
        searched.append(product)
        return [_chunk(product)]

    monkeypatch.setattr(answering, "retrieve", retrieve)
    found = [_chunk("other"), _chunk("alpha")]
    more = _named_chunks("Twin-Bay premium?", _understood(named_products=["twin"]), found)
    assert [c.doc_id for c in more] == ["twin"] and searched == ["twin"]
    assert _documents_asked_about(found + more, _understood(named_documents=["twin"])) == ["twin"]
    # A plan the search found is not searched again; a question naming none searches nothing more.
    assert _named_chunks("q", _understood(named_products=["alpha"]), found) == []
    assert _named_chunks("q", _understood(), found) == [] and searched == ["twin"]
    # A comparison of two reads the two best-ranked plans (as before).
    assert _named_chunks("q", _understood(comparison=True, named_products=["twin", "x"]), found) == []


def test_a_comparison_beside_an_unheld_name_reads_only_the_held_plans() -> None:
    # "Compare Twin-Bay and SunnyCare Plus": no other held plan stands in for the unheld one.
    understood = _understood(
        comparison=True, compares_unheld=True, named_products=["twin"], named_documents=["twin"]
    )
    assert _documents_asked_about([_chunk("other"), _chunk("twin")], understood) == ["twin"]
