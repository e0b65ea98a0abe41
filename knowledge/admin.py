from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from knowledge import viewer
from knowledge.chunking import chunk_blocks
from knowledge.document_html import article_html
from knowledge.forms import file_sha256, validate_upload
from knowledge.loaders import DocumentError, load_blocks
from knowledge.models import PlanDocument
from knowledge.tasks import enqueue_indexing

# Statuses that change without the page: the list polls while a document has one of them.
IN_PROGRESS = (PlanDocument.Status.PENDING, PlanDocument.Status.PROCESSING)
# Seconds between polls of the list while a document is being indexed.
REFRESH_SECONDS = 5
# Characters of an indexing error shown in the list (the change page has all of it).
ERROR_CHARS = 80
# The loader's block kinds, as the preview counts them.
BLOCK_KINDS = {
    "heading": _("headings"),
    "paragraph": _("paragraphs"),
    "item": _("list items"),
    "table": _("tables"),
}


@dataclass(frozen=True)
class _LinkedFile:
    """The stored file as the change form shows it: its name, linked to the given URL."""

    name: str
    url: str

    def __str__(self) -> str:
        return self.name


class OriginalFileInput(AdminFileWidget):
    """Admin's file input whose "Currently" link opens the document's original route: /media/
    is served only in development, so the stored file's own URL is a 404 in production."""

    original_url = ""

    def format_value(self, value: Any) -> Any:
        if self.is_initial(value) and self.original_url:
            return _LinkedFile(str(value), self.original_url)
        return super().format_value(value)


class PlanDocumentForm(forms.ModelForm):
    class Meta:
        model = PlanDocument
        fields = ("doc_id", "file", "product", "title", "language", "effective_date", "review_note")
        widgets = {"file": OriginalFileInput}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.doc_id:
            widget = self.fields["file"].widget
            assert isinstance(widget, OriginalFileInput)
            widget.original_url = reverse("document-original", args=[self.instance.doc_id])
        self.fields["doc_id"].required = False
        self.fields["doc_id"].help_text = _("Leave blank to derive it from the file name.")
        self.fields["title"].help_text = _("Leave blank to take it from the document's first heading.")
        self.fields["language"].help_text = _("Leave blank to detect it.")
        self.fields["effective_date"].help_text = _(
            "Leave blank to read it from the document when it states one; a date you enter is kept."
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        validate_upload(upload)
        if isinstance(upload, UploadedFile):  # a new file, not the one already stored
            digest = file_sha256(upload)
            same = self.instance.same_file_elsewhere(digest)
            if same is not None:  # indexed twice, the chat would quote each fact twice (E7)
                raise forms.ValidationError(
                    _(
                        "This file is already uploaded as “%(doc)s” (%(title)s). Open that document to change it."
                    )
                    % {"doc": same.doc_id, "title": same.title or same.doc_id}
                )
            self.instance.file_sha256 = digest
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        upload = cleaned.get("file")
        if not cleaned.get("doc_id") and upload is not None:
            cleaned["doc_id"] = slugify(Path(upload.name).stem)[:120] or "document"
            if PlanDocument.objects.filter(doc_id=cleaned["doc_id"]).exclude(pk=self.instance.pk).exists():
                self.add_error("doc_id", _("A document with this id exists; give another id."))
        return cleaned


class NeedsReviewFilter(admin.SimpleListFilter):
    """Documents whose ingestion added something staff must check (an insurer not in the catalogue)."""

    title = _("needs review")
    parameter_name = "review"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[PlanDocument]) -> QuerySet[PlanDocument]:
        if self.value() == "yes":
            return queryset.exclude(review_note="")
        if self.value() == "no":
            return queryset.filter(review_note="")
        return queryset


