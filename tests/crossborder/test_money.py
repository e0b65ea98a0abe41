"""One money parser for every amount a person types: exact or refused, never guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from crossborder.money import MoneyField, parse_money


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("18m", "18000000"),
        ("18M", "18000000"),
        ("18 m", "18000000"),
        ("1.8 million", "1800000"),
        ("1.8m", "1800000"),
        ("1,800萬", "18000000"),
        ("1800万", "18000000"),
        ("18百萬", "18000000"),
        ("1.8億", "180000000"),
        ("HK$18,000,000", "18000000"),
        ("HKD 18,000,000", "18000000"),
        ("18,000,000 港元", "18000000"),
        ("港幣1,800萬元", "18000000"),
        ("$18,000,000", "18000000"),
        ("18 000 000", "18000000"),
        ("１８，０００", "18000"),  # full-width digits and comma
        ("12,800", "12800"),
        ("12,800.50", "12800.50"),
        ("250k", "250000"),
        ("0.5bn", "500000000"),
        (18000000, "18000000"),
        (12800.5, "12800.50"),
    ],
)
def test_amounts_people_type_are_read_exactly(text: object, amount: str) -> None:
    assert parse_money(text, currency="HKD") == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "required"),
        ("eighteen", "invalid"),
        ("18 apples", "invalid"),
        ("1e12", "invalid"),
        ("1.800.000", "invalid"),  # another locale's separators: refused, not read as 1.8
        ("18,00", "invalid"),
        ("12,8oo", "invalid"),
        ("-5", "min_value"),
        ("0", "min_value"),
        ("12.345", "decimal_places"),
        ("US$5m", "currency"),
        ("HK$5m US$", "currency"),
        ("1e12", "invalid"),
        ("1,000,000,000,000", "max_value"),  # 13 digits: over Decimal(14, 2)
        (1e12, "max_value"),
        (float("inf"), "invalid"),
        (float("nan"), "invalid"),
        (True, "invalid"),
    ],
)
def test_everything_else_is_refused_with_a_reason(text: object, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_money(text, currency="HKD")
    assert caught.value.code == code
    assert str(caught.value.messages[0])  # a message a person can act on


def test_the_quote_model_field_bounds_hold() -> None:
    assert parse_money("999,999,999,999.99") == Decimal("999999999999.99")
    with pytest.raises(ValidationError):
        parse_money("1,000,000,000,000")


def test_form_field_gives_whole_amounts_and_refuses_cents_where_whole() -> None:
    field = MoneyField(currency="HKD", max_value=10**12)
    assert field.clean("18m") == 18_000_000
    assert isinstance(field.clean("18m"), int)
    assert field.clean("") is None
    with translation.override("en"), pytest.raises(ValidationError, match="whole"):
        field.clean("18.5")
    with pytest.raises(ValidationError):
        MoneyField(currency="HKD", max_value=500_000).clean("1m")
    assert field.prepare_value(18_000_000) == "18,000,000"
    assert field.prepare_value("18m") == "18m"
    assert MoneyField(currency="HKD", allow_zero=True).clean("0") == 0
