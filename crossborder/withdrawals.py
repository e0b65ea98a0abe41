"""The withdrawal feed: which of an insurer's leads were withdrawn (API and dashboard banner).

Every insurer that had a lead gets a row when its applicant withdraws, whatever channel the lead
reached it by (dashboard, API, webhook, e-mail), so none can miss it.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from crossborder.models import LeadWithdrawal
from portal.models import Insurer


def withdrawals_for(
    insurer: Insurer, *, since: datetime | None = None, unacknowledged: bool = False
) -> QuerySet[LeadWithdrawal]:
    """This insurer's withdrawals, newest first (the dashboard's banner shows the unacknowledged)."""
    rows = LeadWithdrawal.objects.filter(insurer=insurer)
    if since is not None:
        rows = rows.filter(withdrawn_at__gt=since)
    if unacknowledged:
        rows = rows.filter(acknowledged_at__isnull=True)
    return rows


def acknowledge(insurer: Insurer, lead_delivery_id: UUID) -> bool:
    """The insurer says it erased its copy; False if no such withdrawal of its own."""
    updated = LeadWithdrawal.objects.filter(
        insurer=insurer, lead_delivery_id=lead_delivery_id, acknowledged_at__isnull=True
    ).update(acknowledged_at=timezone.now())
    return (
        updated > 0
        or LeadWithdrawal.objects.filter(insurer=insurer, lead_delivery_id=lead_delivery_id).exists()
    )
