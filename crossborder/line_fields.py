"""The fields of each product line (domain brief §1.4, 2, 3.3, 4, 5), their validation, and the
field types they need (country lists, number lists, patents by jurisdiction)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.cn import uscc

from crossborder import countries
from crossborder.money import MoneyField
from portal.models import ProductLine

ISO = re.compile(r"^[A-Z]{2}$")
HK_BR = re.compile(r"^\d{8}$")
USCC = re.compile(r"^[0-9A-Z]{18}$")
# Which side of the boundary each place a company can be registered is on (None: neither).
SIDE = {
    "HK": "HK",
    "Shenzhen": "mainland",
    "other_mainland": "mainland",
    "mainland": "mainland",  # the e-commerce seller's "registered on the mainland"
}


def check_registration_no(value: str, where: str | None) -> None:
    """Raise ValidationError unless `value` is a registration number of the company's side:
    an HK Business Registration number (8 digits) or a mainland Unified Social Credit Code (18
    characters with a valid check character, python-stdnum). Elsewhere: either form."""
    side = SIDE.get(where or "")
    if side == "HK":
        if not HK_BR.match(value):
            raise forms.ValidationError(
                _("A Hong Kong Business Registration number has 8 digits, like 12345678.")
            )
        return
    if side == "mainland" or not HK_BR.match(value):
        _check_uscc(value, required=side == "mainland")


def _check_uscc(value: str, *, required: bool) -> None:
    try:
        uscc.validate(value)
    except stdnum_exceptions.InvalidChecksum:
        raise forms.ValidationError(
            _(
                "The last character of this Unified Social Credit Code does not match the others: check it for a typing error."
            )
        ) from None
    except stdnum_exceptions.ValidationError:
        if required:
            raise forms.ValidationError(
                _("A mainland Unified Social Credit Code has 18 characters, digits and capital letters.")
            ) from None
        raise forms.ValidationError(
            _("An HK BR number has 8 digits; a mainland USCC has 18 characters.")
        ) from None


def split_values(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value or "").split(",") if v.strip()]


class CountryListField(forms.CharField):
    """Countries by name in any of the three languages or by code ("UK, 德國, de"), comma-separated
    (or a JSON list through the API); cleaned to sorted ISO 3166-1 alpha-2 codes."""

    def __init__(self, *args: Any, extra: tuple[str, ...] = (), **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 600)
        kwargs.setdefault(
            "help_text",
            _("Names in English or Chinese, or two-letter codes, separated by commas: Germany, 美國, UK."),
        )
        self.extra = extra
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = ", ".join(split_values(value)) if isinstance(value, list | tuple) else str(value or "")
        reading = countries.read(text, extra=self.extra)
        if reading.unknown:
            raise forms.ValidationError(
                _(
                    "We could not find %(names)s. Check the spelling, or write the two-letter code (DE for Germany)."
                ),
                code="unknown_country",
                params={"names": ", ".join(f"“{n}”" for n in reading.unknown[:5])},
            )
        if reading.ambiguous:
            typed, codes = next(iter(reading.ambiguous.items()))
            raise forms.ValidationError(
                _("“%(typed)s” could be %(options)s: write the one you mean."),
                code="ambiguous_country",
                params={
                    "typed": typed,
                    "options": _(" or ").join(countries.names(codes, get_language() or "en")),
                },
            )
        if len(reading.codes) > 60:
            raise forms.ValidationError(_("At most 60 countries."))
        return reading.codes

    def prepare_value(self, value: Any) -> str:
        # Cleaned or prefilled codes are shown as names in the page's language; typed text as typed.
        if isinstance(value, list | tuple):
            return ", ".join(countries.names([str(v).upper() for v in value], get_language() or "en"))
        return str(value or "")


class IntListField(forms.CharField):
    def __init__(self, *args: Any, min_value: int = 0, max_value: int = 120, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        self.min_value, self.max_value = min_value, max_value
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> list[int]:  # type: ignore[override]
        try:
            numbers = [int(v) for v in split_values(value)]
        except ValueError:
            raise forms.ValidationError(
                _("Write whole numbers separated by commas, like 42, 40, 9.")
            ) from None
        if any(not self.min_value <= n <= self.max_value for n in numbers):
            raise forms.ValidationError(
                _("Each must be between %(min)s and %(max)s."),
                params={"min": self.min_value, "max": self.max_value},
            )
        return numbers

    def prepare_value(self, value: Any) -> str:
        return ", ".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value or "")


class PerPersonField(forms.CharField):
    """One answer per person to be insured, in the order of their ages ("F, M, F"), or a JSON list
    through the API; cleaned to the choices' values. An answer may be typed as a value, as its
    label in any of the three languages, or as one of `words` (short forms: F, 女, yes, 否)."""

    def __init__(
        self, *args: Any, choices: list[tuple[Any, Any]], words: dict[str, Any], **kwargs: Any
    ) -> None:
        kwargs.setdefault("max_length", 200)
        self.choices, self.words = choices, words
        super().__init__(*args, **kwargs)

    def _readings(self) -> dict[str, Any]:
        readings = {str(value).lower(): value for value, _label in self.choices}
        for language in ("en", "zh-hant", "zh-hans"):
            with override(language):
                readings.update({str(label).lower(): value for value, label in self.choices})
        readings.update({word.lower(): value for word, value in self.words.items()})
        return readings

    def to_python(self, value: Any) -> list[Any]:  # type: ignore[override]
        if isinstance(value, list | tuple):
            typed = [str(v).strip() for v in value]  # JSON true/false read as "True"/"False"
        else:
            typed = [v.strip() for v in re.split(r"[,，、;；]", str(value or "")) if v.strip()]
        readings = self._readings()
        if unread := [t for t in typed if t.lower() not in readings]:
            raise forms.ValidationError(
                _("We could not read %(answers)s: write one of %(options)s for each person."),
                code="invalid_choice",
                params={
                    "answers": ", ".join(f"“{t}”" for t in unread[:5]),
                    "options": _(" or ").join(str(label) for _value, label in self.choices),
                },
            )
        return [readings[t.lower()] for t in typed]

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, list | tuple):
            labels = {str(v): str(label) for v, label in self.choices}
            return ", ".join(labels.get(str(v), str(v)) for v in value)
        return str(value or "")


PATENT_OFFICES = [
    ("US", _("United States")),
    ("EP", _("European patents (EPO)")),
    ("CN", _("Mainland China")),
    ("JP", _("Japan")),
    ("KR", _("South Korea")),
    ("PCT", _("International applications (PCT)")),
]


class PatentsWidget(forms.Widget):
    """One number box per patent office (`patents_US`, …); a typed `patents=US:3,EP:2` still reads."""

    template_name = "crossborder/widgets/patents.html"
    use_fieldset = True  # a legend names the group, each box is labelled by its office

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        counts = {code: str(data.get(f"{name}_{code}", "")).strip() for code, _label in PATENT_OFFICES}
        if any(counts.values()):
            return {code: count for code, count in counts.items() if count}
        return data.get(name)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        counts = value if isinstance(value, dict) else {}
        if isinstance(value, str):  # a typed or prefilled "US:3, EP:2"
            pairs = (p.split(":", 1) for p in split_values(value) if ":" in p)
            counts = {k.strip().upper(): v.strip() for k, v in pairs}
        context["offices"] = [
            {"code": code, "label": label, "name": f"{name}_{code}", "value": counts.get(code, "")}
            for code, label in PATENT_OFFICES
        ]
        return context


class PatentsField(forms.Field):
    """Patents by office: one number per office on the form, `{"US": 3}` through the API."""

    JURISDICTIONS = tuple(code for code, _label in PATENT_OFFICES)
    widget = PatentsWidget

    def to_python(self, value: Any) -> dict[str, int]:
        if value in (None, "", {}):
            return {}
        if isinstance(value, dict):
            pairs = [(str(k), str(v)) for k, v in value.items()]
        else:
            pairs = [tuple(p.split(":", 1)) if ":" in p else (p, "") for p in split_values(value)]  # type: ignore[misc]
        result: dict[str, int] = {}
        for key, count in pairs:
            key = key.strip().upper()
            if key not in self.JURISDICTIONS:
                raise forms.ValidationError(
                    _("Patents are counted for %(j)s."), params={"j": ", ".join(self.JURISDICTIONS)}
                )
            if not count.strip().isdigit() or int(count) > 100_000:
                raise forms.ValidationError(
                    _("Enter each number of patents as a whole number up to 100,000.")
                )
            if int(count):
                result[key] = int(count)
        return result

    def prepare_value(self, value: Any) -> Any:
        return value


def checkboxes(choices: list[tuple[str, Any]], label: Any, required: Any = None) -> forms.MultipleChoiceField:
    """A checkbox group; `required` is the message shown when none is ticked."""
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=required is not None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": required} if required is not None else None,
    )


def none_alone(value: list[str]) -> None:
    """ "None" is an answer only on its own."""
    if "none" in value and len(value) > 1:
        raise forms.ValidationError(
            _("You ticked “None” and another cover: untick one of them."), code="none_and_other"
        )


def optional_choice(label: Any, choices: list[tuple[Any, Any]], **kwargs: Any) -> forms.TypedChoiceField:
    """A pick that may be left as "Not sure yet"; values keep their type (a number stays one)."""
    kind: Callable[[Any], Any] = type(choices[0][0])
    return forms.TypedChoiceField(
        label=label,
        choices=[("", _("Not sure yet"))] + [(str(v), text) for v, text in choices],
        coerce=kind,
        required=False,
        empty_value=None,
        **kwargs,
    )


def yes_no(label: Any) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False)


def choice(label: Any, choices: list[tuple[str, Any]], required: Any) -> forms.ChoiceField:
    """A required pick from a list; it starts empty, so no answer is given for the applicant."""
    return forms.ChoiceField(
        label=label, choices=[("", _("Select one")), *choices], error_messages={"required": required}
    )


def number(
    label: Any, *, min_value: int, max_value: int, required: Any = None, **kwargs: Any
) -> forms.IntegerField:
    """A count; its messages say what to enter and between which bounds."""
    what = required or _("Enter a whole number")
    bounds = _("Enter a number between %(min)s and %(max)s") % {"min": min_value, "max": f"{max_value:,}"}
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=max_value,
        required=required is not None,
        error_messages={
            "required": what,
            "invalid": _("Enter a whole number, like 12"),
            "min_value": bounds,
            "max_value": bounds,
        },
        **kwargs,
    )


PAYMENT_TERMS = [
    ("LC", _("Letter of credit (LC): the buyer's bank promises to pay you")),
    ("DP", _("Documents against payment (D/P): the buyer pays before getting the shipping documents")),
    (
        "DA",
        _("Documents against acceptance (D/A): the buyer signs to pay by a later date to get the documents"),
    ),
    ("OA", _("Open account (O/A): you ship first and the buyer pays by an agreed date")),
    ("CAD", _("Cash against documents (CAD): the buyer pays when the documents arrive")),
    ("COD", _("Cash on delivery (COD): the buyer pays when the goods arrive")),
    ("CIA", _("Cash in advance (CIA): the buyer pays before you ship")),
]
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
    )
] + [("own_site", _("Our own website"))]
CATEGORIES = [
    ("general", _("General goods")),
    ("lithium_batteries", _("Lithium batteries")),
    ("e_mobility", _("E-mobility")),
    ("childrens_products", _("Children's products")),
    ("cosmetics", _("Cosmetics")),
    ("supplements", _("Supplements")),
    ("medical_devices", _("Medical devices")),
]
IP_COVERS = [
    ("defence", _("Defence")),
    ("enforcement", _("Enforcement")),
    ("invalidation", _("Invalidation")),
    ("legal_expenses", _("Legal expenses")),
]
RELATIONSHIPS = [
    ("self", _("Myself")),
    ("spouse", _("Spouse")),
    ("child", _("Child")),
    ("parent", _("Parent")),
]
RESIDENCY = [
    ("hk_permanent", _("HK permanent resident")),
    ("hk_non_permanent", _("HK non-permanent resident")),
    ("mainland", _("Mainland resident")),
    ("other", _("Other")),
]
CITIES = [
    ("HK", _("Hong Kong")),
    ("Shenzhen", _("Shenzhen")),
    ("Guangzhou", _("Guangzhou")),
    ("Zhuhai", _("Zhuhai")),
    ("Foshan", _("Foshan")),
    ("Huizhou", _("Huizhou")),
    ("Dongguan", _("Dongguan")),
    ("Zhongshan", _("Zhongshan")),
    ("Jiangmen", _("Jiangmen")),
    ("Zhaoqing", _("Zhaoqing")),
    ("Macao", _("Macao")),
    ("other", _("Another city")),
]
SEXES = [("female", _("Female")), ("male", _("Male"))]
SEX_WORDS = {"F": "female", "M": "male", "女": "female", "男": "male"}
SMOKER = [(True, _("Smokes")), (False, _("Does not smoke"))]
SMOKER_WORDS = {
    **{w: True for w in ("yes", "y", "true", "smoker", "是", "吸煙", "吸烟")},
    **{w: False for w in ("no", "n", "false", "non-smoker", "否", "不吸煙", "不吸烟")},
}
AREAS_OF_COVER = [
    ("HK", _("Hong Kong only")),
    ("HK+GBA", _("Hong Kong and the Greater Bay Area")),
    ("Greater China", _("Greater China (the mainland, Hong Kong, Macao and Taiwan)")),
    ("Asia", _("Asia")),
    ("worldwide excl. US", _("Worldwide except the United States")),
    ("worldwide", _("Worldwide")),
]
WARD_CLASSES = [
    ("ward", _("General ward")),
    ("semi_private", _("Semi-private room")),
    ("private", _("Private room")),
]
# HK$; the last step stands for "100,000 or more" (domain brief §1.4).
DEDUCTIBLES_HKD = [
    (0, _("None (HK$0)")),
    (5_000, "HK$5,000"),
    (10_000, "HK$10,000"),
    (20_000, "HK$20,000"),
    (50_000, "HK$50,000"),
    (100_000, _("HK$100,000 or more")),
]
RIDERS = [
    ("outpatient", _("Outpatient care")),
    ("dental", _("Dental care")),
    ("maternity", _("Maternity")),
]
# Kinds of hospital, not named hospitals: whether a plan's network has a given one is the
# insurer's to confirm (the portal must not imply direct billing at a named hospital).
HOSPITAL_KINDS = [
    ("hk_private", _("Private hospitals in Hong Kong")),
    ("hk_public", _("Public hospitals in Hong Kong")),
    ("gba_public", _("Public hospitals in the mainland GBA cities")),
    ("gba_private", _("Private or international hospitals in the mainland GBA cities")),
]
EXISTING_COVER = [
    ("none", _("None")),
    ("vhis", _("A VHIS-certified plan")),
    ("group", _("Group cover from an employer")),
    ("mainland_basic", _("Mainland basic medical insurance")),
    ("other", _("Other cover")),
]
PENSION_INTERESTS = [
    ("deferred_annuity", _("A qualifying deferred annuity (QDAP, tax-deductible)")),
    ("lifetime_annuity", _("A lifetime annuity paying a monthly income")),
    ("tvc", _("Tax-deductible voluntary MPF contributions (TVC)")),
]
LUMP_SUM_BANDS = [
    ("<50k", _("Under 50,000")),
    ("50k-500k", _("50,000 to 500,000")),
    ("500k-1m", _("500,000 to 1 million")),
    ("1m-5m", _("1 million to 5 million")),
    (">5m", _("Over 5 million")),
]
INDUSTRIES = [
    ("semiconductors", _("Semiconductors")),
    ("smart_terminals", _("Smart terminals")),
    ("new_energy", _("New energy")),
    ("biomedicine", _("Biomedicine")),
    ("ai", _("Artificial intelligence")),
    ("robotics", _("Robotics")),
    ("new_materials", _("New materials")),
    ("other", _("Other")),
]


def people_errors(data: dict[str, Any], typed_ages: Any = None) -> dict[str, forms.ValidationError]:
    """Each per-person answer (sex, smoker) given once for every age, so the insurer can pair them.
    Ages typed but refused (one out of range) still count: both problems are said at once."""
    ages = data.get("ages") or split_values(typed_ages)
    return {
        name: forms.ValidationError(
            _("Give one answer for each of the %(count)s ages you entered, in the same order."),
            code="count_mismatch",
            params={"count": len(ages)},
        )
        for name in ("sexes", "smokers")
        if ages and data.get(name) and len(data[name]) != len(ages)
    }


# Answers that say one thing in two ways, of which only one may be given, and what to do about
# both: a limit of cover is asked in RMB or in HK$, whichever currency the applicant thinks in.
ONE_OF: dict[tuple[str, str], Any] = {
    ("limit_rmb", "limit_hkd"): _(
        "Give the limit of cover in one currency only, RMB or HK$: clear one of them."
    ),
}


def one_of_errors(data: dict[str, Any]) -> dict[str, forms.ValidationError]:
    """An error on the second of two answers given both (the insurer would not know which is meant)."""
    return {
        second: forms.ValidationError(message, code="one_of")
        for (first, second), message in ONE_OF.items()
        if data.get(first) is not None and data.get(second) is not None
    }


def line_fields(product_line: str) -> dict[str, forms.Field]:
    """The product-specific fields; their cleaned values are the enquiry's `details`."""
    builder = _LINES.get(product_line)
    return builder() if builder else {}


