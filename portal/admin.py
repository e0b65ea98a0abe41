from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import Insurer, KeyFact, Product


class ProductInline(admin.TabularInline):
    model = Product
    extra = 0
    fields = ("slug", "name_en", "product_line", "jurisdiction", "is_fictional")


@admin.register(Insurer)
class InsurerAdmin(admin.ModelAdmin):
    list_display = ("name_en", "slug", "ia_authorised", "mainland_licensed", "is_fictional")
    list_filter = ("ia_authorised", "mainland_licensed", "is_fictional")
    search_fields = ("name_en", "name_zh_hant", "name_zh_hans", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [ProductInline]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ("name_en", "insurer", "product_line", "jurisdiction", "is_fictional")
    list_filter = ("product_line", "jurisdiction", "is_fictional")
    search_fields = ("name_en", "name_zh_hant", "name_zh_hans", "slug")
    list_select_related = ("insurer",)


@admin.register(KeyFact)
class KeyFactAdmin(admin.ModelAdmin):
    """Staff check flagged facts against the quote, and correct a value: the correction wins."""

    list_display = (
        "product",
        "attribute",
        "value",
        "corrected_value",
        "confidence",
        "needs_review",
        "changed",
        "doc_id",
    )
    list_filter = ("needs_review", "changed", "product__product_line")
    search_fields = ("product__slug", "attribute", "value", "corrected_value")
    list_select_related = ("product",)
    readonly_fields = (
        "product",
        "attribute",
        "doc_id",
        "value",
        "quote",
        "section",
        "column",
        "page",
        "confidence",
        "previous_value",
        "previous_doc_id",
        "changed",
        "corrected_by",
        "corrected_at",
        "extracted_at",
    )
    fields = (*readonly_fields, "corrected_value", "correction_note", "needs_review")
    actions = ["mark_reviewed", "reextract"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # facts come from documents; staff correct them

    def save_model(self, request: HttpRequest, obj: KeyFact, form: Any, change: bool) -> None:
        if "corrected_value" in form.changed_data:
            obj.corrected_by = request.user if request.user.is_authenticated else None
            obj.corrected_at = timezone.now()
            obj.needs_review = False
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Mark as reviewed"))
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[KeyFact]) -> None:
        queryset.update(needs_review=False, changed=False)

    @admin.action(description=_("Re-extract from the current edition"))
    def reextract(self, request: HttpRequest, queryset: QuerySet[KeyFact]) -> None:
        from knowledge.keyfacts.records import keyfacts_refresh

        products = Product.objects.filter(pk__in=queryset.values("product_id"))
        for product in products:
            keyfacts_refresh(product=product)
        self.message_user(request, _("Re-extracted %(n)d products.") % {"n": len(products)})
