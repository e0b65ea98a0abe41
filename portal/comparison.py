"""Plans side by side: the key facts of 2–4 products of one line, row by attribute."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from knowledge.keyfacts.premiums import (
    PAYOUT,
    PREMIUM,
    Estimate,
    RateTable,
    Refusal,
    enquiry_query,
    estimate,
    row_estimates,
)
from knowledge.keyfacts.records import ShownFact, current_document, document_rate_tables, keyfacts_for
from portal.models import Product

MIN_PLANS, MAX_PLANS = 2, 4


class ComparisonError(ValueError):
    """The request cannot be compared; the message says why, for the visitor."""


@dataclass(frozen=True)
class ComparisonRow:
    key: str
    label: str
    cells: tuple[ShownFact, ...]
    # Per cell: whether its plan has a document at all. A plan with none is unknown, not different:
    # against it every row was "differs" (journey test E11).
    documented: tuple[bool, ...] = ()

    @property
    def differs(self) -> bool:
        """True when the documented plans do not all state the same value (a document that does
        not state it differs too); plans without a document are left out."""
        known = self.documented or (True,) * len(self.cells)
        return len({cell.key() for cell, has in zip(self.cells, known, strict=True) if has}) > 1


@dataclass(frozen=True)
class Comparison:
    line: str
    products: tuple[Product, ...]
    rows: tuple[ComparisonRow, ...]
    undocumented: tuple[Product, ...] = ()

    @property
    def differing(self) -> int:
        return sum(row.differs for row in self.rows)

    def enquiry_url(self, age: int | None = None) -> str:
        """The line's enquiry form with these plans' insurers chosen (and the age asked, if any)."""
        insurers = ",".join(dict.fromkeys(p.insurer.slug for p in self.products))
        query = {"insurers": insurers, **enquiry_query(self.line, age)}
        return reverse("enquiry-create", args=[self.line]) + "?" + urlencode(query)


def parse_slugs(raw: str) -> list[str]:
    """Product slugs from `?products=a,b,c`, in order, without repeats or blanks."""
    return list(dict.fromkeys(s.strip() for s in raw.split(",") if s.strip()))


def comparison_check(*, slugs: list[str]) -> list[Product]:
    """The products to compare, in the order asked; raise ComparisonError if they cannot be."""
    if not MIN_PLANS <= len(slugs) <= MAX_PLANS:
        raise ComparisonError(_("Choose between 2 and 4 plans to compare."))
    # Documents and records come in two queries for all plans, not two per plan.
    chosen = Product.objects.select_related("insurer").prefetch_related("documents", "key_facts")
    found = {p.slug: p for p in chosen.filter(slug__in=slugs)}
    missing = [s for s in slugs if s not in found]
    if missing:
        raise ComparisonError(_("No such plan: %(slugs)s.") % {"slugs": ", ".join(missing)})
    products = [found[s] for s in slugs]
    if len({p.product_line for p in products}) > 1:
        raise ComparisonError(_("Plans of different product lines cannot be compared."))
    return products


def comparison_build(*, products: list[Product], language: str) -> Comparison:
    """Rows of key facts, labels in `language`; assumes `products` passed comparison_check."""
    columns = [keyfacts_for(p) for p in products]
    documented = tuple(current_document(p) is not None for p in products)
    rows = tuple(
        ComparisonRow(cells[0].attribute.key, cells[0].attribute.label(language), tuple(cells), documented)
        for cells in zip(*columns, strict=True)
    )
    undocumented = tuple(p for p, has in zip(products, documented, strict=True) if not has)
    return Comparison(products[0].product_line, tuple(products), rows, undocumented)


@dataclass(frozen=True)
class TableReading:
    """What one of a plan's tables gives for an age, read as the product page reads it.

    `figures` holds the row's figure under every option (a deductible, a sex, a plan level:
    shown side by side, never one picked); a Refusal when no row has the age; None when the
    table is keyed by something else (payment terms, territory) the visitor chooses on the
    plan's page.
    """

    table: RateTable
    figures: list[Estimate] | Refusal | None

    @property
    def is_premium(self) -> bool:
        return self.table.kind != PAYOUT


@dataclass(frozen=True)
class PremiumCell:
    """One plan's tables read for an age. `outcome` is kept for callers that read one figure:
    the first premium table's first option (or its refusal); None when there is none."""

    product: Product
    outcome: Estimate | Refusal | None
    doc_id: str = ""
    readings: tuple[TableReading, ...] = ()


def _reading(table: RateTable, age: int | None) -> TableReading:
    return TableReading(table, row_estimates(table, age) if table.by_age and age is not None else None)


def _tables(product: Product) -> tuple[str, list[RateTable]]:
    document = current_document(product)
    return (document.doc_id, document_rate_tables(document)) if document else ("", [])


def age_matters(products: tuple[Product, ...]) -> bool:
    """Whether an age changes anything on the page: some plan's table is by age (an export
    credit rate table by buyer grade, say, is not, and the page then asks for none)."""
    return any(t.by_age for p in products for t in _tables(p)[1])


def premium_row(*, products: tuple[Product, ...], age: int | None) -> list[PremiumCell]:
    """Each plan's premium, rate and payout tables read for `age` (age last birthday; a table
    by age next birthday is read one year on), the same tables the product page reads. Without
    an age (no plan's table is by age), each table says what it is keyed by."""
    cells = []
    for product in products:
        doc_id, tables = _tables(product)
        readings = tuple(_reading(t, age) for t in tables)
        first = next((t for t in tables if t.by_age and t.kind == PREMIUM), None)
        outcome = (
            estimate(first, column=first.figure_options[0], age=age) if first and age is not None else None
        )
        cells.append(PremiumCell(product, outcome, doc_id, readings))
    return cells


def compare_url(*, slugs: list[str]) -> str:
    """The shareable address of a comparison (language prefix from the active language)."""
    return reverse("compare") + "?" + urlencode({"products": ",".join(slugs)})
