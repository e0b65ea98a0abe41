from django.contrib import admin

from portal.models import Insurer, Product


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
