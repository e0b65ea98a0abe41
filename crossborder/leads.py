"""What an insurer does with its leads (dashboard and API share these): every change audited."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from crossborder import audit
from crossborder.models import AuditEvent, Lead
from portal.models import Insurer

S = Lead.Status
# Which status may follow which; anything else is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.ACCEPTED, S.DECLINED}),
    S.DELIVERED: frozenset({S.ACCEPTED, S.DECLINED}),
    S.ACCEPTED: frozenset({S.QUOTED, S.DECLINED, S.LOST}),
    S.QUOTED: frozenset({S.QUOTED, S.WON, S.LOST}),
}


class TransitionError(ValueError):
    pass


def leads_of(insurer: Insurer) -> QuerySet[Lead]:
    """The only way the dashboard and the API read leads: always scoped to one insurer."""
    return Lead.objects.filter(insurer=insurer).select_related("enquiry").exclude(status=S.EXPIRED)


def _move(lead: Lead, to: str, actor: str, **changes: object) -> Lead:
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        if to not in TRANSITIONS.get(lead.status, frozenset()):
            raise TransitionError(f"a lead that is {lead.status} cannot become {to}")
        before = lead.status
        lead.status = to
        fields = ["status"]
        if lead.acknowledged_at is None:
            lead.acknowledged_at = timezone.now()
            fields.append("acknowledged_at")
        for name, value in changes.items():
            setattr(lead, name, value)
            fields.append(name)
        lead.save(update_fields=fields)
        audit.record(
            lead.enquiry,
            actor,
            f"lead.{to}",
            lead=lead,
            before=before,
            **{k: str(v) for k, v in changes.items()},
        )
    return lead


def accept(lead: Lead, actor: str) -> Lead:
    return _move(lead, S.ACCEPTED, actor)


def decline(lead: Lead, actor: str, reason: str = "") -> Lead:
    return _move(lead, S.DECLINED, actor, quote_notes=reason[:2000])


def quote(
    lead: Lead,
    actor: str,
    *,
    amount: Decimal,
    currency: str,
    valid_until: date,
    notes: str = "",
    document: UploadedFile | None = None,
) -> Lead:
    if amount <= 0:
        raise TransitionError("the premium must be positive")
    if valid_until < timezone.now().date():
        raise TransitionError("the quote must be valid until today or later")
    lead = _move(
        lead,
        S.QUOTED,
        actor,
        quote_amount=amount,
        quote_currency=currency.upper()[:3],
        quote_valid_until=valid_until,
        quote_notes=notes[:2000],
    )
    if document is not None:
        lead.quote_document.save(document.name or "quote.pdf", document, save=True)
    return lead


def outcome(lead: Lead, actor: str, won: bool) -> Lead:
    return _move(lead, S.WON if won else S.LOST, actor)


# Declining and closing are confirmed first, and can still be undone for a short while after.
UNDO_WINDOW = timedelta(minutes=10)
UNDOABLE = frozenset({S.DECLINED, S.WON, S.LOST})


def undo_deadline(lead: Lead) -> datetime | None:
    """Until when the lead's last decline, won or lost can be undone (None: it cannot)."""
    if lead.status not in UNDOABLE:
        return None
    event = (
        AuditEvent.objects.filter(lead_id_ref=lead.pk, action=f"lead.{lead.status}").order_by("-at").first()
    )
    if event is None or not event.changes.get("before"):
        return None
    deadline = event.at + UNDO_WINDOW
    return deadline if timezone.now() < deadline else None


def undo(lead: Lead, actor: str) -> Lead:
    """Back to the status before the last decline, won or lost, within UNDO_WINDOW; audited."""
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        if undo_deadline(lead) is None:
            raise TransitionError("the time to undo has passed")
        event = (
            AuditEvent.objects.filter(lead_id_ref=lead.pk, action=f"lead.{lead.status}")
            .order_by("-at")
            .first()
        )
        assert event is not None  # undo_deadline found it
        undone, lead.status = lead.status, str(event.changes["before"])
        fields = ["status"]
        if undone == S.DECLINED:  # the reason was kept in quote_notes; no quote is made before one
            lead.quote_notes = ""
            fields.append("quote_notes")
        lead.save(update_fields=fields)
        audit.record(lead.enquiry, actor, "lead.undone", lead=lead, undone=undone, to=lead.status)
    return lead