def _export_credit() -> dict[str, forms.Field]:
    return {
        "registration_no": forms.CharField(
            label=_("Business registration number"),
            required=False,
            max_length=18,
            help_text=_("Hong Kong BR: 8 digits. Mainland unified social credit code: 18 characters."),
        ),
        "annual_turnover_hkd": MoneyField(
            label=_("Annual turnover (HK$)"),
            currency="HKD",
            max_value=10**12,
            required=True,
            error_messages={"required": _("Enter your annual turnover")},
            help_text=_("For example 18,000,000, 18m or 1,800萬."),
        ),
        "export_turnover_on_credit_hkd": MoneyField(
            label=_("Export turnover sold on credit terms (HK$)"),
            currency="HKD",
            max_value=10**12,
            allow_zero=True,
        ),
        "destination_countries": CountryListField(label=_("Countries your buyers are in")),
        "payment_terms": checkboxes(PAYMENT_TERMS, _("Payment terms you give your buyers")),
        "credit_period_days": number(
            _("Longest credit period (days)"), min_value=0, max_value=360, required=None
        ),
        "number_of_buyers": number(_("Number of buyers"), min_value=1, max_value=1000),
        "indemnity_pct": forms.TypedChoiceField(
            label=_("Share of a loss you want paid (indemnity)"),
            choices=[("", _("Not sure yet"))] + [(str(p), f"{p}%") for p in (60, 70, 80, 90)],
            coerce=int,
            required=False,
            empty_value=None,
        ),
        "pre_shipment_cover": yes_no(_("I want cover before shipment too (pre-shipment cover)")),
        "related_party_buyers": yes_no(_("Some buyers are related companies")),
        "overdue_over_60d": yes_no(_("A buyer is more than 60 days overdue now")),
    }


