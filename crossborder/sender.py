"""The one webhook sender: one attempt at one outbox row (`EventDelivery`), whatever its event.

Claim the row under a lease → POST the signed body to the address checked at send time
(`webhooks.post`) → record the attempt → delivered, retry after a backoff, or dead letter.
Only `crossborder.tasks` calls this module (an import-graph test pins it): it never enqueues
anything itself, so the retry job is handed in (`on_retry`) and written in the transaction that
records the attempt — a worker killed between the two cannot lose the retry.

Exactly once, as the insurer sees it: each event carries one id (`X-Portal-Delivery`, and
`delivery_id` in the signed body) on every attempt, so a resend after a worker died mid-request is
recognised; and a row is sent by one worker at a time, never after it is delivered, dead or
cancelled, and never before its `next_at`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from crossborder import audit, webhooks
from crossborder.models import EventDelivery, EventDeliveryAttempt, Lead

LEAD_CREATED = "lead.created"
State = EventDelivery.State


def lease_seconds() -> float:
    """Long enough for one attempt; an expired lease means the worker died mid-delivery."""
    return settings.WEBHOOK_TIMEOUT_SECONDS * 2 + 5


def deliver(pk: int, *, on_retry: Callable[[datetime], object]) -> str:
    """One attempt at the event `pk`: "delivered", "retry", "dead", or "skipped" when there is
    nothing to send now (delivered, dead, cancelled, not yet due, another worker holds the lease,
    or erased). `on_retry(when)` is called in the transaction that records a retryable failure."""
    if not _claim(pk):
        return "skipped"
    row = EventDelivery.objects.select_related("insurer__appetite").filter(pk=pk).first()
    if row is None:
        return "skipped"  # erased (the applicant withdrew) since the claim
    return _record(row, _attempt(row), on_retry)


def _claim(pk: int) -> bool:
    now = timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    return bool(
        EventDelivery.objects.filter(free, pk=pk, state=State.PENDING, next_at__lte=now).update(
            lease_until=now + timedelta(seconds=lease_seconds()),
            attempted_at=Coalesce("attempted_at", Value(now), output_field=DateTimeField()),
        )
    )


def _attempt(row: EventDelivery) -> webhooks.AttemptResult:
    appetite = getattr(row.insurer, "appetite", None)
    if appetite is None or not appetite.webhook_url:
        return webhooks.AttemptResult(None, "the insurer has no webhook URL any more", 0)
    event_id = str(row.event_id)
    body = webhooks.body_for(row.event, event_id, row.payload)
    return webhooks.post(appetite.webhook_url, appetite.webhook_secret, event_id, row.event, body)


def _next_step(number: int, result: webhooks.AttemptResult) -> tuple[str, datetime | None]:
    """The outcome of attempt `number` of this run, and when to retry (for "retry")."""
    if result.delivered:
        return "delivered", None
    if result.retryable and number < settings.WEBHOOK_MAX_ATTEMPTS:
        return "retry", timezone.now() + timedelta(seconds=webhooks.backoff_seconds(number))
    return "dead", None


def _record(
    sent: EventDelivery, result: webhooks.AttemptResult, on_retry: Callable[[datetime], object]
) -> str:
    with transaction.atomic():
        if sent.lead_id is not None:
            # The lead before its event: the order erasure and reassignment lock them in (no deadlock).
            list(Lead.objects.select_for_update().filter(pk=sent.lead_id).values_list("pk", flat=True))
        locked = EventDelivery.objects.select_for_update(of=("self",)).select_related("insurer")
        row = locked.filter(pk=sent.pk).first()
        if row is None:
            return "skipped"  # erased while the request was out: nothing left to record
        EventDeliveryAttempt.objects.create(
            delivery=row,
            number=row.attempts.count() + 1,
            status_code=result.status_code,
            error=result.error,
            duration_ms=result.duration_ms,
        )
        row.run_attempts += 1
        row.lease_until = None
        outcome, retry_at = _next_step(row.run_attempts, result)
        if outcome == "retry" and row.state == State.PENDING and retry_at is not None:
            row.next_at = retry_at
            on_retry(retry_at)
        elif outcome == "retry":
            outcome = "cancelled"  # cancelled (the lead expired) while the request was out
        else:
            row.state = State.DELIVERED if outcome == "delivered" else State.DEAD
        row.save(update_fields=["run_attempts", "lease_until", "next_at", "state"])
        if outcome == "delivered" and row.event == LEAD_CREATED and row.lead_id is not None:
            Lead.objects.filter(pk=row.lead_id, status=Lead.Status.NEW).update(status=Lead.Status.DELIVERED)
        if outcome != "retry":
            changes = {
                "insurer": row.insurer.slug,
                "attempts": row.run_attempts,
                "event_id": str(row.event_id),
            }
            audit.record_for(row.reference, "system", f"{row.event}.webhook_{outcome}", changes, row.lead_id)
    return outcome
