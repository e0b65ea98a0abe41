"""Quotes side by side in one currency: each premium also in HK$ at a static, dated rate table
(`crossborder/data/rates.yaml`), shown with the original; ordered by that HK$ figure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from crossborder import audit, leads
from crossborder.models import Lead
from crossborder.money import Rates, convert, parse_money, rates

__all__ = ["Rates", "rates"]  # the rate table lives in crossborder.money, with the amounts


def currency_from(text: Any) -> str:
    """The quote's currency code ("usd" → "USD"), one of the rate file's `quote_currencies`;
    ValidationError naming the accepted ones otherwise (dashboard and API alike)."""
    code = str(text or "").strip().upper()
    accepted = rates().quote_currencies
    if code not in accepted:
        raise ValidationError(
            _("Choose the currency among %(codes)s."),
            code="invalid_choice",
            params={"codes": ", ".join(accepted)},
        )
    return code


@dataclass(frozen=True)
class QuoteRow:
    lead: Lead
    amount: Decimal
    currency: str
    hkd: Decimal | None  # None: a currency the table does not have (shown as given, listed last)

    # Grouped by thousands in every language (the Chinese locales' number formats do not group).
    @property
    def amount_text(self) -> str:
        return f"{self.currency} {self.amount:,.2f}"

    @property
    def hkd_text(self) -> str:
        return f"HK${self.hkd:,.0f}" if self.hkd is not None else ""

    @property
    def deductible_text(self) -> str:
        deductible = self.lead.quote_terms.get("deductible")
        return f"{self.currency} {Decimal(deductible):,.2f}" if deductible else ""


def compare(leads: list[Lead]) -> list[QuoteRow]:
    """The quoted leads, lowest premium in HK$ first; a premium in an unknown currency last."""
    rows = []
    for lead in leads:
        if lead.quote_amount is None:
            continue
        hkd = convert(lead.quote_amount, lead.quote_currency, "HKD")
        rows.append(QuoteRow(lead, lead.quote_amount, lead.quote_currency.upper(), hkd))
    return sorted(rows, key=lambda r: (r.hkd is None, r.hkd or 0, r.lead.insurer.name))


# An amount typed as a premium is refused with a premium's example, not a turnover's ("18m").
PREMIUM_INVALID = gettext_lazy("Enter the premium in figures, such as 12,800 or 12,800.50.")


def premium_from(text: Any, currency: str | None = None) -> Decimal:
    """The premium the insurer typed ("12,800", "HK$12,800"); ValidationError in words."""
    try:
        return parse_money(text, currency=currency)
    except ValidationError as exc:
        if getattr(exc, "code", None) == "invalid":
            raise ValidationError(PREMIUM_INVALID, code="invalid") from None
        raise


def terms_from(data: Any, currency: str) -> dict[str, str | int]:
    """The quote's terms as the insurer typed them; raises one ValidationError naming every bad
    field (`{field: [message]}`), so all are said at once."""
    terms: dict[str, str | int] = {}
    problems: dict[str, list[str]] = {}
    period = str(data.get("period_months", "")).strip()
    if period:
        if not period.isdigit() or not 1 <= int(period) <= 120:
            problems["period_months"] = [_("Enter the period of cover in months, from 1 to 120.")]
        else:
            terms["period_months"] = int(period)
    deductible = str(data.get("deductible", "")).strip()
    if deductible:
        try:
            terms["deductible"] = str(parse_money(deductible, currency=currency, allow_zero=True))
        except ValidationError as exc:
            problems["deductible"] = exc.messages
    for name, limit in (("plan", 120), ("insured", 200)):
        value = str(data.get(name, "")).strip()
        if len(value) > limit:
            problems[name] = [_("Shorten it to %(limit)s characters.") % {"limit": limit}]
        elif value:
            terms[name] = value
    if problems:
        raise ValidationError(problems)
    return terms


def record_quote(lead: Lead, actor: str, *, terms: dict[str, str | int], **quote: Any) -> Lead:
    """`leads.quote` and the terms the applicant compares, in one transaction."""
    with transaction.atomic():
        lead = leads.quote(lead, actor, **quote)
        lead.quote_terms = terms
        lead.save(update_fields=["quote_terms"])
        audit.record(
            lead.enquiry, actor, "lead.quote_terms", lead=lead, **{k: str(v) for k, v in terms.items()}
        )
    return lead
