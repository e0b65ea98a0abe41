"""Background indexing of uploaded plan documents (django-tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from knowledge.loaders import DocumentError
from knowledge.models import PlanDocument

logger = logging.getLogger(__name__)


@task(queue_name="indexing")  # settings.INDEXING_QUEUE: its own worker, apart from lead delivery
def index_document(doc_pk: int) -> int:
    """Index one document; its status and error show the outcome in admin. Returns its chunk count."""
    doc = PlanDocument.objects.filter(pk=doc_pk).first()
    if doc is None:
        return 0  # deleted before the worker got to it
    # A document already indexed stays searchable (READY) while its new version is built.
    PlanDocument.objects.filter(pk=doc_pk, checksum="").update(
        status=PlanDocument.Status.PROCESSING, updated_at=timezone.now()
    )
    # Imported here: admin imports this module at start-up, and ingestion pulls in Chroma and
    # langchain (2.5 s) that commands such as migrate never need.
    from knowledge.ingest import ingest_document

    try:
        return ingest_document(doc)
    except DocumentError as exc:
        logger.warning("plan document %s failed to index: %s", doc.doc_id, exc)
        return 0
    except Exception as exc:  # a parser's own limit (pypdf's LimitReachedError) or a bug
        logger.exception("plan document %s failed to index", doc.doc_id)
        # Never left "processing": admin shows the failure and the upload can be replaced.
        PlanDocument.objects.filter(pk=doc_pk).update(
            status=PlanDocument.Status.FAILED,
            error=f"indexing failed: {type(exc).__name__}: {exc}"[:500],
            updated_at=timezone.now(),
        )
        return 0


def enqueue_indexing(doc: PlanDocument) -> None:
    """Queue `doc` for indexing; call inside the transaction that saves it, so both or neither happen."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("enqueue_indexing must run in the transaction that saves the document")
    index_document.enqueue(doc.pk)
