from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from knowledge.forms import validate_upload
from knowledge.models import PlanDocument
from knowledge.tasks import enqueue_indexing


class PlanDocumentForm(forms.ModelForm):
    class Meta:
        model = PlanDocument
        fields = ("doc_id", "file", "product", "title", "language", "effective_date", "review_note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["doc_id"].required = False
        self.fields["doc_id"].help_text = _("Leave blank to derive it from the file name.")
        self.fields["title"].help_text = _("Leave blank to take it from the document's first heading.")
        self.fields["language"].help_text = _("Leave blank to detect it.")

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        validate_upload(upload)
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
    list_display = (
        "doc_id",
        "title",
        "product",
        "language",
        "effective_date",
        "status",
        "chunk_count",
        "short_error",
        "needs_review",
    )
    list_filter = ("status", NeedsReviewFilter, "language", "product__product_line")
    search_fields = ("doc_id", "title")
    readonly_fields = ("status", "error", "checksum", "chunk_count", "created_at", "updated_at")
    list_select_related = ("product",)
    actions = ("reindex_selected",)

    @admin.display(description=_("needs review"), boolean=True)
    def needs_review(self, obj: PlanDocument) -> bool:
        return bool(obj.review_note)

    @admin.display(description=_("error"))
    def short_error(self, obj: PlanDocument) -> str:
        return obj.error[:120]

    def save_model(self, request: HttpRequest, obj: PlanDocument, form: Any, change: bool) -> None:
        # Admin saves inside a transaction: the row and its indexing task are committed together.
        obj.doc_id = form.cleaned_data.get("doc_id") or obj.doc_id
        if not obj.checksum:
            obj.status = PlanDocument.Status.PENDING
        obj.error = ""
        super().save_model(request, obj, form, change)
        enqueue_indexing(obj)
        messages.info(request, _("The document is queued for indexing; its status shows the progress."))

    @admin.action(description=_("Index the selected documents again"))
    def reindex_selected(self, request: HttpRequest, queryset: QuerySet[PlanDocument]) -> None:
        for doc in queryset:
            enqueue_indexing(doc)
        messages.info(request, _("%(n)d documents queued for indexing.") % {"n": queryset.count()})
