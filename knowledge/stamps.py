"""The documents' change stamps, read once per answer.

Retrieval and the chat's catalogue of held names each keep what follows from the live documents,
and each checks before use that no document changed since (an aggregate query over the document
rows). One answer asked that several times (naming, each search, the index's vocabulary): within
`one_answer()` the stamp is read once and the answer works from one state of the documents.
Outside it every read goes to the database, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db.models import Count, Max, QuerySet

from knowledge.models import PlanDocument

T = TypeVar("T")

_read: ContextVar[dict[str, Any] | None] = ContextVar("knowledge_stamps", default=None)


@contextmanager
def one_answer() -> Iterator[None]:
    """Within the block, each stamp is read from the database once."""
    token = _read.set({})
    try:
        yield
    finally:
        _read.reset(token)


def read(name: str, query: Callable[[], T]) -> T:
    """The stamp `name`: `query()`, or what it returned earlier in this answer."""
    memo = _read.get()
    if memo is None:
        return query()
    if name not in memo:
        memo[name] = query()
    result: T = memo[name]
    return result


def live_documents() -> QuerySet[PlanDocument]:
    """The documents answers are made from: indexed, ready."""
    return PlanDocument.objects.filter(status=PlanDocument.Status.READY).exclude(checksum="")


def documents() -> dict[str, Any]:
    """How many live documents there are and when they, their products or insurers last changed
    (every write sets `updated_at`; a renamed product or insurer changes the names as much as a
    new document does)."""
    return read(
        "documents",
        lambda: live_documents().aggregate(
            count=Count("pk"),
            latest=Max("updated_at"),
            named=Max("product__updated_at"),
            insured_by=Max("product__insurer__updated_at"),
        ),
    )
