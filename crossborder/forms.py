"""Enquiry forms: the fields every enquiry has, a product line's own fields (`crossborder.line_fields`),
a group's other entity (R6), the insurer picker, and prefilling from the chat's `extract` vocabulary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from crossborder.consent import CONSENT_TEXTS
from crossborder.line_fields import (
    CountryListField,
    IntListField,
    PatentsField,
    PerPersonField,
    check_registration_no,
    line_fields,
    one_of_errors,
    people_errors,
    split_values,
)
from crossborder.models import ApplicantJurisdiction
from crossborder.money import MoneyField
from crossborder.routing import Applicant
from crossborder.services import COMMERCIAL_LINES, GroupEntity, is_group_across_boundary
from portal import jsonerrors
from portal.models import Insurer, ProductLine
from portal.phones import e164

GROUP_CONSENTS = ("process", "share", "cross_boundary")
# Where a phone number typed without its country code is read, by where the applicant is based.
PHONE_REGIONS: dict[str, str] = {
    ApplicantJurisdiction.HK: "HK",
    ApplicantJurisdiction.SHENZHEN: "CN",
    ApplicantJurisdiction.OTHER_MAINLAND: "CN",
}
ABOUT_FIELDS = ("applicant_jurisdiction", "contact_name", "email", "phone", "language", "complaint")
STEPS = ("about", "details", "consents", "check")
# The message shown when a required consent is not given: what it is needed for.
CONSENT_NEEDED = {
    "process": _(
        "Tick the box to agree that we may process your details: we cannot answer the enquiry without it"
    ),
}


def consents_for(product_line: str) -> list[str]:
    """The consents a line can use: health data only on the line that asks the health question."""
    health = any(name == "health_flag" for name in line_fields(product_line))
    return [p for p in CONSENT_TEXTS if p != "sensitive" or health]


def _group_fields() -> dict[str, forms.Field]:
    """R6: a group with an entity on the other side of the HK–mainland boundary."""
    return {
        "group_entity_jurisdiction": forms.ChoiceField(
            label=_("Our group also has a company on the other side of the boundary, in"),
            choices=[("", "—")] + [c for c in ApplicantJurisdiction.choices if c[0] != "other"],
            required=False,
            help_text=_(
                "It gets its own enquiry, routed to insurers licensed where it is, with its own "
                "consents below; neither insurer receives the other company's details."
            ),
        ),
        "group_entity_registration_no": forms.CharField(
            label=_("That company's registration no."), required=False, max_length=18
        ),
        "group_entity_annual_turnover_hkd": MoneyField(
            label=_("That company's annual turnover (HK$)"), currency="HKD", max_value=10**12
        ),
    }


class EnquiryForm(forms.Form):
    """The fields every enquiry has; `for_line` adds a product line's own fields."""

    product_line = forms.ChoiceField(
        label=_("Product line"),
        choices=ProductLine.choices,
        error_messages={"required": _("Select the kind of cover you want")},
    )
    applicant_jurisdiction = forms.ChoiceField(
        label=_("Where are you (or your company) based?"),
        choices=ApplicantJurisdiction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select where you or your company are based")},
    )
    contact_name = forms.CharField(
        label=_("Your name"), max_length=120, error_messages={"required": _("Enter your name")}
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_("We send you a link to follow your enquiry."),
        error_messages={
            "required": _("Enter your e-mail address"),
            "invalid": _("Enter an e-mail address in the right format, like name@example.com"),
        },
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        help_text=_("With country code: +852 and 8 digits, or +86 and 11 digits."),
    )
    language = forms.ChoiceField(
        label=_("Language for our e-mails and the insurers' replies"),
        choices=[("en", "English"), ("zh-Hant", "繁體中文"), ("zh-Hans", "简体中文")],
        initial="en",
        widget=forms.RadioSelect,
        error_messages={"required": _("Select the language for our e-mails")},
    )
    complaint = forms.BooleanField(
        label=_("This is a complaint about an insurer or a policy, not a request for a quote"), required=False
    )

    detail_names: tuple[str, ...] = ()

    def __init__(
        self, *args: Any, product_line: str | None = None, preview: bool = False, **kwargs: Any
    ) -> None:
        # GOV.UK labels carry no colon; Django's suffix doubled Chinese punctuation (「…哪裡？：」).
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        line = product_line or str(self.data.get("product_line") or "")
        self.line = line  # the line asked for, even when the posted data names none
        extra = line_fields(line)
        self.detail_names = tuple(extra)
        self.fields.update(extra)
        if line in COMMERCIAL_LINES:
            self.fields.update(_group_fields())
        # The insurers the routing rules match for this applicant, once its answers are known
        # (`preview`, or a choice to check); the picker lists only these.
        self.preview = preview
        self.matches: list[Insurer] | None = None
        offering = [i for i in Insurer.objects.order_by("name_en") if line in i.product_lines]
        if offering:
            self.fields["insurers"] = forms.MultipleChoiceField(
                label=_("Insurers you want to hear from (up to 3; leave empty to let the portal choose)"),
                choices=[(i.slug, i.name) for i in offering],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_(
                    "For a group, this is the choice for the first company; the portal chooses for the "
                    "other one among the insurers licensed where it is."
                )
                if line in COMMERCIAL_LINES
                else "",
            )
        # Separate, unticked consents, each with its own text (domain brief §6.3), only those the
        # line can use (health data only where a health question is asked). A preview of the
        # matching insurers reads the ticks as they are but asks for none.
        for purpose in consents_for(line):
            consent = CONSENT_TEXTS[purpose]
            self.fields[f"consent_{purpose}"] = forms.BooleanField(
                label=consent.text,
                required=consent.required,
                initial=False,
                error_messages={"required": CONSENT_NEEDED.get(purpose, "")},
            )
        if line in COMMERCIAL_LINES:
            # R6: the other entity gives its own consents, as separately as the first one.
            for purpose in GROUP_CONSENTS:
                self.fields[f"consent_group_{purpose}"] = forms.BooleanField(
                    label=format_lazy(
                        "{} {}", _("For the group's other entity:"), CONSENT_TEXTS[purpose].text
                    ),
                    required=False,
                    initial=False,
                )

    def full_clean(self) -> None:
        """A preview of the matching insurers asks for no consent: a missing one is no error then,
        though the field stays required (and is marked so on the page)."""
        super().full_clean()
        if self.preview:
            errors = self.errors  # set by full_clean above, so this does not clean again
            for name in [n for n in errors if n.startswith("consent_")]:
                del errors[name]

    def _check_phone(self, data: dict[str, Any]) -> None:
        """The number in E.164 form; one typed without its country code is read where the
        applicant is based (8 digits from a Hong Kong applicant are a +852 number, E19)."""
        typed = str(data.get("phone") or "").strip()
        if not typed:
            return
        region = PHONE_REGIONS.get(str(data.get("applicant_jurisdiction") or ""))
        phone = e164(typed, region)
        if phone is None:
            self.add_error(
                "phone",
                _("Enter the number with its country code, e.g. +852 and 8 digits or +86 and 11 digits."),
            )
        else:
            data["phone"] = phone

    def clean_contact_name(self) -> str:
        name = self.cleaned_data["contact_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name

    def clean_registration_no(self) -> str:
        return str(self.cleaned_data.get("registration_no") or "").strip().upper()

    def clean_group_entity_registration_no(self) -> str:
        return str(self.cleaned_data.get("group_entity_registration_no") or "").strip().upper()

    def _check_registration_nos(self, data: dict[str, Any]) -> None:
        """Each company's number in the form its own jurisdiction issues."""
        for field, where in (
            ("registration_no", self._own_location(data)),
            ("group_entity_registration_no", data.get("group_entity_jurisdiction")),
        ):
            if data.get(field):
                try:
                    check_registration_no(data[field], where)
                except forms.ValidationError as exc:
                    self.add_error(field, exc)

    @staticmethod
    def _own_location(data: dict[str, Any]) -> str:
        """Where the company this enquiry is for is registered: the selling company's registration
        where the line asks for it (e-commerce), else where the applicant is based."""
        return str(data.get("seller_jurisdiction") or data.get("applicant_jurisdiction") or "")

    def clean_insurers(self) -> list[str]:
        chosen = list(self.cleaned_data.get("insurers") or [])
        if len(chosen) > 3:
            raise forms.ValidationError(_("Choose at most three insurers."))
        return chosen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        total, on_credit = data.get("annual_turnover_hkd"), data.get("export_turnover_on_credit_hkd")
        if total is not None and on_credit is not None and on_credit > total:
            self.add_error("export_turnover_on_credit_hkd", _("Cannot exceed the annual turnover."))
        if data.get("health_flag") and not data.get("consent_sensitive") and not self.preview:
            self.add_error(
                "consent_sensitive",
                _("Answering the health question needs your consent to process health data."),
            )
        typed_ages = self.data.get("ages") if "ages" in self.fields else None
        for name, error in {**people_errors(data, typed_ages), **one_of_errors(data)}.items():
            self.add_error(name, error)
        self._check_phone(data)
        self._check_group(data)
        self._check_registration_nos(data)
        self._check_choice(data)
        return data

    def _check_group(self, data: dict[str, Any]) -> None:
        other = data.get("group_entity_jurisdiction")
        if not other:
            return
        line, where = str(data.get("product_line", "")), self._own_location(data)
        if where and not is_group_across_boundary(line, where, other):
            self.add_error(
                "group_entity_jurisdiction",
                _(
                    "This is for a group with one entity in Hong Kong and one on the mainland. "
                    "For another entity on the same side, send a separate enquiry."
                ),
            )
        if not data.get("consent_group_process") and not self.preview:
            self.add_error(
                "consent_group_process", _("The other entity's enquiry needs its own consent to processing.")
            )

    def group_entity(self) -> GroupEntity | None:
        """R6: the group's other entity, with its own consents and data (None if not a group)."""
        data = self.cleaned_data
        if not data.get("group_entity_jurisdiction"):
            return None
        return GroupEntity(
            jurisdiction=data["group_entity_jurisdiction"],
            consents=[p for p in GROUP_CONSENTS if data.get(f"consent_group_{p}")],
            details={
                "registration_no": data.get("group_entity_registration_no") or "",
                "annual_turnover_hkd": data.get("group_entity_annual_turnover_hkd"),
            },
        )

    def applicant(self) -> Applicant:
        """The routing view of the answers given so far."""
        from crossborder.services import applicant_from

        data = self.cleaned_data
        return applicant_from(
            product_line=str(data.get("product_line", "")),
            jurisdiction=str(data.get("applicant_jurisdiction", "")),
            details={**self.details(), **({"complaint": True} if data.get("complaint") else {})},
            consents=self.consents(),
        )

    def _check_choice(self, data: dict[str, Any]) -> None:
        """The applicant chooses among the insurers the rules match for it, and no others."""
        from crossborder.services import matching_insurers

        chosen = list(data.get("insurers") or [])
        if "insurers" not in self.fields or not (chosen or self.preview):
            return
        if not data.get("applicant_jurisdiction") or not data.get("product_line"):
            return  # not enough known to match; the field errors say what is missing
        applicant = self.applicant()
        self.matches = matching_insurers(applicant)
        field = self.fields["insurers"]
        names = dict(field.choices)  # type: ignore[attr-defined]
        field.choices = [(i.slug, i.name) for i in self.matches]  # type: ignore[attr-defined]
        if wrong := [names.get(slug, slug) for slug in chosen if slug not in {i.slug for i in self.matches}]:
            self.add_error(
                "insurers",
                forms.ValidationError(
                    _("Not among the insurers that match your answers: %(names)s."),
                    code="not_matching",
                    params={"names": ", ".join(str(n) for n in wrong)},
                ),
            )
        elif applicant.underwriter_only and len(chosen) > 1:
            self.add_error(
                "insurers",
                forms.ValidationError(
                    _("With these answers the enquiry goes to one insurer only: choose one."),
                    code="one_only",
                ),
            )

    def shape_errors(self) -> dict[str, list[dict[str, str]]]:
        """JSON input only: a list or object where one value is expected is an error, not coerced to
        text (in the JSON API's error shape, portal.jsonerrors)."""
        many = (forms.MultipleChoiceField, CountryListField, IntListField, PatentsField, PerPersonField)
        return {
            name: [jsonerrors.error(_("Expected a single value."), "single_value")]
            for name, field in self.fields.items()
            if isinstance(self.data.get(name), list | dict) and not isinstance(field, many)
        }

    def consents(self) -> list[str]:
        return [p for p in CONSENT_TEXTS if self.cleaned_data.get(f"consent_{p}")]

    def step_of(self, name: str) -> str:
        """Which step of the form asks for a field (the error summary links there)."""
        if name in ABOUT_FIELDS:
            return "about"
        if name.startswith("consent_") or name == "insurers":
            return "consents"
        return "details"

    def asks(self, name: str) -> bool:
        """Whether the page shows the field now: the group's own consents only once a group company
        is named (validation is the same either way: they are needed only for a group)."""
        return not name.startswith("consent_group_") or bool(self.data.get("group_entity_jurisdiction"))

    def step_fields(self, step: str) -> list[str]:
        """The step's fields in page order; the insurer choice comes after the consents it depends on."""
        names = [n for n in self.fields if n != "product_line" and self.step_of(n) == step]
        return sorted(names, key=lambda n: n == "insurers")

    def details(self) -> dict[str, Any]:
        return {
            n: self.cleaned_data[n]
            for n in self.detail_names
            if self.cleaned_data.get(n) not in (None, "", [], {})
        }


_ENTITY_TO_APPLICANT = {
    "HK": "HK",
    "Shenzhen": "Shenzhen",
    "other_mainland": "other_mainland",
    "other": "other",
}
_SELLER_TO_APPLICANT = {"HK": "HK", "mainland": "other_mainland", "US_LLC": "other", "other": "other"}
_LIST_FIELDS = {
    "payment_terms",
    "platforms",
    "categories",
    "cover_types",
    "insured_relationships",
    "insurers",
    "riders",
    "preferred_hospitals",
    "existing_cover",
    "interests",
}


def initial_from_query(product_line: str, query: QueryDict) -> dict[str, Any]:
    """Prefill from the chat's `extract` names; unknown names are ignored, values checked on submit."""
    own = line_fields(product_line)
    known = set(own) | set(EnquiryForm.base_fields) | {"insurers"}
    flags = {n for n, f in own.items() if isinstance(f, forms.BooleanField)}
    initial: dict[str, Any] = {}
    for name, value in query.items():
        if name in flags:  # "false" must not tick a checkbox
            initial[name] = str(value).lower() in ("true", "1", "yes", "on")
            continue
        if name == "destination_countries" and product_line == ProductLine.ECOMMERCE:
            name = "markets"
        if name in _LIST_FIELDS:
            initial[name] = split_values(value)
        elif isinstance(own.get(name), MoneyField) and str(value).isdigit():
            initial[name] = f"{int(str(value)):,}"  # shown grouped, as the form shows amounts it holds
        elif name in known:
            initial[name] = value
    if "entity_jurisdiction" in query:
        initial.setdefault(
            "applicant_jurisdiction", _ENTITY_TO_APPLICANT.get(str(query["entity_jurisdiction"]), "")
        )
    if "seller_jurisdiction" in query:
        initial.setdefault(
            "applicant_jurisdiction", _SELLER_TO_APPLICANT.get(str(query["seller_jurisdiction"]), "")
        )
    if "residency_status" in query or "city_of_residence" in query:
        city = query.get("city_of_residence", "")
        where = "HK" if city == "HK" or query.get("residency_status", "").startswith("hk_") else ""
        where = where or ("Shenzhen" if city == "Shenzhen" else "other_mainland" if city else "")
        if where:
            initial.setdefault("applicant_jurisdiction", where)
    if "payment_terms" in query:
        initial["payment_terms"] = [t.upper().replace("/", "") for t in split_values(query["payment_terms"])]
    return initial
