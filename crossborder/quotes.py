"""Quotes side by side in one currency: each premium also in HK$ at a static, dated rate table
(`crossborder/data/rates.yaml`), shown with the original; ordered by that HK$ figure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from crossborder.models import Lead

RATES_FILE = Path(__file__).parent / "data" / "rates.yaml"


@dataclass(frozen=True)
class Rates:
    as_of: date
    source: str
    hkd_per_unit: dict[str, Decimal]


@lru_cache(maxsize=1)
def rates() -> Rates:
    raw = yaml.safe_load(RATES_FILE.read_text(encoding="utf-8"))
    return Rates(
        as_of=date.fromisoformat(str(raw["as_of"])),
        source=str(raw["source"]),
        hkd_per_unit={str(k): Decimal(str(v)) for k, v in raw["hkd_per_unit"].items()},
    )


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


def compare(leads: list[Lead]) -> list[QuoteRow]:
    """The quoted leads, lowest premium in HK$ first; a premium in an unknown currency last."""
    table = rates().hkd_per_unit
    rows = []
    for lead in leads:
        if lead.quote_amount is None:
            continue
        rate = table.get(lead.quote_currency.upper())
        hkd = (lead.quote_amount * rate).quantize(Decimal(1)) if rate is not None else None
        rows.append(QuoteRow(lead, lead.quote_amount, lead.quote_currency.upper(), hkd))
    return sorted(rows, key=lambda r: (r.hkd is None, r.hkd or 0, r.lead.insurer.name))
