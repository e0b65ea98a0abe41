from __future__ import annotations

from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404

from knowledge.models import PlanDocument


def document_view(request: HttpRequest, doc_id: str) -> FileResponse:
    """The cited document itself; PDFs open at the cited page through the URL's #page= fragment."""
    doc = get_object_or_404(PlanDocument, doc_id=doc_id, status=PlanDocument.Status.READY)
    response = FileResponse(doc.file.open("rb"), filename=doc.file.name.rsplit("/", 1)[-1])
    if doc.file.name.lower().endswith((".html", ".htm")):
        # Uploaded HTML is shown as text: it may carry scripts.
        response["Content-Type"] = "text/plain; charset=utf-8"
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["Content-Disposition"] = "inline"
    return response
