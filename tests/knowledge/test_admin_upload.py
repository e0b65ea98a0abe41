"""Staff upload a plan document in admin; a background worker indexes it; the status shows it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django_tasks_db.models import DBTaskResult

from knowledge.models import PlanDocument
from knowledge.retrieval import retrieve
from tests.conftest import ROOT

pytestmark = pytest.mark.usefixtures("knowledge_index")


def _staff_client() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("staff", "staff@example.com", "pw-for-tests-only"))
    return client


@pytest.mark.django_db(transaction=True)
def test_upload_is_queued_with_the_document_then_indexed_by_the_worker() -> None:
    client = _staff_client()
    data = (ROOT / "tests" / "fixtures" / "harbourview-care.md").read_bytes()
    response = client.post(
        "/en/admin/knowledge/plandocument/add/",
        {"file": SimpleUploadedFile("harbourview-care.md", data), "doc_id": "", "title": "", "language": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = PlanDocument.objects.get()
    assert doc.doc_id == "harbourview-care"
    assert doc.status == PlanDocument.Status.PENDING
    assert DBTaskResult.objects.count() == 1, "the task is committed with the document"
    listing = client.get("/en/admin/knowledge/plandocument/").content.decode()
    assert "waiting to be indexed" in listing

    call_command("db_worker", batch=True, verbosity=0, startup_delay=False, queue_name="indexing")
    doc.refresh_from_db()
    assert doc.status == PlanDocument.Status.READY and doc.chunk_count > 0
    assert doc.title == "Harbourview Cross-Border Care Plan" and doc.language == "en"
    assert "45 days" in retrieve("illness waiting period")[0].text


@pytest.mark.django_db(transaction=True)
def test_a_bad_upload_shows_its_error_and_indexes_nothing() -> None:
    client = _staff_client()
    response = client.post(
        "/en/admin/knowledge/plandocument/add/",
        {"file": SimpleUploadedFile("scan.pdf", b"%PDF-1.4 not a pdf"), "doc_id": "scan"},
    )
    assert response.status_code == 302
    call_command("db_worker", batch=True, verbosity=0, startup_delay=False, queue_name="indexing")
    doc = PlanDocument.objects.get(doc_id="scan")
    assert doc.status == PlanDocument.Status.FAILED
    assert "PDF" in doc.error
    assert "failed" in client.get("/en/admin/knowledge/plandocument/").content.decode()


@pytest.mark.django_db
def test_unsupported_or_oversized_uploads_are_refused_in_the_form(settings: object) -> None:
    client = _staff_client()
    response = client.post(
        "/en/admin/knowledge/plandocument/add/", {"file": SimpleUploadedFile("x.exe", b"MZ"), "doc_id": "x"}
    )
    assert response.status_code == 200 and "Upload a PDF, DOCX" in response.content.decode()
    settings.UPLOAD_MAX_BYTES = 1024  # type: ignore[attr-defined]
    response = client.post(
        "/en/admin/knowledge/plandocument/add/",
        {"file": SimpleUploadedFile("big.md", b"# Big\n\n" + b"x " * 2000), "doc_id": "big"},
    )
    assert response.status_code == 200 and "the limit is 1024" in response.content.decode()
    assert not PlanDocument.objects.exists()
    assert not DBTaskResult.objects.exists()
