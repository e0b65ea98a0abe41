from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from crossborder import audit, confirmation, emails, explain, progress, quotes, wizard
from crossborder.forms import STEPS, EnquiryForm, initial_from_query
from crossborder.models import Enquiry, Lead
from crossborder.services import enquiry_submit, enquiry_withdraw_and_erase
from portal import jsonerrors, jsonsafe
from portal.models import ProductLine

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
    """The enquiry in steps (GOV.UK "question pages"): about you, your business or cover, consents
    and insurers, check your answers. Answers are kept in the session until sent. A POST with
    every field and no `step` (scripts, the tests' shortcut) is validated and sent at once."""
    conversation = request.GET.get("conversation", "")
    if product_line == GENERAL:
        return render(
            request,
            "crossborder/start.html",
            {"product_lines": ProductLine.choices, "conversation": conversation},
        )
    if product_line not in ProductLine.values:
        raise Http404("unknown product line")
    transcript = _transcript(request, conversation) if conversation else None
    if request.method == "POST" and "step" not in request.POST:
        return _create_at_once(request, product_line, transcript)
    draft = wizard.Draft(request.session, product_line)
    if request.method == "GET":
        draft.prefill(initial_from_query(product_line, request.GET), language=_page_language())
        step = request.GET.get("step", "about")
    else:
        step = str(request.POST.get("step", "about"))
    if step not in STEPS:
        raise Http404("unknown step")
    if step == "check" and not draft.started:
        return _nothing_to_check(request, draft)
    if request.method == "POST":
        return _post_step(request, draft, step, transcript)
    form = draft.form()
    if step == "check":
        if not form.is_valid():  # a step left incomplete: show its first one with its errors
            first = wizard.first_step_with_errors(form)
            return _render_step(request, form, first, transcript, show_errors=True)
        return _render_check(request, form, transcript)
    return _render_step(request, form, step, transcript, show_errors=False)


def _nothing_to_check(request: HttpRequest, draft: wizard.Draft) -> HttpResponse:
    """ "Check" or "Send" with no answers kept: the enquiry went already (Back after sending shows
    the browser's copy of the check page), or the session ended. Never sent twice, never a fault."""
    if draft.sent:
        context = {"sent": draft.sent, "product_line": ProductLine(draft.line)}
        return render(request, "crossborder/already_sent.html", context)
    messages.info(request, _("Your answers were not kept because the session ended. Please start again."))
    page = reverse("enquiry-create", kwargs={"product_line": draft.line})
    return redirect(f"{page}?{wizard.query('about', request.GET)}")


@require_POST
def enquiry_step(request: HttpRequest, product_line: str) -> HttpResponse:
    """Saving a step (about you, business, consents, a preview) has its own address, so that a
    throttle on `enquiry-create` counts sent enquiries, not the steps of one."""
    if product_line not in ProductLine.values or request.POST.get("step") not in STEPS[:-1]:
        raise Http404("unknown product line or step")
    return enquiry_create(request, product_line)


def _page_language() -> str:
    return {"zh-hant": "zh-Hant", "zh-hans": "zh-Hans"}.get((get_language() or "en").lower(), "en")


def _create_at_once(request: HttpRequest, product_line: str, transcript: str | None) -> HttpResponse:
    preview = "preview" in request.POST
    form = EnquiryForm(request.POST, product_line=product_line, preview=preview)
    if form.is_valid() and not preview:
        enquiry = _submit(request, form, transcript=transcript)
        return redirect("enquiry-status", token=enquiry.access_token)
    if preview:
        wizard.keep_errors(form, [n for n in form.errors if not n.startswith("consent_")])
    step = wizard.first_step_with_errors(form) if form.errors else "consents"
    return _render_step(request, form, step, transcript, show_errors=True)


def _post_step(request: HttpRequest, draft: wizard.Draft, step: str, transcript: str | None) -> HttpResponse:
    if step != "check":
        draft.save_step(step, request.POST)
    preview = "preview" in request.POST
    form = draft.form(preview=preview)
    if step == "check":
        if form.is_valid():
            enquiry = _submit(request, form, transcript=transcript)
            draft.mark_sent(enquiry.reference, enquiry.access_token)
            return redirect("enquiry-status", token=enquiry.access_token)
        return _render_step(request, form, wizard.first_step_with_errors(form), transcript, show_errors=True)
    form.is_valid()
    names = form.step_fields(step)
    if preview:
        names = [n for n in names if not n.startswith("consent_")]  # the preview asks for no consent
    wizard.keep_errors(form, names)
    if form.errors or preview:
        return _render_step(request, form, step, transcript, show_errors=True)
    following = "check" if request.POST.get("change") else STEPS[STEPS.index(step) + 1]
    page = reverse("enquiry-create", kwargs={"product_line": draft.line})
    return redirect(f"{page}?{wizard.query(following, request.GET)}")


