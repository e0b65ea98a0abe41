"""What an insurer does with its leads (dashboard and API share these): every change audited."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from crossborder import audit
from crossborder.models import AuditEvent, Lead
from crossborder.money import parse_money
from portal.models import Insurer

S = Lead.Status
# Which status may follow which; anything else is refused.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.ACCEPTED, S.DECLINED}),
    S.DELIVERED: frozenset({S.ACCEPTED, S.DECLINED}),
    S.ACCEPTED: frozenset({S.QUOTED, S.DECLINED, S.LOST}),
    S.QUOTED: frozenset({S.QUOTED, S.WON, S.LOST}),
}


# The longest decline reason or quote note: the applicant reads it whole, so a longer one is refused.
NOTES_MAX_CHARS = 2000


class TransitionError(ValueError):
    pass


class QuoteError(ValueError):
    """A quote's fields are wrong; `errors` is `{field: [{"message", "code"}]}`."""

    def __init__(self, errors: dict[str, list[dict[str, str]]]) -> None:
        super().__init__("; ".join(e["message"] for field in errors.values() for e in field))
        self.errors = errors


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


def check_notes(field: str, text: str) -> None:
    """QuoteError when `text` is longer than NOTES_MAX_CHARS (never cut: the applicant reads it)."""
    if len(text) > NOTES_MAX_CHARS:
        message = f"shorten it to {NOTES_MAX_CHARS:,} characters (it has {len(text):,})"
        raise QuoteError({field: [{"message": message, "code": "too_long"}]})


def decline(lead: Lead, actor: str, reason: str = "") -> Lead:
    check_notes("reason", reason)
    return _move(lead, S.DECLINED, actor, quote_notes=reason)


def quote(
    lead: Lead,
    actor: str,
    *,
    amount: Decimal | str,
    currency: str,
    valid_until: date,
    notes: str = "",
    document: UploadedFile | None = None,
) -> Lead:
    """Raises QuoteError for a bad amount or date, TransitionError if the lead cannot be quoted."""
    try:
        amount = parse_money(amount)
    except ValidationError as exc:
        raise QuoteError(
            {"amount": [{"message": str(exc.messages[0]), "code": exc.code or "invalid"}]}
        ) from None
    if valid_until < timezone.now().date():
        message = "the quote must be valid until today or later"
        raise QuoteError({"valid_until": [{"message": message, "code": "past"}]})
    check_notes("notes", notes)
    if document is not None:
        check_document(document)
    lead = _move(
        lead,
        S.QUOTED,
        actor,
        quote_amount=amount,
        quote_currency=currency.upper()[:3],
        quote_valid_until=valid_until,
        quote_notes=notes,
    )
    if document is not None:
        lead.quote_document.save(document.name or "quote.pdf", document, save=True)
    return lead


# What a quote document may be, by its first bytes (the name and the browser's type are the sender's).
DOCUMENT_SIGNATURES = {b"%PDF-": "PDF", b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


def check_document(document: UploadedFile) -> None:
    """A PDF, PNG or JPEG within QUOTE_DOCUMENT_MAX_BYTES; QuoteError otherwise (HTML is never kept)."""
    if (document.size or 0) > settings.QUOTE_DOCUMENT_MAX_BYTES:
        limit = settings.QUOTE_DOCUMENT_MAX_BYTES // (1024 * 1024)
        raise QuoteError(
            {"document": [{"message": f"the document must be at most {limit} MB", "code": "too_large"}]}
        )
    document.seek(0)
    head = document.read(8)
    document.seek(0)
    if not any(head.startswith(signature) for signature in DOCUMENT_SIGNATURES):
        message = "the document must be a PDF, PNG or JPEG file"
        raise QuoteError({"document": [{"message": message, "code": "invalid_type"}]})


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
