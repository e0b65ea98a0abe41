"""Delivering a lead: one webhook attempt under a lease, its record, and the next step
(delivered, retry later with backoff, or dead letter); and the insurer's e-mail notice."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from crossborder import audit, webhooks
from crossborder.models import Lead, WebhookAttempt


def _claim(lead_id: int) -> bool:
    """Take the lease on a pending lead; False if delivered, dead, or another worker holds it."""
    now = timezone.now()
    lease = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * 2 + 5)
    return bool(
        Lead.objects.filter(pk=lead_id, webhook_state=Lead.Webhook.PENDING)
        .filter(Q(webhook_lease_until__isnull=True) | Q(webhook_lease_until__lt=now))
        .update(webhook_lease_until=lease)
    )


def deliver_webhook(lead_id: int) -> str:
    from crossborder import tasks

    if not _claim(lead_id):
        return "skipped"
    lead = Lead.objects.select_related("insurer__appetite", "enquiry").get(pk=lead_id)
    appetite = lead.insurer.appetite
    body = webhooks.body_for("lead.created", str(lead.delivery_id), lead.payload)
    result = webhooks.post(
        appetite.webhook_url, appetite.webhook_secret, str(lead.delivery_id), "lead.created", body
    )
    with transaction.atomic():
        number = lead.attempts.count() + 1
        WebhookAttempt.objects.create(
            lead=lead,
            number=number,
            status_code=result.status_code,
            error=result.error,
            duration_ms=result.duration_ms,
        )
        lead.webhook_lease_until = None
        if result.delivered:
            lead.webhook_state = Lead.Webhook.DELIVERED
            if lead.status == Lead.Status.NEW:
                lead.status = Lead.Status.DELIVERED
            outcome = "delivered"
        elif result.retryable and number < settings.WEBHOOK_MAX_ATTEMPTS:
            lead.webhook_next_at = timezone.now() + timedelta(seconds=webhooks.backoff_seconds(number))
            tasks.deliver_lead.using(run_after=lead.webhook_next_at).enqueue(lead.pk)
            outcome = "retry"
        else:
            lead.webhook_state = Lead.Webhook.DEAD
            outcome = "dead"
        lead.save(update_fields=["webhook_state", "status", "webhook_lease_until", "webhook_next_at"])
        if outcome != "retry":
            audit.record(lead.enquiry, "system", f"lead.webhook_{outcome}", lead=lead, attempts=number)
    return outcome


def resend(lead: Lead, actor: str) -> None:
    """Re-send a dead letter (admin action): a fresh run of attempts with the same delivery id."""
    from crossborder import tasks

    with transaction.atomic():
        Lead.objects.filter(pk=lead.pk).update(
            webhook_state=Lead.Webhook.PENDING, webhook_lease_until=None, webhook_next_at=None
        )
        lead.attempts.all().delete()
        audit.record(lead.enquiry, actor, "lead.webhook_resend", lead=lead)
        tasks.deliver_lead.enqueue(lead.pk)


def resume_stalled(now: object = None) -> int:
    """Re-enqueue pending deliveries whose worker died (lease expired) or whose retry never ran."""
    from crossborder import tasks

    now = now or timezone.now()
    late = timezone.now() - timedelta(seconds=settings.SWEEP_INTERVAL_SECONDS * 5)
    stalled = Lead.objects.filter(webhook_state=Lead.Webhook.PENDING).filter(
        Q(webhook_lease_until__lt=timezone.now())
        | Q(webhook_lease_until__isnull=True, webhook_next_at__lt=late)
    )
    count = 0
    for pk in stalled.values_list("pk", flat=True):
        tasks.deliver_lead.enqueue(pk)
        count += 1
    return count


def email_notice(lead_id: int) -> None:
    lead = Lead.objects.select_related("insurer__appetite", "enquiry").get(pk=lead_id)
    appetite = getattr(lead.insurer, "appetite", None)
    to = appetite.notify_email if appetite else ""
    if not to:
        return
    send_mail(
        subject=f"New lead {lead.enquiry.reference} ({lead.enquiry.product_line})",
        message=(
            f"A new {lead.enquiry.product_line} lead is waiting for you on the portal's insurer dashboard.\n"
            f"Reference: {lead.enquiry.reference}\nPlease acknowledge it by {lead.ack_due_at:%Y-%m-%d %H:%M} UTC.\n"
            "Contact details are on the dashboard and in the API, not in this e-mail."
        ),
        from_email=None,
        recipient_list=[to],
    )
