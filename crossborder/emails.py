"""E-mails to applicants (and the "I'm interested" notice to an insurer), each in its reader's
language: the confirmation with the private status link, the link again on request, and for a
duplicate, the earlier enquiry's link (only ever by e-mail, to the address on file); and the
insurers' opt-in notices of a new or withdrawn lead (English, the reference only)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from crossborder import confirmation
from crossborder.models import Enquiry, InsurerAppetite, Lead

# Enquiry.language (BCP 47, as the form stores it) → Django's language code.
DJANGO_LANGUAGE = {"en": "en", "zh-Hant": "zh-hant", "zh-Hans": "zh-hans"}


def django_language(language: str) -> str:
    return DJANGO_LANGUAGE.get(language, "en")


def status_url(request: HttpRequest, enquiry: Enquiry) -> str:
    """The status page's address in the applicant's language, whatever language the request is in
    (the JSON API's requests carry no language prefix)."""
    with translation.override(django_language(enquiry.language)):
        path = reverse("enquiry-status", kwargs={"token": enquiry.access_token})
    return request.build_absolute_uri(path)


def _send(template: str, to: str, language: str, context: dict[str, object]) -> None:
    with translation.override(django_language(language)):
        subject = render_to_string(f"crossborder/emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"crossborder/emails/{template}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])


def send_confirmation(request: HttpRequest, enquiry: Enquiry) -> None:
    """After sending, the one e-mail: the reference, the status link and the link that confirms the
    address (a merge is told apart, by `send_merged_notice`, only to a confirmed address)."""
    with translation.override(django_language(enquiry.language)):
        context: dict[str, object] = {"enquiry": enquiry, "url": status_url(request, enquiry)}
        confirm = _confirmation_url(request, enquiry)
        if confirm:
            context["confirm_url"] = confirm
        if enquiry.group_sibling is not None:
            context["sibling"] = enquiry.group_sibling
            context["sibling_url"] = status_url(request, enquiry.group_sibling)
    _send("confirmation", enquiry.email, enquiry.language, context)


def _confirmation_url(request: HttpRequest, enquiry: Enquiry) -> str:
    """The "confirm your address" link while the address is not confirmed (dedupe waits for it)."""
    if enquiry.email_confirmed_at is not None:
        return ""
    token = confirmation.confirmation_token(enquiry)
    return request.build_absolute_uri(reverse("enquiry-confirm", kwargs={"token": token}))


def send_merged_notice(enquiry_id: int) -> None:
    """A request merged into the earlier enquiry of a confirmed address: told to that address only
    (never on screen), with the earlier enquiry's link. Sent by a task, so no request: PUBLIC_URL."""
    enquiry = Enquiry.objects.select_related("merged_into").filter(pk=enquiry_id).first()
    if enquiry is None or enquiry.merged_into is None:
        return
    earlier = enquiry.merged_into
    with translation.override(django_language(enquiry.language)):
        path = reverse("enquiry-status", kwargs={"token": earlier.access_token})
    context = {"enquiry": enquiry, "earlier": earlier, "earlier_url": f"{settings.PUBLIC_URL}{path}"}
    _send("merged", enquiry.email, enquiry.language, context)


def send_links(request: HttpRequest, email: str) -> int:
    """ "Resend my link": the links of every enquiry of this address, to this address only.

    Returns how many were sent; the caller must not tell the visitor (nothing is revealed).
    """
    enquiries = list(
        Enquiry.objects.filter(email__iexact=email.strip())
        .exclude(status=Enquiry.Status.WITHDRAWN)
        .order_by("-created_at")[:20]
    )
    if not enquiries:
        return 0
    language = enquiries[0].language
    with translation.override(django_language(language)):
        rows = [{"enquiry": e, "url": status_url(request, e)} for e in enquiries]
    _send("links", enquiries[0].email, language, {"rows": rows})
    return len(rows)


def send_interest(lead: Lead, address: str) -> None:
    """Tell an insurer that the applicant is interested in its quote (in English, the insurers'
    working language on the dashboard unless they switch)."""
    _send("interest", address, "en", {"lead": lead, "enquiry": lead.enquiry})


def send_lead_notice(lead_id: int) -> None:
    """The insurer's opt-in e-mail of a new lead: the reference and the deadline, no contact data."""
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


def send_withdrawn_notice(insurer_id: int, reference: str) -> None:
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
