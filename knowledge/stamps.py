"""The documents' change stamps, read once per answer.

Retrieval and the chat's catalogue of held names each keep what follows from the live documents,
and each checks before use that no document changed since (an aggregate query over the document
rows). One answer asked that several times (naming, each search, the index's vocabulary): within
`one_answer()` the stamp is read once and the answer works from one state of the documents.
Outside it every read goes to the database, as before.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db import connection
from django.db.models import QuerySet

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
    new document does).

    The values are as the database returns them (SQLite: text): a stamp is only compared."""
    return read("documents", _documents)


def _documents() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(*_documents_sql(connection.vendor))
        count, latest, named, insured_by = cursor.fetchone()
    return {"count": count, "latest": latest, "named": named, "insured_by": insured_by}


@functools.cache
def _documents_sql(vendor: str) -> tuple[str, list[Any]]:
    """The aggregate of `live_documents()` (ready, with a checksum) over the documents, their products
    and insurers, written once: building it through the ORM for each answer cost more than running
    it (about 2 ms of a worker's CPU per answer). Products are optional, so both joins are outer."""
    from portal.models import Insurer, Product

    quote = connection.ops.quote_name

    def column(model: Any, field: str) -> str:
        return f"{quote(model._meta.db_table)}.{_column(model, field)}"

    document, product, insurer = (quote(m._meta.db_table) for m in (PlanDocument, Product, Insurer))
    # Table and column names from the models; the values are parameters.
    sql = (
        f"SELECT COUNT({column(PlanDocument, 'id')}), MAX({column(PlanDocument, 'updated_at')}), "  # noqa: S608
        f"MAX({column(Product, 'updated_at')}), MAX({column(Insurer, 'updated_at')}) "
        f"FROM {document} "
        f"LEFT OUTER JOIN {product} ON {column(PlanDocument, 'product')} = {column(Product, 'id')} "
        f"LEFT OUTER JOIN {insurer} ON {column(Product, 'insurer')} = {column(Insurer, 'id')} "
        f"WHERE {column(PlanDocument, 'status')} = %s AND NOT {column(PlanDocument, 'checksum')} = %s"
    )
    return sql, [PlanDocument.Status.READY.value, ""]


def everything() -> tuple[Any, ...]:
    """One stamp of every row an answer reads: documents (live or not), products, insurers, key facts
    (staff correct them without touching their document) and the active collection; each table's
    row count and latest write. Any write the portal makes changes it: each of these rows sets its
    timestamp on every save (`auto_now`) or its writer sets it, and a deletion changes the count.

    One query of scalar subqueries, read once per answer like `documents()`.
    """
    return read("everything", _everything)


def _everything() -> tuple[Any, ...]:
    from knowledge.models import ActiveCollection
    from portal.models import Insurer, KeyFact, Product

    quote = connection.ops.quote_name
    tables = [
        (PlanDocument, "updated_at"),
        (Product, "updated_at"),
        (Insurer, "updated_at"),
        (KeyFact, "extracted_at"),
        (ActiveCollection, "switched_at"),
    ]
    # Table and column names from the models.
    columns = ", ".join(
        f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)}), "  # noqa: S608
        f"(SELECT MAX({_column(model, field)}) FROM {quote(model._meta.db_table)})"
        for model, field in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        row = cursor.fetchone()
    return tuple(row)


def _column(model: Any, field: str) -> str:
    """A field's column, quoted for the database."""
    name: str = model._meta.get_field(field).column
    return connection.ops.quote_name(name)