def _ecommerce() -> dict[str, forms.Field]:
    return {
        "seller_jurisdiction": choice(
            _("Where the selling company is registered"),
            [
                ("HK", _("Hong Kong")),
                ("mainland", _("The mainland")),
                ("US_LLC", _("A US LLC")),
                ("other", _("Elsewhere")),
            ],
            _("Select where the selling company is registered"),
        ),
        "platforms": checkboxes(
            PLATFORMS, _("Where you sell"), required=_("Select at least one place where you sell")
        ),
        "markets": CountryListField(label=_("Countries you sell to")),
        "annual_turnover_hkd": MoneyField(
            label=_("Annual sales (HK$)"), currency="HKD", max_value=10**11, allow_zero=True
        ),
        "max_monthly_sales_usd": MoneyField(
            label=_("Highest monthly sales (US$)"), currency="USD", max_value=10**10, allow_zero=True
        ),
        "categories": checkboxes(CATEGORIES, _("What you sell")),
        "liability_limit_usd": forms.TypedChoiceField(
            label=_("Product liability limit"),
            choices=[("", _("Not sure yet"))]
            + [(str(v), f"US${v // 1_000_000}m") for v in (1_000_000, 2_000_000, 5_000_000)],
            coerce=int,
            required=False,
            empty_value=None,
        ),
        "claims_5y": number(_("Claims in the last 5 years"), min_value=0, max_value=99),
    }


