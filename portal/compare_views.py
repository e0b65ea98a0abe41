"""The compare page: thin; the comparison is built in portal.comparison."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from knowledge.keyfacts.records import hospital_listings
from portal.comparison import (
    ComparisonError,
    age_matters,
    comparison_build,
    comparison_check,
    parse_slugs,
    premium_row,
)
from portal.forms import AgeForm
from portal.models import Product, ProductLine


def compare(request: HttpRequest) -> HttpResponse:
    """`?products=a,b,c` shows those plans side by side; otherwise a picker of one line's plans."""
    # Checkboxes send products=a&products=b; a shared address carries products=a,b.
    slugs = parse_slugs(",".join(request.GET.getlist("products")))
    line = request.GET.get("line", "")
    context: dict[str, object] = {"slugs": slugs, "product_lines": ProductLine.choices}
    status = 200
    if len(slugs) == 1:  # from a product page, or one plan ticked: say what is missing
        first = Product.objects.filter(slug=slugs[0]).first()
        line = first.product_line if first else line
        if first is not None:
            context["notice"] = _("Choose at least one more plan to compare with %(name)s.") % {
                "name": first.name
            }
    elif slugs:
        try:
            products = comparison_check(slugs=slugs)
        except ComparisonError as exc:
            context["error"] = str(exc)
            status = 400
        else:
            context.update(_comparison_context(products, request.GET.get("age", "")))
            line = products[0].product_line
    hospital = request.GET.get("hospital", "").strip()[:100]
    if hospital:
        medical = list(Product.objects.select_related("insurer").filter(product_line=ProductLine.GBA_MEDICAL))
        context["hospital"] = hospital
        listed = hospital_listings(query=hospital, products=medical)
        context["hospital_matches"] = [m for m in listed if m.hospital.direct]
        context["hospital_reimbursement"] = [m for m in listed if not m.hospital.direct]
    if line in ProductLine.values:
        context["line"] = line
        context["choices"] = Product.objects.select_related("insurer").filter(product_line=line)
    return render(request, "portal/compare.html", context, status=status)


def _comparison_context(products: list[Product], asked_age: str) -> dict[str, object]:
    comparison = comparison_build(products=products, language=get_language() or "en")
    form = AgeForm({"age": asked_age.strip()})
    age: int | None = form.cleaned_data["age"] if form.is_valid() else None
    context: dict[str, object] = {"comparison": comparison, "enquiry_url": comparison.enquiry_url(age)}
    context["asks_age"] = age_matters(comparison.products)
    context["age_field"] = form.fields["age"]
    context["age_typed"] = asked_age.strip()[:10]
    if not context["asks_age"]:  # the tables are keyed by terms or grades: an age changes nothing
        context["premiums"] = premium_row(products=comparison.products, age=None)
    elif age is not None:
        context["age"] = age
        context["premiums"] = premium_row(products=comparison.products, age=age)
    elif asked_age.strip():
        context["age_error"] = form.errors["age"][0]
    return context
