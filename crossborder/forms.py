"""Enquiry forms: the common fields, the fields of each product line (domain brief §1.4, 2, 3.3, 4, 5),
and prefilling from the chat's `extract` vocabulary."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from crossborder.consent import CONSENT_TEXTS
from crossborder.models import ApplicantJurisdiction
from crossborder.routing import Applicant
from crossborder.services import COMMERCIAL_LINES, GroupEntity, is_group_across_boundary
from portal.models import Insurer, ProductLine

_PHONE = re.compile(r"^\+852\d{8}$|^\+86\d{11}$|^\+[1-9]\d{6,14}$")
_ISO = re.compile(r"^[A-Z]{2}$")
_HK_BR = re.compile(r"^\d{8}$")
_USCC = re.compile(r"^[0-9A-Z]{18}$")


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s()-]", "", value)


def _split(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value or "").split(",") if v.strip()]


class CountryListField(forms.CharField):
    """ISO 3166-1 alpha-2 codes, comma-separated (or a JSON list through the API)."""

    def __init__(self, *args: Any, extra: tuple[str, ...] = (), **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 600)
        kwargs.setdefault("help_text", _("Two-letter country codes separated by commas, e.g. US, DE."))
        self.extra = extra
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        codes = [c.upper() for c in _split(value)]
        bad = [c for c in codes if not _ISO.match(c) and c not in self.extra]
        if bad:
            raise forms.ValidationError(
                _("Not two-letter country codes: %(codes)s"), params={"codes": ", ".join(bad[:5])}
            )
        if len(codes) > 60:
            raise forms.ValidationError(_("At most 60 countries."))
        return sorted(set(codes))

    def prepare_value(self, value: Any) -> str:
        return ", ".join(value) if isinstance(value, list | tuple) else str(value or "")


class IntListField(forms.CharField):
    def __init__(self, *args: Any, min_value: int = 0, max_value: int = 120, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        self.min_value, self.max_value = min_value, max_value
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> list[int]:  # type: ignore[override]
        try:
            numbers = [int(v) for v in _split(value)]
        except ValueError:
            raise forms.ValidationError(_("Whole numbers separated by commas.")) from None
        if any(not self.min_value <= n <= self.max_value for n in numbers):
            raise forms.ValidationError(
                _("Each must be between %(min)s and %(max)s."),
                params={"min": self.min_value, "max": self.max_value},
            )
        return numbers

    def prepare_value(self, value: Any) -> str:
        return ", ".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value or "")


class PatentsField(forms.CharField):
    """Patents by jurisdiction, `US:3,EP:2` (or a JSON object through the API)."""

    JURISDICTIONS = ("US", "EP", "CN", "JP", "KR", "PCT")

    def to_python(self, value: Any) -> dict[str, int]:  # type: ignore[override]
        if isinstance(value, dict):
            pairs = [(str(k), str(v)) for k, v in value.items()]
        else:
            pairs = [tuple(p.split(":", 1)) if ":" in p else (p, "") for p in _split(value)]  # type: ignore[misc]
        result: dict[str, int] = {}
        for key, count in pairs:
            key = key.strip().upper()
            if key not in self.JURISDICTIONS or not count.strip().isdigit() or int(count) > 100_000:
                raise forms.ValidationError(
                    _("Write e.g. US:3, EP:2 with jurisdictions among %(j)s and counts up to 100,000."),
                    params={"j": ", ".join(self.JURISDICTIONS)},
                )
            result[key] = int(count)
        return result

    def prepare_value(self, value: Any) -> str:
        return (
            ", ".join(f"{k}:{v}" for k, v in value.items()) if isinstance(value, dict) else str(value or "")
        )


def _checkboxes(
    choices: list[tuple[str, Any]], label: Any, required: bool = False
) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=required, widget=forms.CheckboxSelectMultiple
    )


def _yes(label: Any) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False)


PAYMENT_TERMS = [(t, t) for t in ("LC", "DP", "DA", "OA", "CAD", "COD", "CIA")]
PLATFORMS = [
    (p, p)
    for p in (
        "Amazon",
        "Shopee",
        "TikTok Shop",
        "Temu",
        "SHEIN",
        "AliExpress",
        "Lazada",
        "eBay",
        "Walmart",
        "own_site",
    )
]
CATEGORIES = [
    ("general", _("general goods")),
    ("lithium_batteries", _("lithium batteries")),
    ("e_mobility", _("e-mobility")),
    ("childrens_products", _("children's products")),
    ("cosmetics", _("cosmetics")),
    ("supplements", _("supplements")),
    ("medical_devices", _("medical devices")),
]
IP_COVERS = [
    ("defence", _("defence")),
    ("enforcement", _("enforcement")),
    ("invalidation", _("invalidation")),
    ("legal_expenses", _("legal expenses")),
]
RELATIONSHIPS = [
    ("self", _("myself")),
    ("spouse", _("spouse")),
    ("child", _("child")),
    ("parent", _("parent")),
]
RESIDENCY = [
    ("hk_permanent", _("HK permanent resident")),
    ("hk_non_permanent", _("HK non-permanent resident")),
    ("mainland", _("mainland resident")),
    ("other", _("other")),
]
CITIES = [
    (c, c)
    for c in (
        "HK",
        "Shenzhen",
        "Guangzhou",
        "Zhuhai",
        "Foshan",
        "Huizhou",
        "Dongguan",
        "Zhongshan",
        "Jiangmen",
        "Zhaoqing",
        "Macao",
        "other",
    )
]
LUMP_SUM_BANDS = [(b, b) for b in ("<50k", "50k-500k", "500k-1m", "1m-5m", ">5m")]
INDUSTRIES = [
    ("semiconductors", _("semiconductors")),
    ("smart_terminals", _("smart terminals")),
    ("new_energy", _("new energy")),
    ("biomedicine", _("biomedicine")),
    ("ai", _("artificial intelligence")),
    ("robotics", _("robotics")),
    ("new_materials", _("new materials")),
    ("other", _("other")),
]


def _line_fields(product_line: str) -> dict[str, forms.Field]:
    """The product-specific fields; their cleaned values are the enquiry's `details`."""
    if product_line == ProductLine.EXPORT_CREDIT:
        return {
            "registration_no": forms.CharField(
                label=_("Business registration no."),
                required=False,
                max_length=18,
                help_text=_("HK BR: 8 digits; mainland USCC: 18 characters."),
            ),
            "annual_turnover_hkd": forms.IntegerField(
                label=_("Annual turnover (HK$)"), min_value=1, max_value=10**12, required=False
            ),
            "export_turnover_on_credit_hkd": forms.IntegerField(
                label=_("Export turnover on credit terms (HK$)"),
                min_value=0,
                max_value=10**12,
                required=False,
            ),
            "destination_countries": CountryListField(label=_("Buyer countries")),
            "payment_terms": _checkboxes(PAYMENT_TERMS, _("Payment terms")),
            "credit_period_days": forms.IntegerField(
                label=_("Longest credit period (days)"), min_value=0, max_value=360, required=False
            ),
            "number_of_buyers": forms.IntegerField(
                label=_("Number of buyers"), min_value=1, max_value=1000, required=False
            ),
            "indemnity_pct": forms.TypedChoiceField(
                label=_("Indemnity"),
                choices=[("", "—")] + [(str(p), f"{p}%") for p in (60, 70, 80, 90)],
                coerce=int,
                required=False,
                empty_value=None,
            ),
            "pre_shipment_cover": _yes(_("Pre-shipment cover wanted")),
            "related_party_buyers": _yes(_("Some buyers are related companies")),
            "overdue_over_60d": _yes(_("Any buyer more than 60 days overdue now")),
        }
    if product_line == ProductLine.ECOMMERCE:
        return {
            "seller_jurisdiction": forms.ChoiceField(
                label=_("Selling entity"),
                choices=[
                    ("HK", "HK"),
                    ("mainland", _("mainland")),
                    ("US_LLC", "US LLC"),
                    ("other", _("other")),
                ],
            ),
            "platforms": _checkboxes(PLATFORMS, _("Platforms"), required=True),
            "markets": CountryListField(label=_("Markets")),
            "annual_turnover_hkd": forms.IntegerField(
                label=_("Annual sales (HK$)"), min_value=0, max_value=10**11, required=False
            ),
            "max_monthly_sales_usd": forms.IntegerField(
                label=_("Highest monthly sales (US$)"), min_value=0, max_value=10**10, required=False
            ),
            "categories": _checkboxes(CATEGORIES, _("Product categories")),
            "liability_limit_usd": forms.TypedChoiceField(
                label=_("Liability limit"),
                choices=[("", "—")]
                + [(str(v), f"US${v // 1_000_000}m") for v in (1_000_000, 2_000_000, 5_000_000)],
                coerce=int,
                required=False,
                empty_value=None,
            ),
            "claims_5y": forms.IntegerField(
                label=_("Claims in the last 5 years"), min_value=0, max_value=99, required=False
            ),
        }
    if product_line == ProductLine.OVERSEAS_IP:
        return {
            "industry": forms.ChoiceField(label=_("Industry"), choices=INDUSTRIES),
            "annual_turnover_hkd": forms.IntegerField(
                label=_("Annual revenue (HK$)"), min_value=0, max_value=10**12, required=False
            ),
            "patents": PatentsField(label=_("Patents by jurisdiction"), required=False, max_length=200),
            "cover_types": _checkboxes(IP_COVERS, _("Cover wanted"), required=True),
            "territories": CountryListField(label=_("Territories"), extra=("EU", "ASEAN")),
            "limit_rmb": forms.IntegerField(
                label=_("Limit (RMB)"), min_value=500_000, max_value=100_000_000, required=False
            ),
            "disputes_5y": forms.IntegerField(
                label=_("Suits, cease-and-desist letters and customs seizures in the last 5 years"),
                min_value=0,
                max_value=999,
            ),
            "known_threats": _yes(_("I know of a threat or dispute now")),
            "fto_done": _yes(_("A freedom-to-operate search was done")),
            "subsidy_interest": _yes(_("Interested in premium subsidies")),
        }
    if product_line == ProductLine.GBA_MEDICAL:
        return {
            "insured_relationships": _checkboxes(RELATIONSHIPS, _("Who is to be insured"), required=True),
            "ages": IntListField(
                label=_("Ages of the insured"), max_value=80, help_text=_("One per person, e.g. 42, 40, 9.")
            ),
            "residency_status": forms.ChoiceField(label=_("Residency"), choices=RESIDENCY),
            "city_of_residence": forms.ChoiceField(label=_("City of residence"), choices=CITIES),
            "months_in_mainland_per_year": forms.IntegerField(
                label=_("Months a year in the mainland"), min_value=0, max_value=12, required=False
            ),
            "budget_hkd_per_year": forms.IntegerField(
                label=_("Budget a year (HK$)"), min_value=0, max_value=500_000, required=False
            ),
            "direct_billing_required": _yes(_("Direct billing with hospitals needed")),
            "will_sign_in_hk": _yes(_("I can sign the application in Hong Kong")),
            "health_flag": _yes(_("Anyone diagnosed or treated in the last 5 years")),
        }
    if product_line == ProductLine.PENSION:
        return {
            "age": forms.IntegerField(label=_("Age"), min_value=0, max_value=100),
            "hk_permanent_resident": _yes(_("HK permanent resident")),
            "hk_taxpayer": _yes(_("HK taxpayer")),
            "lump_sum_band_hkd": forms.ChoiceField(label=_("Lump sum (HK$)"), choices=LUMP_SUM_BANDS),
            "city_of_residence": forms.ChoiceField(label=_("City of residence"), choices=CITIES),
        }
    return {}


