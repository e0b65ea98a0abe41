from __future__ import annotations

import logging

from django.conf import settings
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import health
from portal.comparison import MAX_PLANS
from portal.models import Product, ProductLine

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {"product_lines": ProductLine.choices, "suggested": _one_plan_per_line()},
    )


def _one_plan_per_line(count: int = 3) -> list[Product]:
    """A plan with a current document from each of the first `count` lines: the home page's chat
    suggestions name them, as a question naming no plan gets an answer about an arbitrary one."""
    from knowledge.keyfacts.records import current_document

    chosen: dict[str, Product] = {}
    for product in Product.objects.select_related("insurer").prefetch_related("documents").order_by("pk"):
        if product.product_line not in chosen and current_document(product) is not None:
            chosen[product.product_line] = product
    lines = [code for code in ProductLine.values if code in chosen]
    return [chosen[code] for code in lines[:count]]


# The questions the chat suggests on a catalogue, by the line it lists, the first of each on the
# whole catalogue: a medical listing suggested a question on overseas patents (journey test E23).
CATALOGUE_STARTERS: dict[str, tuple[Promise, ...]] = {
    ProductLine.GBA_MEDICAL: (
        gettext_lazy("Which plans cover treatment in Shenzhen hospitals?"),
        gettext_lazy("What is the difference between the medical plans?"),
    ),
    ProductLine.PENSION: (gettext_lazy("Which pension plans have a guaranteed return?"),),
    ProductLine.EXPORT_CREDIT: (gettext_lazy("Can I get a quote for export credit insurance?"),),
    ProductLine.ECOMMERCE: (gettext_lazy("Which plans cover product liability for online sellers?"),),
    ProductLine.OVERSEAS_IP: (gettext_lazy("Which plans cover overseas patents?"),),
}


def catalogue_starters(line: str) -> list[Promise]:
    if line in CATALOGUE_STARTERS:
        return list(CATALOGUE_STARTERS[line])
    return [questions[0] for questions in CATALOGUE_STARTERS.values()]


def catalogue(request: HttpRequest) -> HttpResponse:
    """The plans, one table per product line, each with boxes to pick plans of that line to compare
    (plans of different lines cannot be compared)."""
    line = request.GET.get("line", "")
    products = Product.objects.select_related("insurer")
    if line in ProductLine.values:
        products = products.filter(product_line=line)
    groups = [
        (code, label, [p for p in products if p.product_line == code]) for code, label in ProductLine.choices
    ]
    return render(
        request,
        "portal/catalogue.html",
        {
            "groups": [g for g in groups if g[2]],
            "product_lines": ProductLine.choices,
            "line": line,
            "max_plans": MAX_PLANS,
            "starters": catalogue_starters(line),
        },
    )


def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Documents once: the key facts read each value's document language from them.
    product = get_object_or_404(
        Product.objects.select_related("insurer").prefetch_related("documents"), slug=slug
    )
    documents = product.documents.filter(status="ready").order_by("-effective_date")
    return render(request, "portal/product_detail.html", {"product": product, "documents": documents})


def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every store answers and background work is picked up, 503 otherwise (portal.health)."""
    healthy, checks = health.report()
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """/favicon.ico, which browsers ask for on pages that name no icon (an original file, the API
    docs), is the static icon: no 404 for every such page."""
    return HttpResponsePermanentRedirect(static("portal/favicon.ico"))


def media_download(request: HttpRequest, path: str, document_root: str) -> HttpResponseBase:
    """Uploads (DEBUG only) as downloads: an uploaded HTML file is never rendered on our origin."""
    from django.views.static import serve

    response = serve(request, path, document_root=document_root)
    response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def sign_in_locked(request: HttpRequest, *args: object) -> HttpResponse:
    """django-axes' lockout (AXES_LOCKOUT_CALLABLE): the site's page in the visitor's language,
    still a 429, saying how long the pause lasts."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return render(request, "lockout.html", {"minutes": minutes}, status=429)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the visitor's language, with the site's navigation.

    Django's default 500 handler renders without the request, so the page could not know its language
    prefix or draw the header. If the full page cannot be drawn (the fault may be in a template or the
    database), a plain page in the visitor's language still goes out.
    """
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("the 500 page could not be rendered")
        return HttpResponseServerError(
            format_html(
                "<!doctype html><title>{0}</title><h1>{0}</h1><p><a href='/'>{1}</a></p>",
                _("Something went wrong"),
                _("Home"),
            )
        )
