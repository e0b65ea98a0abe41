"""Amounts of money as people type them: "18m", "1.8 million", "1,800萬", "HK$18,000,000", "12,800",
"一千八百萬", "八千蚊".

One parser for every money input (enquiry forms, the insurer dashboard and the insurer quote API).
An amount is read exactly or refused with a message that says what to write; nothing is guessed:
"18m" is eighteen million, never 18, and "1.800.000" or "18,00" (other locales' separators) are
refused rather than read one way or the other. The words around amounts live in
`crossborder/data/money_words.yaml`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from knowledge.numerals import in_digits

WORDS_FILE = Path(__file__).parent / "data" / "money_words.yaml"
RATES_FILE = Path(__file__).parent / "data" / "rates.yaml"
# Lead.quote_amount: DecimalField(max_digits=14, decimal_places=2).
MAX_DIGITS = 14
DECIMAL_PLACES = 2

# Figures: plain (1800000, 1800000.5) or grouped by thousands with commas (1,800,000.50).
_FIGURES = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^\.\d+$")
_NUMBER_THEN_WORDS = re.compile(r"^([\d.,]+)(.*)$")

INVALID = _("Enter an amount in figures, such as 18,000,000, 18m, 1.8 million or 1,800萬.")


@lru_cache(maxsize=1)
def _words() -> tuple[dict[str, Decimal], list[tuple[str, str]], tuple[str, ...]]:
    """Multipliers, (mark, currency) longest mark first, neutral marks; read once."""
    raw = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    multipliers = {str(k).lower(): Decimal(str(v)) for k, v in raw["multipliers"].items()}
    marks = [(str(m).lower(), code) for code, ms in raw["currencies"].items() for m in ms]
    marks.sort(key=lambda pair: -len(pair[0]))
    neutral = tuple(sorted((str(n).lower() for n in raw["neutral"]), key=len, reverse=True))
    return multipliers, marks, neutral


def _strip_currency(text: str) -> tuple[str, str | None]:
    """The text without its currency mark (at either end) and the currency the mark names."""
    _multipliers, marks, neutral = _words()
    found: str | None = None
    for _pass in range(2):  # "HK$ 18m 港元" is odd but unambiguous; two marks of different currencies are not
        for mark, code in marks:
            if text.startswith(mark) or text.endswith(mark):
                if found is not None and found != code:
                    raise ValidationError(_("Write one currency only."), code="currency")
                found = code
                text = text[len(mark) :] if text.startswith(mark) else text[: -len(mark)]
                text = text.strip()
                break
    for mark in neutral:
        if text.startswith(mark):
            text = text[len(mark) :].strip()
        if text.endswith(mark):
            text = text[: -len(mark)].strip()
    return text, found


def _multiplier(words: str) -> Decimal:
    """ "m" → 10^6, "百萬" → 10^6, "" → 1; anything else is not an amount."""
    multipliers = _words()[0]
    words = words.strip()
    if not words:
        return Decimal(1)
    if words in multipliers:
        return multipliers[words]
    if all(ch in multipliers for ch in words):  # CJK units compose: 百萬, 千万
        total = Decimal(1)
        for ch in words:
            total *= multipliers[ch]
        return total
    raise ValidationError(INVALID, code="invalid")


def _read(text: str) -> tuple[Decimal, str | None]:
    text = unicodedata.normalize("NFKC", text).strip().lower()  # full-width １８００ and ，
    text = in_digits(text)  # "八千蚊", "三千五百萬"
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    if text.startswith("-") or text.startswith("−"):
        raise ValidationError(_("Enter an amount above zero."), code="min_value")
    text, currency = _strip_currency(text)
    if _grouped_by_spaces(text):
        text = re.sub(r"(?<=\d) (?=\d{3})", "", text)
    match = _NUMBER_THEN_WORDS.match(text)
    if not match:
        raise ValidationError(INVALID, code="invalid")
    figures, words = match.groups()
    multiplier = _multiplier(words)  # "12,8oo" is not an amount at all, before any separator question
    if not _FIGURES.match(figures):
        raise ValidationError(
            _("Use commas between thousands and a point for decimals, such as 1,800,000.50."),
            code="invalid",
        )
    try:
        number = Decimal(figures.replace(",", ""))
    except InvalidOperation:
        raise ValidationError(INVALID, code="invalid") from None
    return number * multiplier, currency


def _grouped_by_spaces(text: str) -> bool:
    """ "18 000 000" groups thousands with spaces; "1.8 million" only separates a word."""
    return bool(re.match(r"^\d{1,3}(?: \d{3})+(?:\.\d+)?(?:\D.*)?$", text))


@dataclass(frozen=True)
class Written:
    """An amount found in running text ("年销售额800万美元"): its value, the currency its marks
    name (None if none), whether a scale word was written, and where it starts and ends."""

    value: float
    currency: str | None
    scaled: bool
    start: int
    end: int


@lru_cache(maxsize=1)
def _in_text() -> re.Pattern[str]:
    """A currency mark, figures, a scale word and marks after: the money words of the file."""
    multipliers, marks, neutral = _words()

    def alternatives(words: list[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))

    latin = [w for w in multipliers if w.isascii()]
    cjk = "".join(w for w in multipliers if not w.isascii())
    mark = alternatives([m for m, _code in marks] + list(neutral))
    return re.compile(
        rf"(?P<pre>(?:{mark})\s*)?(?P<num>\d+(?:[.,]\d+)*)\s*"
        rf"(?P<scale>(?:{alternatives(latin)})(?![a-z])|[{cjk}]+)?\s*"
        rf"(?P<post>(?:(?:{mark})\s*){{0,2}})"
    )


def amounts_in(text: str) -> list[Written]:
    """Every amount a lower-cased text writes, with the currency its marks name, on either side
    ("HK$10m", "1000万元人民币", "US$ 2 million")."""
    marks = _words()[1]
    found = []
    for match in _in_text().finditer(text):
        written = (match.group("pre") or "") + " " + (match.group("post") or "")
        currency = next((code for mark, code in marks if mark in written), None)
        try:
            scale = _multiplier(match.group("scale") or "")
        except ValidationError:
            continue
        value = float(match.group("num").replace(",", "")) * float(scale)
        found.append(Written(value, currency, bool(match.group("scale")), match.start(), match.end()))
    return found


def parse_money(
    text: Any,
    *,
    currency: str | None = None,
    max_digits: int = MAX_DIGITS,
    decimal_places: int = DECIMAL_PLACES,
    max_value: Decimal | int | None = None,
    allow_zero: bool = False,
) -> Decimal:
    """The amount `text` states, exactly.

    `text` is what a person typed, or a JSON number. `currency` (ISO 4217) is the currency the
    input is in: a mark of another currency ("US$5m" where HK$ is asked) is refused, not converted.
    Raises ValidationError (codes: required, invalid, currency, decimal_places, max_value,
    min_value) with a message a person can act on. The result is finite, above zero (or zero with
    `allow_zero`), has at most `decimal_places` places and fits `max_digits` digits.
    """
    if isinstance(text, bool) or text is None:
        raise ValidationError(INVALID if text is not None else _("Enter an amount."), code="invalid")
    if isinstance(text, int | float | Decimal):
        try:
            amount, given = Decimal(str(text)), None
        except InvalidOperation:
            raise ValidationError(INVALID, code="invalid") from None
    else:
        if not str(text).strip():
            raise ValidationError(_("Enter an amount."), code="required")
        amount, given = _read(str(text))
    if currency and given and given != currency.upper():
        raise ValidationError(
            _("This amount is in %(expected)s; you wrote %(given)s. Convert it first."),
            code="currency",
            params={"expected": currency.upper(), "given": given},
        )
    return _checked(amount, max_digits, decimal_places, max_value, allow_zero)


def _checked(
    amount: Decimal, max_digits: int, places: int, max_value: Decimal | int | None, allow_zero: bool
) -> Decimal:
    if not amount.is_finite():
        raise ValidationError(INVALID, code="invalid")
    if amount < 0 or (amount == 0 and not allow_zero):
        raise ValidationError(_("Enter an amount above zero."), code="min_value")
    step = Decimal(1).scaleb(-places)
    if amount != amount.quantize(step, rounding="ROUND_DOWN"):
        if places == 0:
            raise ValidationError(_("Enter a whole amount, without cents."), code="decimal_places")
        raise ValidationError(
            _("Enter at most %(places)s decimal places."), code="decimal_places", params={"places": places}
        )
    ceiling = Decimal(10) ** (max_digits - places) - step
    if max_value is not None:
        ceiling = min(ceiling, Decimal(max_value))
    if amount > ceiling:
        raise ValidationError(
            _("Enter an amount up to %(max)s."), code="max_value", params={"max": f"{ceiling:,.0f}"}
        )
    return amount.quantize(step)


class MoneyField(forms.Field):
    """A form field for an amount in one currency; whole amounts (`decimal_places=0`) clean to int."""

    widget = forms.TextInput

    def __init__(
        self,
        *,
        currency: str,
        max_value: int | None = None,
        decimal_places: int = 0,
        allow_zero: bool = False,
        **kwargs: Any,
    ) -> None:
        self.currency, self.max_value = currency, max_value
        self.decimal_places, self.allow_zero = decimal_places, allow_zero
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # Not inputmode=numeric: "18m" and "1,800萬" need letters.
        return {**super().widget_attrs(widget), "autocomplete": "off", "spellcheck": "false"}

    def to_python(self, value: Any) -> Decimal | int | None:
        if value in self.empty_values:
            return None
        amount = parse_money(
            value,
            currency=self.currency,
            decimal_places=self.decimal_places,
            max_value=self.max_value,
            allow_zero=self.allow_zero,
        )
        return int(amount) if self.decimal_places == 0 else amount

    def prepare_value(self, value: Any) -> Any:
        # A cleaned or prefilled amount is shown grouped; what the person typed is shown as typed.
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return f"{value:,}"
        return value


@dataclass(frozen=True)
class Rates:
    """The portal's one rate table (`crossborder/data/rates.yaml`): fixed and dated on purpose, so
    every page that converts says the rate and the date, and the insurer's own figure counts."""

    as_of: date
    source: str
    hkd_per_unit: dict[str, Decimal]
    quote_currencies: dict[str, str]  # code → the name the dashboard shows


