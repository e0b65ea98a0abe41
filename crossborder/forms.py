from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from crossborder.consent import CONSENT_TEXTS
from crossborder.models import ApplicantJurisdiction
from portal.models import ProductLine

_PHONE = re.compile(r"^\+852\d{8}$|^\+86\d{11}$|^\+[1-9]\d{6,14}$")


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s()-]", "", value)


class EnquiryForm(forms.Form):
    """The fields every enquiry has; product-specific details come in per-line forms."""

    product_line = forms.ChoiceField(label=_("Product line"), choices=ProductLine.choices)
    applicant_jurisdiction = forms.ChoiceField(
        label=_("Where are you (or your company) based?"), choices=ApplicantJurisdiction.choices
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        help_text=_("With country code: +852 and 8 digits, or +86 and 11 digits."),
    )
    language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=[("en", "English"), ("zh-Hant", "繁體中文"), ("zh-Hans", "简体中文")],
        initial="en",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Separate, unticked consents, each with its own text (domain brief §6.3).
        for purpose, consent in CONSENT_TEXTS.items():
            self.fields[f"consent_{purpose}"] = forms.BooleanField(
                label=consent.text, required=consent.required, initial=False
            )

    def clean_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data.get("phone", ""))
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(
                _("Enter the number with its country code, e.g. +852 and 8 digits or +86 and 11 digits.")
            )
        return phone

    def clean_contact_name(self) -> str:
        name = self.cleaned_data["contact_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name

    def consents(self) -> list[str]:
        return [p for p in CONSENT_TEXTS if self.cleaned_data.get(f"consent_{p}")]
