"""The audit trail: every change of an enquiry or a lead, with who, when and what."""

from __future__ import annotations

from typing import Any

from crossborder.models import AuditEvent, Enquiry, Lead


def record(enquiry: Enquiry, actor: str, action: str, lead: Lead | None = None, **changes: Any) -> None:
    record_changes(enquiry, actor, action, changes, lead)


def record_changes(
    enquiry: Enquiry, actor: str, action: str, changes: dict[str, Any], lead: Lead | None = None
) -> None:
    record_for(enquiry.reference, actor, action, changes, lead.pk if lead else None)


def record_for(
    reference: str, actor: str, action: str, changes: dict[str, Any], lead_id: int | None = None
) -> None:
    """By reference: also for what outlives its enquiry (a `lead.withdrawn` event)."""
    plain = (str, int, float, bool, list, dict, type(None))
    AuditEvent.objects.create(
        enquiry_reference=reference,
        lead_id_ref=lead_id,
        actor=actor[:120],
        action=action,
        changes={k: v if isinstance(v, plain) else str(v) for k, v in changes.items()},
    )


# What an audit row may keep once its enquiry is erased: who did what, when, to which lead;
# never what someone wrote (quote notes, decline reasons, routing details, contact data).
KEPT_AFTER_ERASURE = frozenset({"status", "before", "insurer", "told", "leads", "event_id", "retention_days"})


def erase_free_text(reference: str) -> int:
    """Drop every value but the structural ones from the audit rows of an erased enquiry."""
    count = 0
    for event in AuditEvent.objects.filter(enquiry_reference=reference):
        kept = {k: v for k, v in event.changes.items() if k in KEPT_AFTER_ERASURE}
        if kept != event.changes:
            event.changes = {**kept, "erased": sorted(set(event.changes) - set(kept))}
            event.save(update_fields=["changes"])
            count += 1
    return count
