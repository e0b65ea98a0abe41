from __future__ import annotations

from datetime import date
from decimal import InvalidOperation
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from crossborder import confirmation, leads
from crossborder.forms import EnquiryForm, initial_from_query
from crossborder.models import Enquiry, Lead
from crossborder.services import enquiry_submit, enquiry_withdraw_and_erase
from portal import jsonsafe
from portal.models import Insurer, ProductLine

MAX_API_BODY = 64 * 1024
GENERAL = "general"


def enquiry_start(request: HttpRequest) -> HttpResponse:
    return render(request, "crossborder/start.html", {"product_lines": ProductLine.choices})


def _transcript(request: HttpRequest, conversation_id: str) -> str | None:
    """The chat engineer's `transcript_for`, scoped to this browser session's conversations."""
    try:
        from chat.conversation import transcript_for
        from chat.owners import session_owner
    except ImportError:
        return None
    owner = session_owner(request.session)  # None for a cookie naming no stored session
    if owner is None:
        return None
    result: str | None = transcript_for(conversation_id, owner)
    return result


def enquiry_create(request: HttpRequest, product_line: str) -> HttpResponse:
    conversation = request.GET.get("conversation", "")
    if product_line == GENERAL:
        return render(
            request,
            "crossborder/start.html",
            {"product_lines": ProductLine.choices, "conversation": conversation},
        )
    if product_line not in ProductLine.values:
        raise Http404("unknown product line")
    language = {"zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}.get((get_language() or "en").lower(), "en")
    initial = {
        "language": language,
        **initial_from_query(product_line, request.GET),
        "product_line": product_line,
    }
    # "Show the insurers that match": validate and list the matches, send nothing.
    preview = request.method == "POST" and "preview" in request.POST
    form = EnquiryForm(request.POST or None, initial=initial, product_line=product_line, preview=preview)
    transcript = _transcript(request, conversation) if conversation else None
    if request.method == "POST" and form.is_valid() and not preview:
        # The conversation is linked so that withdrawal erases it too.
        enquiry = _submit(form, transcript=transcript or "", conversation=conversation if transcript else "")
        return redirect("enquiry-status", token=enquiry.access_token)
    context = {"form": form, "product_line": ProductLine(product_line), "handoff": transcript is not None}
    return render(request, "crossborder/form.html", context)


def enquiry_status(request: HttpRequest, token: str) -> HttpResponse:
    enquiry = get_object_or_404(Enquiry, access_token=token)
    enquiry_leads = confirmation.public_leads(enquiry)  # a merge reads as a routed enquiry (no oracle)
    quotes = [lead for lead in enquiry_leads if lead.quote_amount is not None]
    sla_notes = [e for e in enquiry.routing_log if e.get("sla")]
    context = {
        "enquiry": enquiry,
        "leads": enquiry_leads,
        "quotes": quotes,
        "sla_notes": sla_notes,
        "status_display": confirmation.public_status_display(enquiry),
    }
    return render(request, "crossborder/status.html", context)


def enquiry_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link e-mailed to the applicant: GET asks, POST confirms (mail scanners only GET)."""
    if request.method == "POST":
        confirmed = confirmation.confirm_email(token)
        message = (
            _("Thank you: your e-mail address is confirmed.") if confirmed else _("This link is not valid.")
        )
        return HttpResponse(
            message, status=200 if confirmed else 404, content_type="text/plain; charset=utf-8"
        )
    return render(request, "crossborder/confirm_email.html", {})


@require_POST
def enquiry_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    enquiry = get_object_or_404(Enquiry, access_token=token)
    reference, told = enquiry_withdraw_and_erase(enquiry)
    return render(request, "crossborder/withdrawn.html", {"reference": reference, "told": told})


def _api_form(request: HttpRequest, *, preview: bool = False) -> EnquiryForm | JsonResponse:
    """The JSON body as a bound EnquiryForm (validated), or the 4xx response for a bad body."""
    if len(request.body) > MAX_API_BODY:
        return JsonResponse({"errors": {"__all__": ["request body too large"]}}, status=413)
    try:
        payload = jsonsafe.loads(request.body or b"")  # also refuses hostile nesting and surrogates
    except ValueError:
        return JsonResponse({"errors": {"__all__": ["the body is not valid JSON"]}}, status=400)
    if not isinstance(payload, dict):
        return JsonResponse({"errors": {"__all__": ["send a JSON object"]}}, status=400)
    consents = payload.pop("consents", [])
    if not isinstance(consents, list):
        return JsonResponse({"errors": {"consents": ["a list of consent purposes"]}}, status=400)
    details = payload.pop("details", {})
    if not isinstance(details, dict):
        return JsonResponse({"errors": {"details": ["an object of the product line's fields"]}}, status=400)
    group = payload.pop("group_entity", None) or {}
    if not isinstance(group, dict) or not isinstance(group.get("consents", []), list):
        return JsonResponse(
            {
                "errors": {
                    "group_entity": [
                        "an object: jurisdiction, registration_no, annual_turnover_hkd, consents"
                    ]
                }
            },
            status=400,
        )
    data: dict[str, Any] = {
        "language": "en",
        **details,
        **payload,
        **{f"consent_{c}": True for c in consents if isinstance(c, str)},
        **{
            f"group_entity_{k}": group[k]
            for k in ("jurisdiction", "registration_no", "annual_turnover_hkd")
            if k in group
        },
        **{f"consent_group_{c}": True for c in group.get("consents", []) if isinstance(c, str)},
    }
    form = EnquiryForm(data, product_line=str(data.get("product_line", "")), preview=preview)
    if shape := form.shape_errors():
        return JsonResponse({"errors": shape}, status=400)
    form.is_valid()
    return form


@csrf_exempt  # JSON API, no cookie authentication
@require_POST
def enquiry_api(request: HttpRequest) -> JsonResponse:
    form = _api_form(request)
    if isinstance(form, JsonResponse):
        return form
    if form.errors:
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    enquiry = _submit(form)
    body = _created(request, enquiry)
    if enquiry.group_sibling:
        body["group_entity"] = _created(request, enquiry.group_sibling)
    return JsonResponse(body, status=201)


def _created(request: HttpRequest, enquiry: Enquiry) -> dict[str, Any]:
    status_path = reverse("enquiry-status", kwargs={"token": enquiry.access_token})
    return {
        "reference": enquiry.reference,
        "applicant_jurisdiction": enquiry.applicant_jurisdiction,
        "status": confirmation.public_status(enquiry),
        "status_url": request.build_absolute_uri(status_path),
        "insurers": confirmation.public_insurers(enquiry),
        "flags": enquiry.flags,
    }


@csrf_exempt  # JSON API, no cookie authentication
@require_POST
def enquiry_matches_api(request: HttpRequest) -> JsonResponse:
    """The insurers an enquiry with this body may choose among (`insurers`); nothing is stored."""
    form = _api_form(request, preview=True)
    if isinstance(form, JsonResponse):
        return form
    # Consents are given on submit; every other field must already be valid to match on it.
    errors = {k: v for k, v in form.errors.get_json_data().items() if not k.startswith("consent_")}
    if errors or form.matches is None:
        return JsonResponse({"errors": errors or {"insurers": ["no insurer offers this line"]}}, status=400)
    return JsonResponse({"insurers": [{"slug": i.slug, "name": i.name} for i in form.matches]})


def _submit(form: EnquiryForm, transcript: str = "", conversation: str = "") -> Enquiry:
    data = form.cleaned_data
    return enquiry_submit(
        product_line=data["product_line"],
        applicant_jurisdiction=data["applicant_jurisdiction"],
        contact_name=data["contact_name"],
        email=data["email"],
        phone=data["phone"],
        language=data["language"],
        details=form.details(),
        consents=form.consents(),
        wanted=data.get("insurers") or [],
        complaint=bool(data.get("complaint")),
        transcript=transcript,
        conversation_id=conversation or None,
        group_entity=form.group_entity(),
    )


# The insurer dashboard: Django users linked to one insurer; every query scoped to it.


class InsurerLogin(LoginView):
    """Insurer users are not staff, so the admin's login (staff only) would turn them away."""

    template_name = "crossborder/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return reverse("insurer-dashboard")


class InsurerLogout(LogoutView):
    def get_default_redirect_url(self) -> str:
        return reverse("insurer-login")


def _insurer_of(request: HttpRequest) -> Insurer:
    member = getattr(request.user, "insurer_member", None)
    if member is None:
        raise PermissionDenied("not an insurer user")
    insurer: Insurer = member.insurer
    return insurer


@login_required(login_url=reverse_lazy("insurer-login"))
def dashboard(request: HttpRequest) -> HttpResponse:
    insurer = _insurer_of(request)
    status = request.GET.get("status", "")
    qs = leads.leads_of(insurer)
    if status:
        qs = qs.filter(status=status)
    return render(
        request,
        "crossborder/dashboard.html",
        {"insurer": insurer, "leads": qs[:200], "statuses": Lead.Status.choices, "status": status},
    )


@login_required(login_url=reverse_lazy("insurer-login"))
def dashboard_lead(request: HttpRequest, delivery_id: str) -> HttpResponse:
    insurer = _insurer_of(request)
    lead = get_object_or_404(leads.leads_of(insurer), delivery_id=delivery_id)
    error = ""
    if request.method == "POST":
        actor = f"user:{request.user.get_username()}"
        action = request.POST.get("action", "")
        try:
            if action == "accept":
                leads.accept(lead, actor)
            elif action == "decline":
                leads.decline(lead, actor, request.POST.get("reason", ""))
            elif action == "quote":
                leads.quote(
                    lead,
                    actor,
                    amount=request.POST.get("amount", ""),
                    currency=request.POST.get("currency", "HKD"),
                    valid_until=date.fromisoformat(request.POST.get("valid_until", "")),
                    notes=request.POST.get("notes", ""),
                    document=request.FILES.get("document"),
                )
            elif action in ("won", "lost"):
                leads.outcome(lead, actor, won=action == "won")
            return redirect("insurer-lead", delivery_id=lead.delivery_id)
        except (leads.TransitionError, InvalidOperation, ValueError) as exc:
            error = str(exc) or _("Check the amount and the date.")
    return render(
        request,
        "crossborder/dashboard_lead.html",
        {"insurer": insurer, "lead": lead, "error": error},
        status=400 if error else 200,
    )
