"""Validation of values that must fit a column exactly: money.

Why here and not in the form or the schema: a quote amount arrives from the dashboard form, the
insurers' API and admin, and every one of them must refuse the same values with the same message.
A value past the column's `max_digits` is stored by SQLite as a float and then breaks every read of
the row (`decimal.InvalidOperation`); PostgreSQL stores `NaN` in a numeric column. So the check is
made before anything is written.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The quote amount column's shape (`Lead.quote_amount`); a migration changing it must change these.
MONEY_MAX_DIGITS = 14
MONEY_DECIMAL_PLACES = 2


def parse_money(
    value: object, *, max_digits: int = MONEY_MAX_DIGITS, decimal_places: int = MONEY_DECIMAL_PLACES
) -> Decimal:
    """A finite, positive amount with at most `decimal_places` places that fits `max_digits`.

    Accepts a string ("1500.50", "1,500.50"), an int, a JSON number or a Decimal. Raises ValidationError with a code: `invalid`,
    `not_finite`, `not_positive`, `too_many_places` or `too_large`.
    """
    amount = _to_decimal(value)
    if not amount.is_finite():
        raise ValidationError(_("Enter a number, not infinity or NaN."), code="not_finite")
    if amount <= 0:
        raise ValidationError(_("The amount must be more than zero."), code="not_positive")
    # Size first: quantizing a huge value would overflow the decimal context.
    if amount.adjusted() >= max_digits - decimal_places:
        limit = f"{10 ** (max_digits - decimal_places):,}"
        raise ValidationError(
            _("The amount must be less than %(limit)s.") % {"limit": limit}, code="too_large"
        )
    rounded = amount.quantize(Decimal(1).scaleb(-decimal_places))
    # Trailing zeros beyond the places are harmless ("10.500"); real digits there are not.
    if rounded != amount:
        raise ValidationError(
            _("Use at most %(places)d decimal places.") % {"places": decimal_places}, code="too_many_places"
        )
    amount = rounded
    return amount


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, bool):
        raise ValidationError(_("Enter the amount as a decimal number."), code="invalid")
    if isinstance(value, float):
        # The shortest repr is the decimal the client wrote (1500.5, not 1500.4999…).
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        try:
            if text and len(text) <= 64:
                return Decimal(text)
        except InvalidOperation:
            pass
    raise ValidationError(_("Enter the amount as a decimal number."), code="invalid")
