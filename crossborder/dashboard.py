"""The insurer dashboard: Django users linked to one insurer; every query scoped to it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, LogoutView
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crossborder import leads, progress, quotes, wizard
from crossborder.models import Lead, LeadWithdrawal
from crossborder.withdrawals import acknowledge, withdrawals_for
from portal.models import Insurer


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


SORTS = {
    "ack": ("ack_due_at", gettext_lazy("Reply due, soonest first")),
    "new": ("-created_at", gettext_lazy("Newest first")),
    "old": ("created_at", gettext_lazy("Oldest first")),
    "status": ("status", gettext_lazy("Status")),
}
ACTION_WORDS = {
    "accept": gettext_lazy("accepted"),
    "decline": gettext_lazy("declined"),
    "quote": gettext_lazy("quoted"),
    "won": gettext_lazy("marked as won"),
    "lost": gettext_lazy("marked as lost"),
    "undo": gettext_lazy("undone"),
}
ACTION_TARGET = {"accept": "accepted", "decline": "declined", "quote": "quoted", "won": "won", "lost": "lost"}


@login_required(login_url=reverse_lazy("insurer-login"))
def dashboard(request: HttpRequest) -> HttpResponse:
    insurer = _insurer_of(request)
    status, query = request.GET.get("status", ""), request.GET.get("q", "").strip()
    sort = request.GET.get("sort", "ack") if request.GET.get("sort") in SORTS else "ack"
    qs = leads.leads_of(insurer).order_by(SORTS[sort][0], "-created_at")
    if status:
        qs = qs.filter(status=status)
    if query:
        qs = qs.filter(Q(enquiry__reference__icontains=query) | Q(enquiry__contact_name__icontains=query))
    now = timezone.now()
    rows = [
        {"lead": lead, "sla": _sla(lead, now), "status": progress.insurer_status(lead)} for lead in qs[:200]
    ]
    context = {
        "insurer": insurer,
        "rows": rows,
        # Withdrawn leads are erased; the feed (the API's too) is what tells the insurer.
        "unacknowledged": list(withdrawals_for(insurer, unacknowledged=True)[:50]),
        "withdrawn": [] if status or query else _withdrawn(insurer),
        "statuses": [(code, progress.INSURER_STATUS[Lead.Status(code)]) for code in Lead.Status.values],
        "status": status,
        "q": query,
        "sorts": [(k, label) for k, (_o, label) in SORTS.items()],
        "sort": sort,
    }
    return render(request, "crossborder/dashboard.html", context)


def _sla(lead: Lead, now: datetime) -> str:
    """ "overdue", "soon" (within 2 hours) or "" for a lead still waiting for acknowledgement."""
    if lead.status not in (Lead.Status.NEW, Lead.Status.DELIVERED) or lead.ack_due_at is None:
        return ""
    if lead.ack_due_at <= now:
        return "overdue"
    return "soon" if lead.ack_due_at - now <= timedelta(hours=2) else ""


def _withdrawn(insurer: Insurer) -> list[LeadWithdrawal]:
    """Leads the applicant withdrew: erased, so the withdrawal feed (reference and time) is the row."""
    return list(withdrawals_for(insurer)[:50])


@login_required(login_url=reverse_lazy("insurer-login"))
@require_POST
def withdrawal_acknowledge(request: HttpRequest, delivery_id: UUID) -> HttpResponse:
    """The dashboard's "we erased it", the API's `POST /withdrawals/{id}/acknowledge` for people."""
    if not acknowledge(_insurer_of(request), delivery_id):
        raise Http404("no such withdrawal")
    messages.success(request, _("Thank you: the withdrawal is acknowledged."))
    return redirect("insurer-dashboard")


@login_required(login_url=reverse_lazy("insurer-login"))
def dashboard_lead(request: HttpRequest, delivery_id: str) -> HttpResponse:
    insurer = _insurer_of(request)
    lead = get_object_or_404(leads.leads_of(insurer), delivery_id=delivery_id)
    error, errors, confirm = "", {}, ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("decline", "won", "lost") and request.POST.get("confirmed") != "yes":
            confirm = action  # asked first: the page shows what it means and a confirming button
        else:
            try:
                _act(request, lead, action)
                if action in progress.DONE:
                    messages.success(request, progress.DONE[action])
                return redirect("insurer-lead", delivery_id=lead.delivery_id)
            except leads.TransitionError:
                error = _("This lead is %(status)s: it cannot be %(action)s now.") % {
                    "status": lead.get_status_display(),
                    "action": ACTION_WORDS.get(action, action),
                }
            except ValidationError as exc:
                error = " ".join(str(m) for m in exc.messages)
                errors = (
                    {f: " ".join(m) for f, m in exc.message_dict.items()}
                    if hasattr(exc, "error_dict")
                    else {}
                )
                # a refused confirmation is asked again, its error at the field (no browser tooltip)
                confirm = action if action in ("decline", "won", "lost") else ""
            except ValueError as exc:  # any other refusal of the lead service, as it words it
                error = str(exc)
    allowed = leads.TRANSITIONS.get(lead.status, frozenset())
    payload = lead.payload or {}
    context = {
        "insurer": insurer,
        "lead": lead,
        "error": error,
        "errors": errors,
        "error_links": _error_links(errors) if errors else [],
        "status_words": progress.insurer_status(lead),
        "quote": next(iter(quotes.compare([lead])), None),
        "confirm": confirm,
        "can": {a for a, to in ACTION_TARGET.items() if to in allowed},
        "undo_until": leads.undo_deadline(lead),
        "details": wizard.describe_details(
            lead.enquiry.product_line, payload.get("details", {}), get_language() or "en"
        ),
        "contact": payload.get("contact", {}),
        "form_values": request.POST if error else {},
        "currencies": quotes.rates().quote_currencies,
        "notes_max": leads.NOTES_MAX_CHARS,
    }
    # A refused action (a bad amount, a past date) is a 400 with the message, as in the API.
    return render(request, "crossborder/dashboard_lead.html", context, status=400 if error else 200)


# The lead page's fields by name, as its error summary names them (the page's own labels).
FIELD_LABELS = {
    "amount": gettext_lazy("Premium"),
    "currency": gettext_lazy("Currency"),
    "valid_until": gettext_lazy("Valid until"),
    "period_months": gettext_lazy("Period of cover (months)"),
    "deductible": gettext_lazy("Deductible (in the quote's currency)"),
    "plan": gettext_lazy("Plan or level"),
    "insured": gettext_lazy("Who is covered"),
    "notes": gettext_lazy("Notes"),
    "reason": gettext_lazy("Reason for declining"),
}


def _error_links(errors: dict[str, str]) -> list[dict[str, str]]:
    """Every refused field at once, in the page's order, each naming its field (as the wizard's)."""
    ordered = [n for n in FIELD_LABELS if n in errors] + [n for n in errors if n not in FIELD_LABELS]
    return [
        {"href": f"#id_{n}", "message": errors[n], "field": wizard.summary_label(FIELD_LABELS.get(n, ""))}
        for n in ordered
    ]


def _notes(request: HttpRequest, field: str) -> str:
    """A reason or note as typed; ValidationError at the field when too long (never cut)."""
    text = str(request.POST.get(field, "")).strip()
    if len(text) > leads.NOTES_MAX_CHARS:
        limit = f"{leads.NOTES_MAX_CHARS:,}"
        raise ValidationError({field: _("Shorten it to %(limit)s characters.") % {"limit": limit}})
    return text


def _quote_input(request: HttpRequest) -> dict[str, Any]:
    """The quote form's every field checked at once: ValidationError({field: [messages]}) naming
    each bad one, so an empty amount and an empty date are both said on the first try."""
    problems: dict[str, list[str]] = {}

    def checked(name: str, parse: Callable[[], Any]) -> Any:
        try:
            return parse()
        except ValidationError as exc:
            found = exc.message_dict if hasattr(exc, "error_dict") else {name: exc.messages}
            for field, messages in found.items():
                problems.setdefault(field, []).extend(messages)
            return None

    currency = checked("currency", lambda: quotes.currency_from(request.POST.get("currency", "HKD")))
    amount = checked("amount", lambda: quotes.premium_from(request.POST.get("amount", ""), currency))
    terms = checked("period_months", lambda: quotes.terms_from(request.POST, currency or "HKD"))
    valid_until = checked("valid_until", lambda: _valid_until(request.POST.get("valid_until", "")))
    notes = checked("notes", lambda: _notes(request, "notes"))
    if problems:
        raise ValidationError(problems)
    return {
        "terms": terms,
        "amount": amount,
        "currency": currency,
        "valid_until": valid_until,
        "notes": notes,
        "document": request.FILES.get("document"),
    }


def _valid_until(text: Any) -> date:
    try:
        valid_until = date.fromisoformat(str(text))
    except ValueError:
        raise ValidationError(_("Enter the date the quote is valid until.")) from None
    if valid_until < timezone.now().date():
        raise ValidationError(_("The quote must be valid until today or later."))
    return valid_until


def _act(request: HttpRequest, lead: Lead, action: str) -> None:
    """Raises TransitionError (not from this state) or ValidationError (bad input, in words)."""
    actor = f"user:{request.user.get_username()}"
    if action == "accept":
        leads.accept(lead, actor)
    elif action == "decline":
        reason = _notes(request, "reason")
        if not reason:
            raise ValidationError({"reason": _("Enter the reason for declining: the applicant sees it.")})
        leads.decline(lead, actor, reason)
    elif action == "quote":
        quotes.record_quote(lead, actor, **_quote_input(request))
    elif action in ("won", "lost"):
        leads.outcome(lead, actor, won=action == "won")
    elif action == "undo":
        leads.undo(lead, actor)