def _overseas_ip() -> dict[str, forms.Field]:
    return {
        "industry": choice(_("Industry"), INDUSTRIES, _("Select your industry")),
        "annual_turnover_hkd": MoneyField(
            label=_("Annual revenue (HK$)"), currency="HKD", max_value=10**12, allow_zero=True
        ),
        "patents": PatentsField(
            label=_("Patents you hold, by office"),
            required=False,
            help_text=_("Leave an office empty if you hold none there."),
        ),
        "cover_types": checkboxes(
            IP_COVERS, _("Cover wanted"), required=_("Select at least one kind of cover")
        ),
        "territories": CountryListField(label=_("Countries to cover"), extra=("EU", "ASEAN")),
        "limit_rmb": MoneyField(
            label=_("Limit of cover (RMB)"),
            currency="CNY",
            max_value=100_000_000,
            help_text=_("From 500,000 to 100,000,000 (1億)."),
        ),
        # The chat's quote capture reads a limit written in HK$ into `limit_hkd` (chat/enquiry.py):
        # the form asks for it under the same name, so a chat prefill lands in it unconverted.
        "limit_hkd": MoneyField(
            label=_("Limit of cover (HK$)"),
            currency="HKD",
            max_value=100_000_000,
            help_text=_("Or in Hong Kong dollars instead of RMB, such as 5,000,000 or 500萬."),
        ),
        "disputes_5y": number(
            _("Lawsuits, cease-and-desist letters and customs seizures in the last 5 years"),
            min_value=0,
            max_value=999,
            required=_("Enter how many disputes you had in the last 5 years (0 if none)"),
        ),
        "known_threats": yes_no(_("I know of a threat or dispute now")),
        "fto_done": yes_no(_("A freedom-to-operate search was done")),
        "subsidy_interest": yes_no(_("I am interested in premium subsidies")),
    }


