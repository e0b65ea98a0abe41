"""The outbox of webhook events to insurers: what writes `EventDelivery` rows and queues them.

Every event is written in the transaction that causes it, together with its first delivery job
(django-tasks' database backend: a row in the same database), so a crash loses neither and a
rollback sends nothing. `crossborder.sender` sends; the scheduler's sweep (`resume_stalled`) picks
up what a dead worker or a lost job left behind.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from crossborder import audit, tasks
from crossborder.models import EventDelivery, Lead
from portal.models import Insurer

LEAD_CREATED = "lead.created"
LEAD_WITHDRAWN = "lead.withdrawn"
State = EventDelivery.State


def emit(
    *,
    event: str,
    insurer: Insurer,
    lead_delivery_id: UUID,
    reference: str,
    payload: dict[str, Any],
    lead: Lead | None = None,
    event_id: UUID | None = None,
    not_before: datetime | None = None,
) -> EventDelivery:
    """Queue one event for one insurer, in the caller's transaction."""
    row = EventDelivery.objects.create(
        event=event,
        insurer=insurer,
        lead=lead,
        lead_delivery_id=lead_delivery_id,
        reference=reference,
        payload=payload,
        next_at=not_before or timezone.now(),
        **({"event_id": event_id} if event_id else {}),
    )
    tasks.deliver.using(run_after=not_before).enqueue(row.pk)
    return row


def lead_created(lead: Lead) -> EventDelivery:
    """The new lead, as shared with its insurer; its id is the lead's delivery id."""
    return emit(
        event=LEAD_CREATED,
        insurer=lead.insurer,
        lead=lead,
        lead_delivery_id=lead.delivery_id,
        event_id=lead.delivery_id,
        reference=lead.enquiry.reference,
        payload=lead.payload,
    )


def lead_withdrawn(lead: Lead, reference: str) -> bool:
    """In the erasing transaction: tell the insurer by webhook that a lead it may hold is withdrawn.

    Only if the lead may have reached it that way: a worker started sending its `lead.created`
    (which is locked here, so none can start between this check and the erasure). If one is
    sending right now, the withdrawal waits for the end of its lease: the insurer hears of the
    withdrawal after the lead. One event per lead. Returns whether it is told by webhook.
    """
    created = EventDelivery.objects.select_for_update().filter(lead=lead, event=LEAD_CREATED).first()
    if created is None or created.attempted_at is None:
        return False
    if EventDelivery.objects.filter(event=LEAD_WITHDRAWN, lead_delivery_id=lead.delivery_id).exists():
        return True
    lease = created.lease_until
    emit(
        event=LEAD_WITHDRAWN,
        insurer=lead.insurer,
        lead_delivery_id=lead.delivery_id,
        reference=reference,
        payload={
            "delivery_id": str(lead.delivery_id),
            "reference": reference,
            "withdrawn_at": timezone.now().isoformat(),
        },
        not_before=lease if lease is not None and lease > timezone.now() else None,
    )
    return True


def cancel_lead(lead: Lead) -> None:
    """The lead expired (not acknowledged in time, sent to another insurer): stop sending it."""
    EventDelivery.objects.filter(lead=lead, event=LEAD_CREATED, state=State.PENDING).update(
        state=State.CANCELLED
    )


def resend(row: EventDelivery, actor: str) -> None:
    """Re-send a dead letter (admin): a fresh run of attempts with the same event id; the earlier
    attempts stay on record."""
    with transaction.atomic():
        updated = EventDelivery.objects.filter(pk=row.pk, state=State.DEAD).update(
            state=State.PENDING, lease_until=None, next_at=timezone.now(), run_attempts=0
        )
        if not updated:
            return
        changes = {"insurer": row.insurer.slug, "event_id": str(row.event_id)}
        audit.record_for(row.reference, actor, f"{row.event}.webhook_resend", changes, row.lead_id)
        tasks.deliver.enqueue(row.pk)


def stall_seconds() -> float:
    """How long a due, unleased event may wait for its job before the sweep queues it again:
    long enough for a busy queue to reach it, so the sweep rarely doubles a job (a double is
    harmless: the claim lets one through)."""
    return max(settings.SWEEP_INTERVAL_SECONDS * 5, 30.0)


def resume_stalled() -> int:
    """The sweep: queue again every pending event whose worker died (its lease expired) or whose
    job was lost (due for a while, nobody sending). Returns how many were queued."""
    now = timezone.now()
    late = now - timedelta(seconds=stall_seconds())
    stalled = Q(lease_until__lt=now) | Q(lease_until__isnull=True, next_at__lt=late)
    count = 0
    for pk in EventDelivery.objects.filter(stalled, state=State.PENDING).values_list("pk", flat=True):
        # Moving `next_at` on is this sweep's claim: two schedulers never both queue one event,
        # and the next sweep waits another `stall_seconds` before queuing it again.
        with transaction.atomic():
            if EventDelivery.objects.filter(stalled, pk=pk, state=State.PENDING).update(
                lease_until=None, next_at=now
            ):
                tasks.deliver.enqueue(pk)
                count += 1
    return count