@lru_cache(maxsize=1)
def rates() -> Rates:
    raw = yaml.safe_load(RATES_FILE.read_text(encoding="utf-8"))
    return Rates(
        as_of=date.fromisoformat(str(raw["as_of"])),
        source=str(raw["source"]),
        hkd_per_unit={str(k): Decimal(str(v)) for k, v in raw["hkd_per_unit"].items()},
        quote_currencies={str(k): str(v) for k, v in raw["quote_currencies"].items()},
    )


def convert(amount: Decimal | float, currency: str, into: str) -> Decimal | None:
    """`amount` of `currency` in `into` at the fixed rates, in whole units; None for a currency the
    table has no rate for (nothing is guessed)."""
    exact = convert_exact(Decimal(str(amount)), currency, into)
    return exact.quantize(Decimal(1)) if exact is not None else None


# How pages write each currency before an amount (HK$15,560,000; RMB 1,000).
CURRENCY_MARKS = {"HKD": "HK$", "USD": "US$", "CNY": "RMB ", "EUR": "€", "GBP": "£", "MOP": "MOP$"}


def written(amount: Decimal | float | int, currency: str) -> str:
    """An amount as pages write it: its currency's mark and the figure grouped by thousands."""
    figure = Decimal(str(amount))
    figure = figure.quantize(Decimal(1)) if figure == figure.to_integral_value() else figure
    return f"{CURRENCY_MARKS.get(currency.upper(), currency.upper() + ' ')}{figure:,}"


def rate(currency: str, into: str) -> Decimal | None:
    """How many of `into` one unit of `currency` is at the fixed rates (None: no rate)."""
    one = convert_exact(Decimal(1), currency, into)
    return one.normalize() if one is not None else None


def convert_exact(amount: Decimal, currency: str, into: str) -> Decimal | None:
    table = rates().hkd_per_unit
    given, wanted = table.get(currency.upper()), table.get(into.upper())
    return amount * given / wanted if given is not None and wanted is not None else None
