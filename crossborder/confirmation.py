"""The applicant's e-mail address, confirmed by a link sent to it (issue 13, Medium 1).

Deduplication merges a new enquiry only into an earlier one whose address was confirmed, and the
merge is told only to that address: the submitter's response and status page look the same
whether or not anything was merged, so they reveal nothing about who asked what. The link goes out
in the one confirmation e-mail (`crossborder.emails`), which also sends the merge notice.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from crossborder.models import Enquiry, Lead
from portal.models import Insurer

_SALT = "crossborder.confirm-email"
MAX_AGE_SECONDS = 7 * 86400


def confirmation_token(enquiry: Enquiry) -> str:
    # Bound to the address: a token for one address never confirms another.
    return signing.dumps({"e": enquiry.pk, "m": enquiry.email.lower()}, salt=_SALT, compress=True)


def confirm_email(token: str) -> Enquiry | None:
    """Mark the enquiry's address confirmed; None for a bad, expired or stale token."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None
    enquiry = Enquiry.objects.filter(pk=data.get("e")).first()
    if enquiry is None or enquiry.email.lower() != data.get("m"):
        return None
    if enquiry.email_confirmed_at is None:
        # A group's two enquiries (R6) share the applicant's address: one link confirms both.
        Enquiry.objects.filter(pk__in=[enquiry.pk, enquiry.group_sibling_id or enquiry.pk]).update(
            email_confirmed_at=timezone.now()
        )
        enquiry.refresh_from_db()
    return enquiry


def public_status(enquiry: Enquiry) -> str:
    """The status shown to whoever holds the enquiry's link: a merge looks like a routed enquiry."""
    return Enquiry.Status.ROUTED.value if enquiry.status == Enquiry.Status.MERGED else str(enquiry.status)


def public_status_display(enquiry: Enquiry) -> str:
    return str(Enquiry.Status(public_status(enquiry)).label)


def public_leads(enquiry: Enquiry) -> list[Lead]:
    """The leads shown to the submitter. For a merge, unsaved leads to the insurers routing chose
    (nothing was re-sent), so the page reads as for a routed enquiry."""
    if enquiry.status != Enquiry.Status.MERGED:
        return list(enquiry.leads.select_related("insurer").order_by("created_at"))
    chosen = [e["insurer"] for e in enquiry.routing_log if e.get("chosen")]
    insurers = {i.slug: i for i in Insurer.objects.filter(slug__in=chosen)}
    # As create_lead would have made them: sent when the enquiry was, with the same reply deadline.
    due = enquiry.created_at + timedelta(hours=settings.LEAD_ACK_HOURS)
    return [
        Lead(enquiry=enquiry, insurer=insurers[slug], created_at=enquiry.created_at, ack_due_at=due)
        for slug in chosen
        if slug in insurers
    ]


def public_insurers(enquiry: Enquiry) -> list[str]:
    return [lead.insurer.slug for lead in public_leads(enquiry)]
