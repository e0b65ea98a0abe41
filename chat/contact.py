"""Contact requests: a visitor asks a person to reply by phone, e-mail or WhatsApp.

The chat transcript is attached only when the visitor ticks the consent box, and only a conversation
their own browser session owns (`transcript_for` checks that).
"""

from __future__ import annotations

import secrets

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from chat.conversation import transcript_for
from chat.models import ContactRequest
from portal.phones import e164

# Numbers typed without a country code are read as Hong Kong numbers, the portal's home.
_DEFAULT_REGION = "HK"

# No 0/O, 1/I/L: a reference read out over the phone is not misheard.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class ContactRequestForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=120, error_messages={"required": _("Enter your name")}
    )
    channel = forms.ChoiceField(
        label=_("How should we reach you?"),
        choices=ContactRequest.Channel.choices,
        error_messages={"required": _("Choose how we should reach you")},
    )
    contact = forms.CharField(
        label=_("Phone number or e-mail address"),
        max_length=254,
        error_messages={"required": _("Enter a phone number or e-mail address")},
    )
    question = forms.CharField(
        label=_("Your question"),
        max_length=2000,
        error_messages={"required": _("Enter your question")},
    )
    attach_transcript = forms.BooleanField(label=_("Attach this chat"), required=False)
    conversation = forms.CharField(required=False, max_length=64)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        channel, contact = data.get("channel"), str(data.get("contact") or "")
        if not channel or not contact:
            return data
        if channel == ContactRequest.Channel.EMAIL:
            try:
                validate_email(contact.strip())
            except forms.ValidationError:
                self.add_error("contact", _("Enter an e-mail address like name@example.com"))
            else:
                data["contact"] = contact.strip()
        else:
            phone = _phone_number(contact)
            if phone is None:
                self.add_error(
                    "contact", _("Enter a phone number with its country code, like +852 9123 4567")
                )
            else:
                data["contact"] = phone
        return data


def _phone_number(text: str) -> str | None:
    """The number in E.164 form (+85291234567), or None if it is not a valid number."""
    return e164(text, _DEFAULT_REGION)


def new_reference() -> str:
    code = "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
    return f"CR-{code[:4]}-{code[4:]}"


def contact_request_create(*, form: ContactRequestForm, owner_key: str, language: str) -> ContactRequest:
    """Store a valid form's request. The transcript is attached only if the visitor consented and the
    conversation belongs to `owner_key`."""
    data = form.cleaned_data
    transcript = ""
    if data["attach_transcript"] and data["conversation"]:
        transcript = transcript_for(data["conversation"], owner_key) or ""
    while True:
        reference = new_reference()
        if not ContactRequest.objects.filter(reference=reference).exists():
            break
    return ContactRequest.objects.create(
        reference=reference,
        name=data["name"],
        channel=data["channel"],
        contact=data["contact"],
        question=data["question"],
        transcript=transcript,
        language=language,
    )