def _gba_medical() -> dict[str, forms.Field]:
    return {
        "insured_relationships": checkboxes(
            RELATIONSHIPS, _("Who is to be insured"), required=_("Select who is to be insured")
        ),
        "ages": IntListField(
            label=_("Ages of the people to be insured"),
            max_value=80,
            help_text=_("One per person, separated by commas, like 42, 40, 9."),
            error_messages={"required": _("Enter the age of each person to be insured")},
        ),
        "sexes": PerPersonField(
            label=_("Sex of each person"),
            choices=SEXES,
            words=SEX_WORDS,
            help_text=_("In the same order as the ages: F or M, like F, M, F."),
            error_messages={"required": _("Enter the sex of each person to be insured")},
        ),
        "smokers": PerPersonField(
            label=_("Does each person smoke?"),
            choices=SMOKER,
            words=SMOKER_WORDS,
            help_text=_("In the same order as the ages: yes or no, like no, yes, no."),
            error_messages={"required": _("Say for each person to be insured whether they smoke")},
        ),
        "residency_status": choice(_("Residency"), RESIDENCY, _("Select your residency")),
        "city_of_residence": choice(_("City you live in"), CITIES, _("Select the city you live in")),
        "months_in_mainland_per_year": number(
            _("Months a year spent in the mainland"), min_value=0, max_value=12
        ),
        "area_of_cover": choice(
            _("Where the cover should apply (area of cover)"),
            AREAS_OF_COVER,
            _("Select where the cover should apply"),
        ),
        "ward_class": optional_choice(_("Hospital room"), WARD_CLASSES),
        "deductible_hkd": optional_choice(
            _("Deductible (HK$)"),
            DEDUCTIBLES_HKD,
            help_text=_("The part of each year's bills you pay yourself before the plan pays."),
        ),
        "budget_hkd_per_year": MoneyField(
            label=_("Budget a year (HK$)"), currency="HKD", max_value=500_000, allow_zero=True
        ),
        "riders": checkboxes(RIDERS, _("Extra cover wanted (riders)")),
        "preferred_hospitals": checkboxes(HOSPITAL_KINDS, _("Hospitals you would like to use")),
        "direct_billing_required": yes_no(_("I need the insurer to settle bills with hospitals directly")),
        "existing_cover": forms.MultipleChoiceField(
            label=_("Medical cover you have now"),
            choices=EXISTING_COVER,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            validators=[none_alone],
        ),
        "will_sign_in_hk": yes_no(_("I can sign the application in Hong Kong")),
        "health_flag": yes_no(_("Someone to be insured was diagnosed or treated in the last 5 years")),
    }


