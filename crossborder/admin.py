from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from crossborder import audit, outbox
from crossborder.models import (
    AuditEvent,
    ConsentRecord,
    Enquiry,
    EventDelivery,
    EventDeliveryAttempt,
    InsurerAppetite,
    InsurerMember,
    InsurerToken,
    Lead,
    LeadWithdrawal,
    ScheduledJob,
    StaffAlert,
)


class ConsentInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    readonly_fields = ("purpose", "text_version", "granted_at", "withdrawn_at")
    can_delete = False


class LeadInline(admin.TabularInline):
    model = Lead
    extra = 0
    fields = ("insurer", "status", "reason", "created_at")
    readonly_fields = fields
    can_delete = False


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = ("reference", "product_line", "applicant_jurisdiction", "status", "created_at")
    list_filter = ("product_line", "status", "applicant_jurisdiction")
    search_fields = ("reference", "email", "contact_name")
    readonly_fields = (
        "reference",
        "decisions",
        "flags",
        "merged_into",
        "group_sibling",
        "transcript",
        "audit_trail",
        "created_at",
        # Set by the applicant's confirmation link only: staff must not confirm an address for them.
        "email_confirmed_at",
    )
    exclude = ("access_token", "routing_log")
    inlines = [ConsentInline, LeadInline]

    @admin.display(description="routing decisions")
    def decisions(self, obj: Enquiry) -> str:
        notes = [(e.get("reason", ""),) for e in obj.routing_log if e.get("note")]
        rows = [
            ("sent to" if e.get("eligible") else "not to", e.get("insurer") or "—", e.get("reason", ""))
            for e in obj.routing_log
            if not e.get("note")
        ]
        return format_html(
            "<ul>{}{}</ul>",
            format_html_join("", "<li><i>{}</i></li>", notes),
            format_html_join("", "<li>{} <b>{}</b> because {}</li>", rows),
        )

    @admin.display(description="audit trail")
    def audit_trail(self, obj: Enquiry) -> str:
        events = AuditEvent.objects.filter(enquiry_reference=obj.reference).order_by("at", "id")
        rows = [(f"{e.at:%Y-%m-%d %H:%M:%S}", e.actor, e.action, e.changes) for e in events]
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{} {} <b>{}</b> {}</li>", rows))

    def save_model(self, request: HttpRequest, obj: Enquiry, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changes = {name: str(form.cleaned_data.get(name)) for name in form.changed_data}
        audit.record_changes(obj, f"admin:{request.user.get_username()}", "enquiry.edited", changes)


class LeadEventInline(admin.TabularInline):
    model = EventDelivery
    extra = 0
    fields = ("event", "state", "run_attempts", "next_at", "event_id")
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Lead)
class LeadAdmin(admin.ModelAdmin):
    list_display = ("enquiry", "insurer", "status", "created_at")
    list_filter = ("status", "insurer")
    readonly_fields = ("reason", "delivery_id", "payload", "acknowledged_at")
    list_select_related = ("enquiry", "insurer")
    inlines = [LeadEventInline]

    def save_model(self, request: HttpRequest, obj: Lead, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changes = {name: str(form.cleaned_data.get(name)) for name in form.changed_data}
        audit.record_changes(obj.enquiry, f"admin:{request.user.get_username()}", "lead.edited", changes, obj)


class EventAttemptInline(admin.TabularInline):
    model = EventDeliveryAttempt
    extra = 0
    readonly_fields = ("number", "at", "status_code", "error", "duration_ms")
    can_delete = False


@admin.register(EventDelivery)
class EventDeliveryAdmin(admin.ModelAdmin):
    """The outbox: every webhook event to an insurer, its attempts, and its dead letters."""

    list_display = ("event", "reference", "insurer", "state", "run_attempts", "next_at", "created_at")
    list_filter = ("state", "event", "insurer")
    search_fields = ("reference",)
    fields = readonly_fields = (
        "event",
        "reference",
        "insurer",
        "state",
        "event_id",
        "lead_delivery_id",
        "lead",
        "run_attempts",
        "next_at",
        "lease_until",
        "attempted_at",
        "created_at",
        "sent_data",
    )
    list_select_related = ("insurer",)
    inlines = [EventAttemptInline]
    actions = ["resend"]

    @admin.display(description="data sent")
    def sent_data(self, obj: EventDelivery) -> object:
        # A lead's contact data is on the lead's own page; events without a lead hold none.
        return "(the lead's shared fields: see the lead)" if obj.lead_id else obj.payload

    @admin.action(description="Re-send the webhook (dead letters)")
    def resend(self, request: HttpRequest, queryset: QuerySet[EventDelivery]) -> None:
        rows = list(queryset.filter(state=EventDelivery.State.DEAD).select_related("insurer"))
        for row in rows:
            outbox.resend(row, f"admin:{request.user.get_username()}")
        self.message_user(request, f"{len(rows)} event(s) queued again", messages.SUCCESS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    """The periodic jobs of `manage.py run_scheduler`: when each last ran, how, and when it runs next."""

    list_display = ("name", "last_started_at", "last_finished_at", "last_error", "next_run_at", "runs")
    readonly_fields = (
        "name",
        "next_run_at",
        "last_started_at",
        "last_finished_at",
        "last_result",
        "last_error",
        "runs",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(InsurerAppetite)
class AppetiteAdmin(admin.ModelAdmin):
    list_display = (
        "insurer",
        "active",
        "product_lines",
        "jurisdictions",
        "daily_cap",
        "weight",
        "webhook_url",
    )
    list_filter = ("active",)


@admin.register(InsurerMember)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("user", "insurer")


@admin.register(InsurerToken)
class TokenAdmin(admin.ModelAdmin):
    list_display = ("insurer", "name", "created_at", "revoked_at")
    readonly_fields = ("key_hash",)

    def save_model(self, request: HttpRequest, obj: InsurerToken, form: Any, change: bool) -> None:
        if not change:
            token, raw = InsurerToken.issue(obj.insurer, obj.name)
            obj.pk, obj.key_hash = token.pk, token.key_hash
            self.message_user(request, f"Token (shown once): {raw}", messages.WARNING)
            return
        super().save_model(request, obj, form, change)


@admin.register(AuditEvent)
class AuditAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "enquiry_reference", "lead_id_ref")
    search_fields = ("enquiry_reference", "actor", "action")
    readonly_fields = ("at", "actor", "action", "enquiry_reference", "lead_id_ref", "changes")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Not even superusers: the trail is erased only by retention (purge_enquiries), never by hand.
        return False


@admin.register(StaffAlert)
class StaffAlertAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "count", "acknowledged_at")
    list_filter = ("kind",)
    readonly_fields = ("kind", "window_start", "message", "count", "created_at")
    actions = ["acknowledge"]

    @admin.action(description="Acknowledge")
    def acknowledge(self, request: HttpRequest, queryset: QuerySet[StaffAlert]) -> None:
        from django.utils import timezone

        queryset.filter(acknowledged_at__isnull=True).update(acknowledged_at=timezone.now())

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(LeadWithdrawal)
class LeadWithdrawalAdmin(admin.ModelAdmin):
    list_display = ("withdrawn_at", "reference", "insurer", "acknowledged_at")
    list_filter = ("insurer",)
    readonly_fields = ("insurer", "lead_delivery_id", "reference", "withdrawn_at", "acknowledged_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