@admin.register(PlanDocument)
class PlanDocumentAdmin(admin.ModelAdmin):
    form = PlanDocumentForm
    # Few, narrow columns so the list fits 1280 px beside admin's navigation and filters: the
    # document (title over id), its status (with chunks and any error under it) right after it.
    list_display = ("document_column", "status_column", "product_column", "language", "effective_date")
    list_display_links = ("document_column",)
    list_filter = ("status", NeedsReviewFilter, "language", "product__product_line")
    search_fields = ("doc_id", "title")
    readonly_fields = ("status", "error", "checksum", "chunk_count", "created_at", "updated_at")
    list_select_related = ("product",)
    actions = ("reindex_selected",)

    class Media:
        css = {"all": ("knowledge/admin.css",)}
        js = ("knowledge/admin.js",)

    @admin.display(description=_("document"), ordering="doc_id")
    def document_column(self, obj: PlanDocument) -> SafeString:
        return format_html(
            '<span class="doc-title">{}</span> <span class="doc-id">{}</span>',
            obj.title or obj.doc_id,
            obj.doc_id,
        )

    @admin.display(description=_("status"), ordering="status")
    def status_column(self, obj: PlanDocument) -> SafeString:
        error = obj.error[:ERROR_CHARS] + ("…" if len(obj.error) > ERROR_CHARS else "")
        chunks = ngettext("%(n)d chunk", "%(n)d chunks", obj.chunk_count) % {"n": obj.chunk_count}
        return format_html(
            '<span class="doc-status doc-status--{}" data-doc="{}" data-status="{}">{}</span>{}{}',
            obj.status,
            obj.pk,
            obj.status,
            obj.get_status_display(),
            format_html('<span class="doc-detail">{}</span>', chunks) if obj.chunk_count else "",
            format_html('<span class="doc-error">{}</span>', error) if error else "",
        )

    @admin.display(description=_("product"), ordering="product")
    def product_column(self, obj: PlanDocument) -> SafeString:
        product = (
            format_html('<span class="doc-flag">{}</span>', _("No product: shown on no page"))
            if obj.product is None
            else format_html("{}", obj.product)
        )
        if obj.review_note:  # something ingestion added (an unknown insurer) for staff to check
            return format_html('{}<span class="doc-flag">{}</span>', product, _("Needs review"))
        return product

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        context = {
            **(extra_context or {}),
            "indexing": PlanDocument.objects.filter(status__in=IN_PROGRESS).exists(),
            "refresh_seconds": REFRESH_SECONDS,
        }
        return super().changelist_view(request, extra_context=context)

    def get_urls(self) -> list[URLPattern]:
        preview = path(
            "<path:object_id>/preview/",
            self.admin_site.admin_view(self.preview_view),
            name="knowledge_plandocument_preview",
        )
        return [preview, *super().get_urls()]

    def preview_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Read-only: the document as the loader splits it (sections and units) and the chunks it indexes."""
        doc = get_object_or_404(PlanDocument, pk=object_id)
        if not self.has_view_permission(request, doc):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": doc,
            "title": _("How “%(doc)s” is split") % {"doc": doc.title or doc.doc_id},
            **_split_preview(doc),
        }
        return TemplateResponse(request, "admin/knowledge/plandocument/preview.html", context)

    def save_model(self, request: HttpRequest, obj: PlanDocument, form: Any, change: bool) -> None:
        # Admin saves inside a transaction: the row and its indexing task are committed together.
        obj.doc_id = form.cleaned_data.get("doc_id") or obj.doc_id
        if not obj.checksum:
            obj.status = PlanDocument.Status.PENDING
        obj.error = ""
        super().save_model(request, obj, form, change)
        enqueue_indexing(obj)
        messages.info(request, _("The document is queued for indexing; its status shows the progress."))
        if obj.product_id is None:
            messages.warning(
                request,
                _(
                    "This document has no product, so it appears on no product page and is "
                    "compared with nothing. Choose its product when you know it."
                ),
            )

    @admin.action(description=_("Index the selected documents again"))
    def reindex_selected(self, request: HttpRequest, queryset: QuerySet[PlanDocument]) -> None:
        for doc in queryset:
            enqueue_indexing(doc)
        messages.info(request, _("%(n)d documents queued for indexing.") % {"n": queryset.count()})


def _split_preview(doc: PlanDocument) -> dict[str, Any]:
    """The document's units rendered as the public viewer renders them, and its chunks as ingestion makes them."""
    try:
        with doc.file.open("rb") as handle:
            blocks = load_blocks(Path(doc.file.name), handle.read())
    except (DocumentError, OSError, ValueError) as exc:  # ValueError: no file attached
        return {"read_error": str(exc)}
    structure = viewer.build_structure(blocks)
    original = reverse("document-original", args=[doc.doc_id])  # staff may open it before it is indexed
    kinds = {kind: sum(b.kind == kind for b in blocks) for kind in BLOCK_KINDS}
    return {
        "article": article_html(
            structure, viewer.Highlight(), original_url=original, version_key=viewer.cache_key(doc)
        ),
        "block_counts": [(BLOCK_KINDS[kind], n) for kind, n in kinds.items()],
        "chunks": chunk_blocks(blocks, title=doc.title),
    }