GROUP_CONSENTS = ("process", "share", "cross_boundary")


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
        "group_entity_annual_turnover_hkd": forms.IntegerField(
            label=_("That company's annual turnover (HK$)"), min_value=1, max_value=10**12, required=False
        ),
    }


class EnquiryForm(forms.Form):
    """The fields every enquiry has; `for_line` adds a product line's own fields."""

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
    complaint = forms.BooleanField(
        label=_("This is a complaint about an insurer or a policy, not a request for a quote"), required=False
    )

    detail_names: tuple[str, ...] = ()

    def __init__(
        self, *args: Any, product_line: str | None = None, preview: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        line = product_line or str(self.data.get("product_line") or "")
        extra = _line_fields(line)
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
        # Separate, unticked consents, each with its own text (domain brief §6.3).
        for purpose, consent in CONSENT_TEXTS.items():
            self.fields[f"consent_{purpose}"] = forms.BooleanField(
                label=consent.text, required=consent.required, initial=False
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

    def clean_registration_no(self) -> str:
        value = str(self.cleaned_data.get("registration_no") or "").strip().upper()
        if value and not (_HK_BR.match(value) or _USCC.match(value)):
            raise forms.ValidationError(_("An HK BR number has 8 digits; a mainland USCC has 18 characters."))
        return value

    def clean_group_entity_registration_no(self) -> str:
        value = str(self.cleaned_data.get("group_entity_registration_no") or "").strip().upper()
        if value and not (_HK_BR.match(value) or _USCC.match(value)):
            raise forms.ValidationError(_("An HK BR number has 8 digits; a mainland USCC has 18 characters."))
        return value

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
        if data.get("health_flag") and not data.get("consent_sensitive"):
            self.add_error(
                "consent_sensitive",
                _("Answering the health question needs your consent to process health data."),
            )
        self._check_group(data)
        self._check_choice(data)
        return data

    def _check_group(self, data: dict[str, Any]) -> None:
        other = data.get("group_entity_jurisdiction")
        if not other:
            return
        line, where = str(data.get("product_line", "")), str(data.get("applicant_jurisdiction", ""))
        if where and not is_group_across_boundary(line, where, other):
            self.add_error(
                "group_entity_jurisdiction",
                _(
                    "This is for a group with one entity in Hong Kong and one on the mainland. "
                    "For another entity on the same side, send a separate enquiry."
                ),
            )
        if not data.get("consent_group_process"):
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

    def shape_errors(self) -> dict[str, list[str]]:
        """JSON input only: a list or object where one value is expected is an error, not coerced to text."""
        many = (forms.MultipleChoiceField, CountryListField, IntListField, PatentsField)
        return {
            name: [str(_("Expected a single value."))]
            for name, field in self.fields.items()
            if isinstance(self.data.get(name), list | dict) and not isinstance(field, many)
        }

    def consents(self) -> list[str]:
        return [p for p in CONSENT_TEXTS if self.cleaned_data.get(f"consent_{p}")]

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
}


def initial_from_query(product_line: str, query: QueryDict) -> dict[str, Any]:
    """Prefill from the chat's `extract` names; unknown names are ignored, values checked on submit."""
    line_fields = _line_fields(product_line)
    known = set(line_fields) | set(EnquiryForm.base_fields) | {"insurers"}
    flags = {n for n, f in line_fields.items() if isinstance(f, forms.BooleanField)}
    initial: dict[str, Any] = {}
    for name, value in query.items():
        if name in flags:  # "false" must not tick a checkbox
            initial[name] = str(value).lower() in ("true", "1", "yes", "on")
            continue
        if name == "destination_countries" and product_line == ProductLine.ECOMMERCE:
            name = "markets"
        if name in _LIST_FIELDS:
            initial[name] = _split(value)
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
        initial["payment_terms"] = [t.upper().replace("/", "") for t in _split(query["payment_terms"])]
    return initial
