"""Consent texts, versioned: the version an applicant accepted is stored with the enquiry.

Changing a text means adding a new version, never editing one in place.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class ConsentText:
    purpose: str
    version: str
    text: StrPromise
    required: bool


CONSENT_TEXTS: dict[str, ConsentText] = {
    c.purpose: c
    for c in [
        ConsentText(
            "process",
            "2026-11.1",
            _("I agree that the portal may process the details I give to answer this enquiry."),
            required=True,
        ),
        ConsentText(
            "share",
            "2026-11.1",
            _(
                "I agree that the portal may pass my contact details and the enquiry details each insurer "
                "needs to at most three insurers it names to me, for them to contact me about this "
                "enquiry (direct marketing under PDPO s.35J). The portal is not paid for passing them on."
            ),
            required=False,
        ),
        ConsentText(
            "cross_boundary",
            "2026-11.1",
            _(
                "I agree that my details may be transferred between Hong Kong and the mainland Greater Bay "
                "Area cities, and not beyond, under the GBA Standard Contract."
            ),
            required=False,
        ),
        ConsentText(
            "sensitive",
            "2026-11.1",
            _(
                "I agree that the portal may process and pass on my answer to the health question "
                "(sensitive personal data) to the one insurer it names to me."
            ),
            required=False,
        ),
        ConsentText(
            "marketing",
            "2026-11.1",
            _("Send me the portal's own news by e-mail. I can opt out at any time, free of charge."),
            required=False,
        ),
    ]
}
