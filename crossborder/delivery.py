"""Delivering a lead: one webhook attempt under a lease, its record, and the next step
(delivered, retry later with backoff, or dead letter); and the insurer's e-mail notice.

Events that outlive their lead (`lead.withdrawn`, when the applicant withdraws consent and the
enquiry is erased) go through the same lease, attempt record, backoff and dead-letter steps, from
their own `WebhookEvent` row.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from crossborder import audit, webhooks
from crossborder.models import (
    AuditEvent,
    InsurerAppetite,
    Lead,
    WebhookAttempt,
    WebhookEvent,
    WebhookEventAttempt,
)

WITHDRAWN = "lead.withdrawn"


def _next_step(number: int, result: webhooks.AttemptResult) -> tuple[str, datetime | None]:
    """The outcome of attempt `number`, and when to retry (for "retry")."""
    if result.delivered:
        return "delivered", None
    if result.retryable and number < settings.WEBHOOK_MAX_ATTEMPTS:
        return "retry", timezone.now() + timedelta(seconds=webhooks.backoff_seconds(number))
    return "dead", None


def _lease() -> datetime:
    # Long enough for one attempt; an expired lease means the worker died mid-delivery.
    return timezone.now() + timedelta(seconds=settings.WEBHOOK_TIMEOUT_SECONDS * 2 + 5)


def _claim(lead_id: int) -> bool:
    """Take the lease on a pending lead; False if delivered, dead, or another worker holds it."""
    now = timezone.now()
    return bool(
        Lead.objects.filter(pk=lead_id, webhook_state=Lead.Webhook.PENDING)
        .filter(Q(webhook_lease_until__isnull=True) | Q(webhook_lease_until__lt=now))
        .update(webhook_lease_until=_lease())
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
        outcome, next_at = _next_step(number, result)
        if outcome == "delivered":
            lead.webhook_state = Lead.Webhook.DELIVERED
            if lead.status == Lead.Status.NEW:
                lead.status = Lead.Status.DELIVERED
        elif outcome == "retry":
            lead.webhook_next_at = next_at
            tasks.deliver_lead.using(run_after=next_at).enqueue(lead.pk)
        else:
            lead.webhook_state = Lead.Webhook.DEAD
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
    """Re-enqueue pending deliveries and events whose worker died (lease expired) or whose retry never ran."""
    from crossborder import tasks

    late = timezone.now() - timedelta(seconds=settings.SWEEP_INTERVAL_SECONDS * 5)
    stalled = Lead.objects.filter(webhook_state=Lead.Webhook.PENDING).filter(
        Q(webhook_lease_until__lt=timezone.now())
        | Q(webhook_lease_until__isnull=True, webhook_next_at__lt=late)
    )
    count = 0
    for pk in stalled.values_list("pk", flat=True):
        tasks.deliver_lead.enqueue(pk)
        count += 1
    events = WebhookEvent.objects.filter(state=WebhookEvent.State.PENDING).filter(
        Q(lease_until__lt=timezone.now()) | Q(lease_until__isnull=True, next_at__lt=late)
    )
    for pk in events.values_list("pk", flat=True):
        tasks.deliver_event.enqueue(pk)
        count += 1
    return count


def queue_withdrawn(lead: Lead, reference: str) -> bool:
    """In the erasing transaction: tell the insurer that a lead it may hold is withdrawn.

    By webhook (`lead.withdrawn`) if the lead may have reached it that way: an attempt was made,
    or a worker holds the lease (it may be sending right now); one event per lead. By e-mail if
    the insurer takes e-mail notices (it was sent one for the lead). Returns whether it is told.
    """
    from crossborder import tasks

    appetite = getattr(lead.insurer, "appetite", None)
    if appetite is not None and appetite.notify_email:
        tasks.email_withdrawn.enqueue(lead.insurer_id, reference)
    return _queue_withdrawn_webhook(lead, reference) or bool(appetite and appetite.notify_email)


def _queue_withdrawn_webhook(lead: Lead, reference: str) -> bool:
    from crossborder import tasks

    appetite = getattr(lead.insurer, "appetite", None)
    reached = lead.webhook_lease_until is not None or lead.attempts.exists()
    if appetite is None or not appetite.webhook_url or not reached:
        return False
    data = {
        "delivery_id": str(lead.delivery_id),
        "reference": reference,
        "withdrawn_at": timezone.now().isoformat(),
    }
    event, created = WebhookEvent.objects.get_or_create(
        event=WITHDRAWN,
        lead_delivery_id=lead.delivery_id,
        defaults={"insurer": lead.insurer, "reference": reference, "data": data},
    )
    if created:
        # A worker still sending lead.created holds the lease: start after it, so that the
        # insurer hears of the withdrawal after the lead itself.
        lease = lead.webhook_lease_until
        later = lease if lease is not None and lease > timezone.now() else None
        (tasks.deliver_event.using(run_after=later) if later else tasks.deliver_event).enqueue(event.pk)
    return True


def _claim_event(event_pk: int) -> bool:
    return bool(
        WebhookEvent.objects.filter(pk=event_pk, state=WebhookEvent.State.PENDING)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=timezone.now()))
        .update(lease_until=_lease())
    )


def deliver_event(event_pk: int) -> str:
    """One attempt at a `WebhookEvent`; the same outcomes and retry policy as a lead's webhook."""
    from crossborder import tasks

    if not _claim_event(event_pk):
        return "skipped"
    event = WebhookEvent.objects.select_related("insurer__appetite").get(pk=event_pk)
    appetite = getattr(event.insurer, "appetite", None)
    if appetite is None or not appetite.webhook_url:
        result = webhooks.AttemptResult(None, "the insurer has no webhook URL any more", 0)
    else:
        body = webhooks.body_for(event.event, str(event.event_id), event.data)
        result = webhooks.post(
            appetite.webhook_url, appetite.webhook_secret, str(event.event_id), event.event, body
        )
    with transaction.atomic():
        number = event.attempts.count() + 1
        WebhookEventAttempt.objects.create(
            event=event,
            number=number,
            status_code=result.status_code,
            error=result.error,
            duration_ms=result.duration_ms,
        )
        outcome, event.next_at = _next_step(number, result)
        event.lease_until = None
        if outcome == "retry":
            tasks.deliver_event.using(run_after=event.next_at).enqueue(event.pk)
        else:
            event.state = WebhookEvent.State.DELIVERED if outcome == "delivered" else WebhookEvent.State.DEAD
            AuditEvent.objects.create(
                enquiry_reference=event.reference,
                actor="system",
                action=f"{event.event}.webhook_{outcome}",
                changes={"insurer": event.insurer.slug, "attempts": number, "event_id": str(event.event_id)},
            )
        event.save(update_fields=["state", "lease_until", "next_at"])
    return outcome