def _pension() -> dict[str, forms.Field]:
    return {
        "age": number(_("Your age"), min_value=0, max_value=100, required=_("Enter your age")),
        "hk_permanent_resident": yes_no(_("I am a Hong Kong permanent resident")),
        "hk_taxpayer": yes_no(_("I pay Hong Kong salaries tax")),
        "interests": checkboxes(PENSION_INTERESTS, _("What you are interested in")),
        "lump_sum_band_hkd": choice(
            _("Lump sum you could pay in (HK$)"), LUMP_SUM_BANDS, _("Select the lump sum you could pay in")
        ),
        "city_of_residence": choice(_("City you live in"), CITIES, _("Select the city you live in")),
    }


# The insurer reads the answers about the applicant, not to it: where a field's label speaks to
# the applicant ("Countries your buyers are in"), this is how the insurer's lead page words it.
INSURER_LABELS = {
    "city_of_residence": _("City of residence"),
    "direct_billing_required": _("Needs the insurer to settle bills with hospitals directly"),
    "will_sign_in_hk": _("Can sign the application in Hong Kong"),
    "age": _("Applicant's age"),
    "hk_permanent_resident": _("Hong Kong permanent resident"),
    "hk_taxpayer": _("Pays Hong Kong salaries tax"),
    "lump_sum_band_hkd": _("Lump sum the applicant could pay in (HK$)"),
    "interests": _("Interested in"),
    "deductible_hkd": _("Deductible wanted (HK$)"),
    "preferred_hospitals": _("Hospitals the applicant would like to use"),
    "existing_cover": _("Medical cover the applicant has now"),
    "destination_countries": _("Countries the buyers are in"),
    "payment_terms": _("Payment terms given to buyers"),
    "indemnity_pct": _("Share of a loss to be paid (indemnity)"),
    "pre_shipment_cover": _("Wants pre-shipment cover too"),
    "platforms": _("Where the applicant sells"),
    "markets": _("Countries sold to"),
    "categories": _("Goods sold"),
    "patents": _("Patents held, by office"),
    "known_threats": _("Knows of a threat or dispute now"),
    "subsidy_interest": _("Interested in premium subsidies"),
}