def _render_step(
    request: HttpRequest, form: EnquiryForm, step: str, transcript: str | None, *, show_errors: bool
) -> HttpResponse:
    # Only this step's problems are shown (a full check shows the first step that has any).
    wizard.keep_errors(form, [*form.step_fields(step), "__all__"] if show_errors else [])
    line = ProductLine(form.line)
    picker = []
    if form.matches:
        applicant, chosen = form.applicant(), set(form["insurers"].value() or [])
        picker = [
            {
                "slug": i.slug,
                "name": i.name,
                "reasons": explain.match_reasons(applicant, i),
                "checked": i.slug in chosen,
            }
            for i in form.matches
        ]
    context = {
        "form": form,
        "product_line": line,
        "step": step,
        "steps": wizard.steps(line),
        "fields": [form[n] for n in form.step_fields(step) if form.asks(n)],
        "error_links": wizard.error_links(form),
        "handoff": transcript is not None,
        "picker": picker,
        "previewed": "preview" in request.POST,
        "change": bool(request.GET.get("change") or request.POST.get("change")),
        "country_data": wizard.country_data(form, step),
        "country_fields": wizard.country_fields(form, step),
        "action": _step_action(request, line),
    }
    return render(request, "crossborder/form.html", context)


def _step_action(request: HttpRequest, line: str) -> str:
    action = reverse("enquiry-step", kwargs={"product_line": line})
    conversation = request.GET.get("conversation")
    return f"{action}?{urlencode({'conversation': conversation})}" if conversation else action


def _render_check(request: HttpRequest, form: EnquiryForm, transcript: str | None) -> HttpResponse:
    line = ProductLine(form.line)
    context = {
        "form": form,
        "product_line": line,
        "step": "check",
        "steps": wizard.steps(line),
        "sections": wizard.summary(form, _page_language()),
        "handoff": transcript is not None,
    }
    return render(request, "crossborder/check.html", context)


# What each lead status means to the applicant, in plain words.
APPLICANT_STATUS = {
    Lead.Status.NEW: gettext_lazy("Sent; waiting for the insurer to reply"),
    Lead.Status.DELIVERED: gettext_lazy("Received by the insurer; waiting for its reply"),
    Lead.Status.ACCEPTED: gettext_lazy("The insurer is preparing a quote"),
    Lead.Status.DECLINED: gettext_lazy("The insurer cannot offer cover"),
    Lead.Status.QUOTED: gettext_lazy("Quote received"),
    # Said as the insurer's report: the applicant did nothing here, the insurer marked the lead won.
    Lead.Status.WON: gettext_lazy("The insurer reports that you took up this quote"),
    Lead.Status.LOST: gettext_lazy("Closed"),
    Lead.Status.EXPIRED: gettext_lazy("Did not reply in time; passed to another insurer where one fits"),
}


class _Erased(Exception):
    """The private link named an enquiry that was withdrawn or purged (shown, not a 404)."""

    def __init__(self, erased: audit.Erased) -> None:
        super().__init__(erased.reference)
        self.erased = erased


def _enquiry(token: str) -> Enquiry:
    """The link's enquiry; raises _Erased for one withdrawn or purged, Http404 for no such link."""
    enquiry = Enquiry.objects.filter(access_token=token).first()
    if enquiry is not None:
        return enquiry
    erased = audit.erased_enquiry(token)
    if erased is None:
        raise Http404("no such enquiry")
    raise _Erased(erased)


def _erased_page(request: HttpRequest, erased: audit.Erased) -> HttpResponse:
    """What an erased enquiry's every link shows, in the page's language: 410 Gone, with why."""
    context = {"reference": erased.reference, "told": erased.told, "withdrawn": erased.withdrawn}
    return render(request, "crossborder/withdrawn.html", context, status=410)


