"""Submitting an enquiry: store it with its consents, route it, create leads — in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from crossborder.consent import CONSENT_TEXTS
from crossborder.models import ConsentRecord, Enquiry, Lead
from crossborder.routing import decide
from portal.models import Insurer


def enquiry_submit(
    *,
    product_line: str,
    applicant_jurisdiction: str,
    contact_name: str,
    email: str,
    phone: str = "",
    language: str = "en",
    details: dict[str, Any] | None = None,
    consents: list[str],
) -> Enquiry:
    """Create the enquiry; leads are created only if the applicant consented to sharing.

    Assumes the input was validated (forms or the API serializer); raises ValueError
    if the required processing consent is missing.
    """
    missing = [p for p, text in CONSENT_TEXTS.items() if text.required and p not in consents]
    if missing:
        raise ValueError(f"required consent missing: {', '.join(missing)}")
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            product_line=product_line,
            applicant_jurisdiction=applicant_jurisdiction,
            contact_name=contact_name,
            email=email,
            phone=phone,
            language=language,
            details=details or {},
        )
        ConsentRecord.objects.bulk_create(
            ConsentRecord(enquiry=enquiry, purpose=p, text_version=CONSENT_TEXTS[p].version) for p in consents
        )
        _route(enquiry, shared="share" in consents)
    return enquiry


def _route(enquiry: Enquiry, *, shared: bool) -> None:
    if not shared:
        enquiry.routing_log = [
            {"insurer": None, "eligible": False, "reason": "no consent to share: nothing sent"}
        ]
        enquiry.status = Enquiry.Status.NOT_ROUTED
        enquiry.save(update_fields=["routing_log", "status"])
        return
    insurers = list(Insurer.objects.order_by("slug"))
    decisions = decide(
        insurers, product_line=enquiry.product_line, jurisdiction=enquiry.applicant_jurisdiction
    )
    enquiry.routing_log = [
        {"insurer": d.insurer.slug, "eligible": d.eligible, "reason": d.reason} for d in decisions
    ]
    chosen = [d for d in decisions if d.eligible]
    Lead.objects.bulk_create(Lead(enquiry=enquiry, insurer=d.insurer, reason=d.reason) for d in chosen)
    enquiry.status = Enquiry.Status.ROUTED if chosen else Enquiry.Status.NOT_ROUTED
    enquiry.save(update_fields=["routing_log", "status"])
