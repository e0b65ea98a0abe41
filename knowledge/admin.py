from django.contrib import admin

from knowledge.models import PlanDocument


@admin.register(PlanDocument)
class PlanDocumentAdmin(admin.ModelAdmin):
    list_display = (
        "doc_id",
        "title",
        "product",
        "language",
        "effective_date",
        "status",
        "chunk_count",
    )
    list_filter = ("status", "language", "product__product_line")
    search_fields = ("doc_id", "title")
    readonly_fields = ("status", "error", "checksum", "chunk_count", "created_at", "updated_at")
    list_select_related = ("product",)