def _or_erased(view: Any) -> Any:
    """The view for a link whose enquiry is erased answers with the erased page (any method)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response: HttpResponse = view(request, *args, **kwargs)
        except _Erased as exc:
            return _erased_page(request, exc.erased)
        return response

    return wrapped


@_or_erased
def enquiry_status(request: HttpRequest, token: str) -> HttpResponse:
    enquiry = _enquiry(token)
    status, enquiry_leads = _public_view(enquiry)
    rows = [
        {
            "lead": lead,
            "status": APPLICANT_STATUS.get(Lead.Status(lead.status)),
            "reason": progress.decline_reason(lead),
        }
        for lead in enquiry_leads
    ]
    status, status_display = progress.overall(status, enquiry_leads, shared=enquiry.has_consent("share"))
    waiting = [
        lead.ack_due_at for lead in enquiry_leads if lead.status in (Lead.Status.NEW, Lead.Status.DELIVERED)
    ]
    context = {
        "enquiry": enquiry,
        "status": status,
        "status_display": status_display,
        "rows": rows,
        "quotes": quotes.compare(enquiry_leads),
        "rates": quotes.rates(),
        "reply_by": max((d for d in waiting if d), default=None),
        "sla_notes": [e for e in enquiry.routing_log if e.get("sla")],
        "interested": request.GET.get("interested", ""),
    }
    return render(request, "crossborder/status.html", context)


def _public_view(enquiry: Enquiry) -> tuple[str, list[Lead]]:
    """The status and leads shown to the link's holder: a merge reads as a routed enquiry (no oracle)."""
    return confirmation.public_status(enquiry), confirmation.public_leads(enquiry)


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


@_or_erased
def enquiry_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    """The status page links to a GET that asks for confirmation and says what will be erased;
    only the POST from that page's button erases. Afterwards its address (a reload, another
    language) shows the same confirmation."""
    enquiry = _enquiry(token)
    if request.method != "POST":
        leads_count = enquiry.leads.count()
        quotes_count = enquiry.leads.exclude(quote_amount=None).count()
        context = {"enquiry": enquiry, "leads_count": leads_count, "quotes_count": quotes_count}
        return render(request, "crossborder/withdraw_confirm.html", context)
    reference, told = enquiry_withdraw_and_erase(enquiry)
    context = {"reference": reference, "told": told, "withdrawn": True}
    return render(request, "crossborder/withdrawn.html", context)


@require_POST
@_or_erased
def enquiry_interested(request: HttpRequest, token: str, delivery_id: str) -> HttpResponse:
    """ "I'm interested" in one quote: that insurer is told by e-mail, and the audit keeps it."""
    enquiry = _enquiry(token)
    lead = get_object_or_404(enquiry.leads.select_related("insurer"), delivery_id=delivery_id)
    if lead.quote_amount is None:
        raise Http404("no quote")
    appetite = getattr(lead.insurer, "appetite", None)
    address = (appetite.notify_email if appetite else "") or lead.insurer.contact_email
    if address:
        emails.send_interest(lead, address)
    audit.record(enquiry, "applicant", "lead.interested", lead=lead, told=bool(address))
    status = reverse("enquiry-status", kwargs={"token": token})
    return redirect(f"{status}?interested={lead.insurer.slug}#quotes")


@_or_erased
def enquiry_quote_document(request: HttpRequest, token: str, delivery_id: str) -> FileResponse:
    """The insurer's quote document, to the holder of the enquiry's private link only."""
    enquiry = _enquiry(token)
    lead = get_object_or_404(enquiry.leads, delivery_id=delivery_id)
    if not lead.quote_document:
        raise Http404("no document")
    return FileResponse(
        lead.quote_document.open("rb"),
        as_attachment=True,
        filename=lead.quote_document.name.rsplit("/", 1)[-1],
    )


def enquiry_resend(request: HttpRequest) -> HttpResponse:
    """ "Resend my link": the same answer whether or not the address has an enquiry."""
    sent, error = False, ""
    if request.method == "POST":
        email = str(request.POST.get("email", "")).strip()
        try:
            validate_email(email)
        except ValidationError:
            error = _("Enter an e-mail address in the right format, like name@example.com")
        else:
            emails.send_links(request, email)
            sent = True
    return render(request, "crossborder/resend.html", {"sent": sent, "error": error})


# The JSON API's nested parts: name → (the type it must be, what to say when it is not).
_API_PARTS: dict[str, tuple[type, str]] = {
    "consents": (list, "a list of consent purposes"),
    "details": (dict, "an object of the product line's fields"),
    "group_entity": (dict, "an object: jurisdiction, registration_no, annual_turnover_hkd, consents"),
}