def resend_event(event: WebhookEvent, actor: str) -> None:
    """Re-send a dead event (admin action): a fresh run of attempts with the same event id."""
    from crossborder import tasks

    with transaction.atomic():
        WebhookEvent.objects.filter(pk=event.pk).update(
            state=WebhookEvent.State.PENDING, lease_until=None, next_at=None
        )
        event.attempts.all().delete()
        AuditEvent.objects.create(
            enquiry_reference=event.reference,
            actor=actor[:120],
            action=f"{event.event}.webhook_resend",
            changes={"insurer": event.insurer.slug, "event_id": str(event.event_id)},
        )
        tasks.deliver_event.enqueue(event.pk)


def email_notice(lead_id: int) -> None:
    lead = Lead.objects.select_related("insurer__appetite", "enquiry").filter(pk=lead_id).first()
    if lead is None:
        return  # erased (consent withdrawn) before the notice went out
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


def email_withdrawn(insurer_id: int, reference: str) -> None:
    """The e-mail counterpart of `lead.withdrawn`: the reference only, no personal data."""
    appetite = InsurerAppetite.objects.filter(insurer_id=insurer_id).first()
    if appetite is None or not appetite.notify_email:
        return
    send_mail(
        subject=f"Lead {reference} withdrawn",
        message=(
            f"The applicant of lead {reference} withdrew consent and the portal erased the enquiry.\n"
            "Please erase any copy you hold. The lead is no longer on the dashboard or in the API."
        ),
        from_email=None,
        recipient_list=[appetite.notify_email],
    )
