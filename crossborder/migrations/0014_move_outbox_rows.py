# Both old outboxes into the one outbox, keeping every id the insurers know: a lead's webhook state
# (Lead.webhook_* + WebhookAttempt) becomes its `lead.created` EventDelivery, whose event id is the
# lead's delivery id; each WebhookEvent (`lead.withdrawn`) keeps its event id. Attempts keep their
# numbers and times. Pending rows are resumed by the scheduler's sweep (their next_at is past), so
# the old queued jobs (crossborder.tasks.deliver_lead / deliver_event, gone) are not needed.

from django.db import migrations
from django.db.models import Q

ATTEMPT_FIELDS = ("number", "at", "status_code", "error", "duration_ms")


def _copy_attempts(EventDeliveryAttempt, row, attempts):
    EventDeliveryAttempt.objects.bulk_create(
        EventDeliveryAttempt(delivery=row, **{f: getattr(a, f) for f in ATTEMPT_FIELDS}) for a in attempts
    )


def forward(apps, schema_editor):
    Lead = apps.get_model("crossborder", "Lead")
    WebhookAttempt = apps.get_model("crossborder", "WebhookAttempt")
    WebhookEvent = apps.get_model("crossborder", "WebhookEvent")
    WebhookEventAttempt = apps.get_model("crossborder", "WebhookEventAttempt")
    EventDelivery = apps.get_model("crossborder", "EventDelivery")
    EventDeliveryAttempt = apps.get_model("crossborder", "EventDeliveryAttempt")

    # A lead with a webhook, or one whose webhook was stopped when it expired (state "none" with attempts).
    hooked = Lead.objects.filter(~Q(webhook_state="none") | Q(attempts__isnull=False)).distinct()
    for lead in hooked.select_related("enquiry").order_by("pk").iterator(chunk_size=500):
        attempts = list(WebhookAttempt.objects.filter(lead=lead).order_by("number"))
        row = EventDelivery.objects.create(
            event_id=lead.delivery_id,
            event="lead.created",
            insurer_id=lead.insurer_id,
            lead=lead,
            lead_delivery_id=lead.delivery_id,
            reference=lead.enquiry.reference,
            payload=lead.payload,
            state="cancelled" if lead.webhook_state == "none" else lead.webhook_state,
            next_at=lead.webhook_next_at or lead.created_at,
            lease_until=lead.webhook_lease_until,
            attempted_at=attempts[0].at if attempts else lead.webhook_lease_until,
            run_attempts=len(attempts),
            created_at=lead.created_at,
        )
        _copy_attempts(EventDeliveryAttempt, row, attempts)

    for event in WebhookEvent.objects.order_by("pk").iterator(chunk_size=500):
        attempts = list(WebhookEventAttempt.objects.filter(event=event).order_by("number"))
        row = EventDelivery.objects.create(
            event_id=event.event_id,
            event=event.event,
            insurer_id=event.insurer_id,
            lead=None,
            lead_delivery_id=event.lead_delivery_id,
            reference=event.reference,
            payload=event.data,
            state=event.state,
            next_at=event.next_at or event.created_at,
            lease_until=event.lease_until,
            attempted_at=attempts[0].at if attempts else event.lease_until,
            run_attempts=len(attempts),
            created_at=event.created_at,
        )
        _copy_attempts(EventDeliveryAttempt, row, attempts)


def backward(apps, schema_editor):
    """Back into the old tables, so that a rolled-back deploy keeps every pending delivery."""
    Lead = apps.get_model("crossborder", "Lead")
    WebhookAttempt = apps.get_model("crossborder", "WebhookAttempt")
    WebhookEvent = apps.get_model("crossborder", "WebhookEvent")
    WebhookEventAttempt = apps.get_model("crossborder", "WebhookEventAttempt")
    EventDelivery = apps.get_model("crossborder", "EventDelivery")

    for row in EventDelivery.objects.order_by("pk").iterator(chunk_size=500):
        attempts = list(row.attempts.order_by("number"))
        if row.lead_id is not None:
            Lead.objects.filter(pk=row.lead_id).update(
                webhook_state="none" if row.state == "cancelled" else row.state,
                webhook_next_at=row.next_at,
                webhook_lease_until=row.lease_until,
            )
            WebhookAttempt.objects.bulk_create(
                WebhookAttempt(lead_id=row.lead_id, **{f: getattr(a, f) for f in ATTEMPT_FIELDS}) for a in attempts
            )
            continue
        event = WebhookEvent.objects.create(
            insurer_id=row.insurer_id,
            event=row.event,
            event_id=row.event_id,
            lead_delivery_id=row.lead_delivery_id,
            reference=row.reference,
            data=row.payload,
            state="dead" if row.state == "cancelled" else row.state,
            lease_until=row.lease_until,
            next_at=row.next_at,
        )
        WebhookEventAttempt.objects.bulk_create(
            WebhookEventAttempt(event=event, **{f: getattr(a, f) for f in ATTEMPT_FIELDS}) for a in attempts
        )


class Migration(migrations.Migration):

    dependencies = [
        ('crossborder', '0013_event_delivery_and_scheduled_job'),
    ]

    operations = [migrations.RunPython(forward, backward)]