def _api_form(
    request: HttpRequest, *, preview: bool = False
) -> tuple[EnquiryForm, jsonerrors.FieldErrors] | JsonResponse:
    """The JSON body as a bound, validated EnquiryForm and every field's errors, or the 4xx
    response for a body that is not a JSON object at all."""
    if len(request.body) > MAX_API_BODY:
        return jsonerrors.body_error("request body too large", "too_large", status=413)
    try:
        payload = jsonsafe.loads(request.body or b"")  # also refuses hostile nesting and surrogates
    except ValueError:
        return jsonerrors.body_error("the body is not valid JSON", "invalid_json")
    if not isinstance(payload, dict):
        return jsonerrors.body_error("send a JSON object", "not_an_object")
    errors: jsonerrors.FieldErrors = {}
    parts: dict[str, Any] = {}
    for name, (kind, message) in _API_PARTS.items():
        value = payload.pop(name, None)
        parts[name] = value if value is not None else kind()
        if not isinstance(parts[name], kind):
            errors[name] = [jsonerrors.error(message, "invalid_type")]
            parts[name] = kind()  # go on, so the answer names every other bad field too
    consents, group = parts["consents"], parts["group_entity"]
    if not isinstance(group.get("consents", []), list):
        errors["group_entity"] = [jsonerrors.error(_API_PARTS["group_entity"][1], "invalid_type")]
        group = {}
    data: dict[str, Any] = {
        "language": "en",
        **parts["details"],
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
    shape = form.shape_errors()
    form.is_valid()
    found: jsonerrors.FieldErrors = {}
    for name, items in [*shape.items(), *jsonerrors.from_form(form.errors.get_json_data()).items()]:
        if name not in shape or not found.get(_api_name(name)):  # a shape error already says it
            found.setdefault(_api_name(name), []).extend(items)  # named as the body names them
    for name, items in found.items():
        errors.setdefault(name, items)  # a wrong type of a whole part (not a list) says it all
    return form, errors


def _api_name(form_name: str) -> str:
    """The body's own name for a form field: `consent_share` is in `consents`, `consent_group_share`
    in `group_entity.consents`, `group_entity_jurisdiction` is `group_entity.jurisdiction`."""
    if form_name.startswith("consent_group_"):
        return "group_entity.consents"
    if form_name.startswith("consent_"):
        return "consents"
    if form_name.startswith("group_entity_"):
        return f"group_entity.{form_name.removeprefix('group_entity_')}"
    return form_name


@csrf_exempt  # JSON API, no cookie authentication
@require_POST
def enquiry_api(request: HttpRequest) -> JsonResponse:
    checked = _api_form(request)
    if isinstance(checked, JsonResponse):
        return checked
    form, errors = checked
    if errors:
        return jsonerrors.response(errors)
    enquiry = _submit(request, form)
    body = _created(request, enquiry)
    if enquiry.group_sibling:
        body["group_entity"] = _created(request, enquiry.group_sibling)
    return JsonResponse(body, status=201)


def _created(request: HttpRequest, enquiry: Enquiry) -> dict[str, Any]:
    return {
        "reference": enquiry.reference,
        "applicant_jurisdiction": enquiry.applicant_jurisdiction,
        "status": confirmation.public_status(enquiry),
        "status_url": emails.status_url(request, enquiry),
        "insurers": confirmation.public_insurers(enquiry),
        "flags": enquiry.flags,
    }


@csrf_exempt  # JSON API, no cookie authentication
@require_POST
def enquiry_matches_api(request: HttpRequest) -> JsonResponse:
    """The insurers an enquiry with this body may choose among (`insurers`); nothing is stored."""
    checked = _api_form(request, preview=True)
    if isinstance(checked, JsonResponse):
        return checked
    # Consents are given on submit (a preview form asks for none); every other field must already
    # be valid to match on it.
    form, errors = checked
    if not errors and form.matches is None:
        errors = {"insurers": [jsonerrors.error("no insurer offers this line", "no_match")]}
    if errors:
        return jsonerrors.response(errors)
    return JsonResponse({"insurers": [{"slug": i.slug, "name": i.name} for i in form.matches or []]})


def _submit(request: HttpRequest, form: EnquiryForm, *, transcript: str | None = None) -> Enquiry:
    """Send the enquiry, then the one e-mail to the applicant (status link, and the link that
    confirms the address). A handed-off conversation is linked so that withdrawal erases it too."""
    conversation = request.GET.get("conversation", "") if transcript is not None else ""
    enquiry = _create(form, transcript=transcript or "", conversation=conversation)
    emails.send_confirmation(request, enquiry)
    return enquiry


def _create(form: EnquiryForm, *, transcript: str, conversation: str) -> Enquiry:
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
