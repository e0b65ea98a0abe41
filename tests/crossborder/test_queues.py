"""Indexing has its own queue: a lead-delivery worker never runs it (issue 13, Medium 9)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from crossborder import tasks
from knowledge.loaders import DocumentError, load_blocks
from knowledge.tasks import index_document


def test_indexing_and_delivery_are_on_different_queues() -> None:
    assert index_document.queue_name == settings.INDEXING_QUEUE != tasks.deliver.queue_name
    assert {t.queue_name for t in (tasks.deliver, tasks.email_lead, tasks.email_withdrawn)} == {"default"}


@pytest.mark.django_db(transaction=True)
def test_a_delivery_worker_leaves_indexing_jobs_to_the_indexer() -> None:
    index_document.enqueue(999_999)  # no such document: the indexer will find nothing to do
    call_command("db_worker", batch=True, verbosity=0, startup_delay=False, queue_name="default")
    assert DBTaskResult.objects.get().status == "READY"
    call_command(
        "db_worker", batch=True, verbosity=0, startup_delay=False, queue_name=settings.INDEXING_QUEUE
    )
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def _docx_with(part: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", part)
    return buffer.getvalue()


def test_a_small_docx_inflating_a_lot_is_refused_before_parsing() -> None:
    # 3 MB of repeated XML from a few KB: ratio far above the limit, below the old 10 MB floor.
    bomb = _docx_with(b"<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 90_000)
    assert len(bomb) < 100_000
    with pytest.raises(DocumentError, match="zip bomb"):
        load_blocks(Path("bomb.docx"), bomb)


@pytest.mark.django_db
def test_a_parser_limit_leaves_the_document_failed_not_processing(monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf.errors import LimitReachedError

    from knowledge import ingest
    from knowledge.models import PlanDocument
    from tests.chat.conftest import FIXTURES
    from tests.chat.test_injection import INJECTED

    doc = ingest.register_document(FIXTURES / "tsing-yi-outpatient.md", INJECTED)

    def bomb(*args: object, **kwargs: object) -> int:
        raise LimitReachedError("limit reached while decompressing")

    monkeypatch.setattr(ingest, "ingest_document", bomb)
    assert index_document.call(doc.pk) == 0
    doc.refresh_from_db()
    assert doc.status == PlanDocument.Status.FAILED and "LimitReachedError" in doc.error
