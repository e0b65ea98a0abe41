"""The document viewer (the insurer's own words, at the cited unit) and the original file."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlencode

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from knowledge import viewer
from knowledge.document_html import article_html
from knowledge.loaders import DocumentError, decode_text
from knowledge.models import PlanDocument

MAX_QUOTE_CHARS = 1000
MAX_QUOTES = 20  # quoted places in one link (a schedule's rows)
# Served as the original's type; text types are re-encoded as UTF-8 from the loader's reading.
_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html",
    ".htm": "text/html",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".txt": "text/plain",
}
# An original is never run in the portal's origin: uploaded HTML may carry scripts.
_SANDBOX = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


def _ready(doc_id: str) -> PlanDocument:
    return get_object_or_404(
        PlanDocument.objects.select_related("product__insurer"),
        doc_id=doc_id,
        status=PlanDocument.Status.READY,
    )


def document_view(request: HttpRequest, doc_id: str) -> HttpResponse:
    """The document rendered from its structure; `?q=` (a quote) redirects to the quoting unit's anchor."""
    doc = _ready(doc_id)
    # A fact read from several places (the rows of a schedule) quotes each: ?q=…&q=….
    quotes = [q[:MAX_QUOTE_CHARS] for q in request.GET.getlist("q")[:MAX_QUOTES] if q.strip()]
    quote = quotes[0] if len(quotes) == 1 else ""
    page = _page(request.GET.get("page", ""))
    try:
        structure = viewer.structure_of(doc)
    except (DocumentError, OSError):  # unreadable, or gone from storage: say so, in the layout
        return render(request, "knowledge/document_unreadable.html", {"doc": doc}, status=503)
    anchors = [a for a in request.GET.get("hl", "").split(",") if a]
    if quotes and not anchors:
        found = list(dict.fromkeys(a for q in quotes for a in structure.locate(q, page=page)))
        if found:
            query = urlencode(
                [("q", q) for q in quotes]
                + [("hl", ",".join(found))]
                + ([("page", str(page))] if page else [])
            )
            return HttpResponseRedirect(f"{request.path}?{query}#{found[0]}")
    # Several quotes mark their units whole; one quote also marks its words inside its unit.
    highlight = viewer.Highlight(frozenset(anchors), quote)
    original = reverse("document-original", args=[doc.doc_id])
    context = {
        "doc": doc,
        "article": article_html(
            structure, highlight, original_url=original, version_key=viewer.cache_key(doc)
        ),
        "quote_missing": bool(quotes) and not anchors,
        "paged": structure.pages,
        "cited_page": page if structure.pages else None,
        "original_url": original,
        "original_name": _filename(doc),
        "current": doc.superseded_by(),
        # The language links open the other language at the same passage (journey test E12).
        "fragment": anchors[0] if anchors else "",
    }
    return render(request, "knowledge/document.html", context)


def _page(value: str) -> int | None:
    return int(value) if value.isdigit() and 0 < int(value) < 100_000 else None


def original_file(request: HttpRequest, doc_id: str) -> HttpResponseBase:
    """The uploaded file, with its type, a UTF-8 charset for text, and a file name named for the document.

    A PDF opens in the browser (so `#page=N` works); other formats download. Staff may
    open the original of a document not (yet) indexed; the public only an indexed one.
    """
    if request.user.is_active and request.user.is_staff:
        doc = get_object_or_404(PlanDocument, doc_id=doc_id)
    else:
        doc = _ready(doc_id)
    if not doc.file.storage.exists(doc.file.name):
        raise Http404("the document's file is missing from storage")
    suffix = Path(doc.file.name).suffix.lower()
    content_type = _TYPES.get(suffix, "application/octet-stream")
    name = _filename(doc)
    response: HttpResponseBase
    if content_type.startswith("text/"):
        response = _text_original(doc, content_type, name)
    else:
        response = FileResponse(
            doc.file.open("rb"), content_type=content_type, as_attachment=suffix != ".pdf", filename=name
        )
    response["Content-Security-Policy"] = _SANDBOX
    response["X-Content-Type-Options"] = "nosniff"
    if doc.status != PlanDocument.Status.READY:  # shown to staff only: never kept by a shared cache
        patch_cache_control(response, private=True, no_store=True)
    return response


def _text_original(doc: PlanDocument, content_type: str, name: str) -> HttpResponse:
    """A text original re-encoded as UTF-8 from the encoding the loader detects (Big5, GB18030…)."""
    with doc.file.open("rb") as handle:
        raw = handle.read()
    try:
        response = HttpResponse(
            decode_text(raw).encode("utf-8"), content_type=f"{content_type}; charset=utf-8"
        )
    except DocumentError:  # indexed, so readable; still, never withhold the original over its charset
        response = HttpResponse(raw, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response


# Storage renames a file whose name is taken: "plan.pdf" becomes "plan_aB3dE9x.pdf" (an
# underscore and 7 random letters and digits, in mixed case).
_TAKEN_SUFFIX = re.compile(r"_(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*[a-z])[A-Za-z0-9]{7}$")


def _filename(doc: PlanDocument) -> str:
    """The name the file was uploaded under, without the suffix storage adds to a taken name."""
    stored = Path(doc.file.name)
    stem = _TAKEN_SUFFIX.sub("", stored.stem)
    return f"{stem}{stored.suffix.lower()}" if stem else f"{doc.doc_id}{stored.suffix.lower()}"
