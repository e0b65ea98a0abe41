"""Staff alerts: the lead rate spiking (a bot getting past the throttles, a leaked form, a campaign).

Counted in the database, so every web process sees the same figure; raised once per window (a
unique row), shown in admin and e-mailed to ADMINS through Django's e-mail backend.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mail_admins
from django.db import IntegrityError, transaction
from django.utils import timezone

from crossborder.models import Lead, StaffAlert

logger = logging.getLogger(__name__)
LEAD_SPIKE = "lead_spike"


def _window_start(now: datetime, seconds: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % seconds, tz=timezone.get_current_timezone())


def check_lead_rate(now: datetime | None = None) -> StaffAlert | None:
    """Raise the alert if more than LEAD_SPIKE_THRESHOLD leads were created in the last window."""
    now = now or timezone.now()
    seconds = settings.LEAD_SPIKE_WINDOW_SECONDS
    window = _window_start(now, seconds)
    # Checked after every enquiry: once this window's alert is raised, one indexed lookup instead
    # of counting every lead of the window (the most rows exactly when the rate spikes) and a
    # refused insert.
    if StaffAlert.objects.filter(kind=LEAD_SPIKE, window_start=window).exists():
        return None
    count = Lead.objects.filter(created_at__gte=now - timedelta(seconds=seconds)).count()
    if count <= settings.LEAD_SPIKE_THRESHOLD:
        return None
    message = (
        f"{count} leads were created in the last {seconds // 60} minutes "
        f"(alert threshold {settings.LEAD_SPIKE_THRESHOLD}). Check the enquiries in admin for a bot "
        "or a misuse of the form before insurers' daily caps are used up."
    )
    try:
        with transaction.atomic():
            alert = StaffAlert.objects.create(
                kind=LEAD_SPIKE, window_start=window, message=message, count=count
            )
    except IntegrityError:
        return None  # already raised in this window
    logger.warning("staff alert: %s", message)
    mail_admins("Lead rate spike", message, fail_silently=True)
    return alert
