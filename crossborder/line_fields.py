"""The fields of each product line (domain brief §1.4, 2, 3.3, 4, 5), their validation, and the
field types they need (country lists, number lists, patents by jurisdiction)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import ProductLine

PHONE = re.compile(r"^\+852\d{8}$|^\+86\d{11}$|^\+[1-9]\d{6,14}$")
ISO = re.compile(r"^[A-Z]{2}$")
HK_BR = re.compile(r"^\d{8}$")
USCC = re.compile(r"^[0-9A-Z]{18}$")


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s()-]", "", value)


def split_values(value: Any) -> list[str]:
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
        codes = [c.upper() for c in split_values(value)]
        bad = [c for c in codes if not ISO.match(c) and c not in self.extra]
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
            numbers = [int(v) for v in split_values(value)]
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
            pairs = [tuple(p.split(":", 1)) if ":" in p else (p, "") for p in split_values(value)]  # type: ignore[misc]
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


def checkboxes(
    choices: list[tuple[str, Any]], label: Any, required: bool = False
) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=required, widget=forms.CheckboxSelectMultiple
    )


def yes_no(label: Any) -> forms.BooleanField:
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


def line_fields(product_line: str) -> dict[str, forms.Field]:
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
            "payment_terms": checkboxes(PAYMENT_TERMS, _("Payment terms")),
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
            "pre_shipment_cover": yes_no(_("Pre-shipment cover wanted")),
            "related_party_buyers": yes_no(_("Some buyers are related companies")),
            "overdue_over_60d": yes_no(_("Any buyer more than 60 days overdue now")),
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
            "platforms": checkboxes(PLATFORMS, _("Platforms"), required=True),
            "markets": CountryListField(label=_("Markets")),
            "annual_turnover_hkd": forms.IntegerField(
                label=_("Annual sales (HK$)"), min_value=0, max_value=10**11, required=False
            ),
            "max_monthly_sales_usd": forms.IntegerField(
                label=_("Highest monthly sales (US$)"), min_value=0, max_value=10**10, required=False
            ),
            "categories": checkboxes(CATEGORIES, _("Product categories")),
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
            "cover_types": checkboxes(IP_COVERS, _("Cover wanted"), required=True),
            "territories": CountryListField(label=_("Territories"), extra=("EU", "ASEAN")),
            "limit_rmb": forms.IntegerField(
                label=_("Limit (RMB)"), min_value=500_000, max_value=100_000_000, required=False
            ),
            "disputes_5y": forms.IntegerField(
                label=_("Suits, cease-and-desist letters and customs seizures in the last 5 years"),
                min_value=0,
                max_value=999,
            ),
            "known_threats": yes_no(_("I know of a threat or dispute now")),
            "fto_done": yes_no(_("A freedom-to-operate search was done")),
            "subsidy_interest": yes_no(_("Interested in premium subsidies")),
        }
    if product_line == ProductLine.GBA_MEDICAL:
        return {
            "insured_relationships": checkboxes(RELATIONSHIPS, _("Who is to be insured"), required=True),
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
            "direct_billing_required": yes_no(_("Direct billing with hospitals needed")),
            "will_sign_in_hk": yes_no(_("I can sign the application in Hong Kong")),
            "health_flag": yes_no(_("Anyone diagnosed or treated in the last 5 years")),
        }
    if product_line == ProductLine.PENSION:
        return {
            "age": forms.IntegerField(label=_("Age"), min_value=0, max_value=100),
            "hk_permanent_resident": yes_no(_("HK permanent resident")),
            "hk_taxpayer": yes_no(_("HK taxpayer")),
            "lump_sum_band_hkd": forms.ChoiceField(label=_("Lump sum (HK$)"), choices=LUMP_SUM_BANDS),
            "city_of_residence": forms.ChoiceField(label=_("City of residence"), choices=CITIES),
        }
    return {}
