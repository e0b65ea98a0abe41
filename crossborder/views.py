from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from crossborder.forms import EnquiryForm
from crossborder.models import Enquiry
from crossborder.services import enquiry_submit
from portal.models import ProductLine

MAX_API_BODY = 64 * 1024


def enquiry_start(request: HttpRequest) -> HttpResponse:
    return render(request, "crossborder/start.html", {"product_lines": ProductLine.choices})


def enquiry_create(request: HttpRequest, product_line: str) -> HttpResponse:
    if product_line not in ProductLine.values:
        raise Http404("unknown product line")
    language = {"zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}.get((get_language() or "en").lower(), "en")
    initial = {"product_line": product_line, "language": language, **request.GET.dict()}
    form = EnquiryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        enquiry = _submit(form)
        return redirect("enquiry-status", token=enquiry.access_token)
    return render(request, "crossborder/form.html", {"form": form, "product_line": ProductLine(product_line)})


def enquiry_status(request: HttpRequest, token: str) -> HttpResponse:
    enquiry = get_object_or_404(Enquiry, access_token=token)
    leads = enquiry.leads.select_related("insurer")
    return render(request, "crossborder/status.html", {"enquiry": enquiry, "leads": leads})


@csrf_exempt  # JSON API, no cookie authentication
@require_POST
def enquiry_api(request: HttpRequest) -> JsonResponse:
    if len(request.body) > MAX_API_BODY:
        return JsonResponse({"errors": {"__all__": ["request body too large"]}}, status=413)
    try:
        payload = json.loads(request.body or b"")
    except ValueError:
        return JsonResponse({"errors": {"__all__": ["the body is not valid JSON"]}}, status=400)
    if not isinstance(payload, dict):
        return JsonResponse({"errors": {"__all__": ["send a JSON object"]}}, status=400)
    consents = payload.pop("consents", [])
    if not isinstance(consents, list):
        return JsonResponse({"errors": {"consents": ["a list of consent purposes"]}}, status=400)
    data = {**payload, **{f"consent_{c}": True for c in consents if isinstance(c, str)}}
    form = EnquiryForm(data)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    enquiry = _submit(form)
    return JsonResponse(
        {
            "reference": enquiry.reference,
            "status": enquiry.status,
            "status_url": request.build_absolute_uri(f"/en/enquiries/status/{enquiry.access_token}/"),
            "insurers": [lead.insurer.slug for lead in enquiry.leads.select_related("insurer")],
        },
        status=201,
    )


def _submit(form: EnquiryForm) -> Enquiry:
    data = form.cleaned_data
    return enquiry_submit(
        product_line=data["product_line"],
        applicant_jurisdiction=data["applicant_jurisdiction"],
        contact_name=data["contact_name"],
        email=data["email"],
        phone=data["phone"],
        language=data["language"],
        consents=form.consents(),
    )