def json_values(field: forms.Field) -> str:
    """What a field's answer looks like in a lead's JSON `details` (the insurer API's docs)."""
    choices = [str(v) for v, _label in getattr(field, "choices", None) or [] if v != ""]
    if isinstance(field, forms.BooleanField):
        return "true | false"
    if isinstance(field, PerPersonField):
        return f"list, one per age in `ages` order, of: {' | '.join(choices).lower()}"
    if isinstance(field, forms.MultipleChoiceField):
        return f"list of: {' | '.join(choices)}"
    if isinstance(field, forms.TypedChoiceField) and field.coerce is int:
        return f"number, one of: {' | '.join(choices)}"
    if choices:
        return f"one of: {' | '.join(choices)}"
    if isinstance(field, CountryListField):
        return "list of ISO 3166-1 alpha-2 codes"
    if isinstance(field, IntListField):
        return "list of whole numbers"
    if isinstance(field, PatentsField):
        return "object: patent office → count"
    if isinstance(field, MoneyField):
        return f"amount in {field.currency}"
    if isinstance(field, forms.IntegerField):
        return f"whole number, {field.min_value}–{field.max_value}"
    return "text"


def insurer_label(name: str, field: forms.Field) -> str:
    return str(INSURER_LABELS.get(name, field.label))


_LINES: dict[str, Callable[[], dict[str, forms.Field]]] = {
    ProductLine.EXPORT_CREDIT: _export_credit,
    ProductLine.ECOMMERCE: _ecommerce,
    ProductLine.OVERSEAS_IP: _overseas_ip,
    ProductLine.GBA_MEDICAL: _gba_medical,
    ProductLine.PENSION: _pension,
}
