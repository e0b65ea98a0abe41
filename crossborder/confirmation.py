"""The applicant's e-mail address, confirmed by a link sent to it (issue 13, Medium 1).

Deduplication merges a new enquiry only into an earlier one whose address was confirmed, and the
merge is told only to that address: the submitter's response and status page look the same
whether or not anything was merged, so they reveal nothing about who asked what.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone, translation

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


def send_confirmation(enquiry_id: int) -> None:
    enquiry = Enquiry.objects.filter(pk=enquiry_id).first()
    if enquiry is None or enquiry.email_confirmed_at is not None:
        return
    with translation.override(_django_language(enquiry.language)):
        path = reverse("enquiry-confirm", kwargs={"token": confirmation_token(enquiry)})
    send_mail(
        subject=f"Please confirm your e-mail address ({enquiry.reference})",
        message=(
            f"You asked the GBA Cover Portal for quotes (reference {enquiry.reference}).\n"
            f"Please confirm this is your address: {settings.PUBLIC_URL}{path}\n"
            "If it was not you, ignore this e-mail."
        ),
        from_email=None,
        recipient_list=[enquiry.email],
    )


def send_merged_notice(enquiry_id: int, earlier_reference: str) -> None:
    """Tell the confirmed address (not the submitter's screen) that a request was merged."""
    enquiry = Enquiry.objects.filter(pk=enquiry_id).first()
    if enquiry is None:
        return
    send_mail(
        subject=f"Your enquiry {enquiry.reference} was added to {earlier_reference}",
        message=(
            f"You asked about the same cover within the last {settings.LEAD_DEDUP_DAYS} days, so request "
            f"{enquiry.reference} was added to your enquiry {earlier_reference} and not sent again.\n"
            "If you did not make this request, you need do nothing."
        ),
        from_email=None,
        recipient_list=[enquiry.email],
    )


def _django_language(language: str) -> str:
    return {"zh-Hant": "zh-hant", "zh-Hans": "zh-hans"}.get(language, "en")


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
    return [Lead(enquiry=enquiry, insurer=insurers[slug]) for slug in chosen if slug in insurers]


def public_insurers(enquiry: Enquiry) -> list[str]:
    return [lead.insurer.slug for lead in public_leads(enquiry)]
