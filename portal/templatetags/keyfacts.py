"""Key facts, editions and premium estimates on product pages (the view stays as it is)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language

from knowledge.keyfacts.premiums import Estimate, RateTable, Refusal, enquiry_query, estimate
from knowledge.keyfacts.records import (
    HospitalMatch,
    ShownFact,
    current_document,
    document_rate_tables,
    editions,
    keyfacts_for,
    network_for,
)
from knowledge.language import canonical_language
from knowledge.models import PlanDocument
from portal.forms import AgeForm
from portal.models import Product

register = template.Library()


@register.simple_tag
def product_keyfacts(product: Product) -> list[ShownFact]:
    return keyfacts_for(product)


@register.simple_tag
def fact_reading(cell: ShownFact) -> dict[str, str]:
    """How a page shows a key fact to its reader. `lang`: the document's language, when it is not
    the page's; `note`: the same, when the value has words of the other language (a figure or a
    percentage reads alike in both), so the page says what it is quoted in; `gloss`: the value in
    the page's language; `column`: the table column it was read from, in the page's language
    where the glossary has it (else as written, in `column_lang`)."""
    from chat.glossary import label_for
    from knowledge.keyfacts.gloss import in_other_language

    reader = canonical_language(get_language()) or "en"
    written_in = canonical_language(cell.written_in) or ""
    column = cell.record.column if cell.record else ""
    foreign_column = in_other_language(column, written_in, reader)
    rendered = label_for(column, written_in, reader) if foreign_column else None
    if rendered and in_other_language(rendered, written_in, reader):
        rendered = None  # half rendered ("每次賠償限額 (you choose)"): shown as written instead
    other = bool(written_in) and written_in != reader
    return {
        "lang": written_in if other else "",
        "note": written_in
        if in_other_language(cell.value, written_in, reader) or (rendered is None and foreign_column)
        else "",
        "gloss": cell.gloss(reader) or "",
        "column": rendered or column,
        "column_lang": written_in if other and column and not rendered else "",
    }


@register.simple_tag
def product_network(product: Product) -> list[HospitalMatch]:
    return network_for(product)


@register.simple_tag
def product_editions(product: Product) -> list[PlanDocument]:
    return editions(product)


@register.simple_tag
def product_current_document(product: Product) -> PlanDocument | None:
    return current_document(product)


def _int(value: str | None) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return int(value)
    except ValueError:
        return None


@register.simple_tag(takes_context=True)
def product_estimate(context: dict[str, Any], product: Product) -> dict[str, Any]:
    """The product's rate tables and, when the page was asked (`?table=&age=&option=`), the
    table's cell or the reason it has none. A bad number is reported, not guessed."""
    document = current_document(product)
    tables: list[RateTable] = document_rate_tables(document) if document else []
    request: HttpRequest | None = context.get("request")
    query = request.GET if request is not None else {}
    result: dict[str, Any] = {
        "tables": list(enumerate(tables)),
        "document": document,
        "age_field": AgeForm.base_fields["age"],
    }
    index = _int(query.get("table"))
    if index is None or not 0 <= index < len(tables) or "option" not in query:
        return result
    table = tables[index]
    asked_age = query.get("age", "")
    form = AgeForm({"age": asked_age.strip()})
    age: int | None = form.cleaned_data["age"] if form.is_valid() else None
    if table.by_age and age is None:
        outcome: Estimate | Refusal = Refusal("age", "")
        result["age_error"] = form.errors["age"][0]  # the field's own words: a word, or out of range
    else:
        outcome = estimate(table, column=query.get("option", ""), age=age, row=query.get("row"))
    result.update(asked=index, table=table, age=asked_age, option=query.get("option", ""), outcome=outcome)
    prefill = {"insurers": product.insurer.slug, **enquiry_query(product.product_line, age)}
    result["enquiry_url"] = reverse("enquiry-create", args=[product.product_line]) + "?" + urlencode(prefill)
    result["refused"] = isinstance(outcome, Refusal)
    return result
