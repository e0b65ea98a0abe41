from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from portal.models import Product, ProductLine


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"product_lines": ProductLine.choices})


def catalogue(request: HttpRequest) -> HttpResponse:
    line = request.GET.get("line", "")
    products = Product.objects.select_related("insurer")
    if line in ProductLine.values:
        products = products.filter(product_line=line)
    return render(
        request,
        "portal/catalogue.html",
        {"products": products, "product_lines": ProductLine.choices, "line": line},
    )


def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    product = get_object_or_404(Product.objects.select_related("insurer"), slug=slug)
    documents = product.documents.filter(status="ready").order_by("-effective_date")
    return render(request, "portal/product_detail.html", {"product": product, "documents": documents})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
