from django.contrib import admin

from crossborder.models import ConsentRecord, Enquiry, Lead


class ConsentInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    readonly_fields = ("purpose", "text_version", "granted_at", "withdrawn_at")
    can_delete = False


class LeadInline(admin.TabularInline):
    model = Lead
    extra = 0
    readonly_fields = ("insurer", "status", "reason", "created_at")


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = ("reference", "product_line", "applicant_jurisdiction", "status", "created_at")
    list_filter = ("product_line", "status", "applicant_jurisdiction")
    search_fields = ("reference", "email", "contact_name")
    readonly_fields = ("reference", "routing_log", "created_at")
    exclude = ("access_token",)
    inlines = [ConsentInline, LeadInline]


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ("enquiry", "insurer", "status", "created_at")
    list_filter = ("status", "insurer")
    readonly_fields = ("reason",)
    list_select_related = ("enquiry", "insurer")
