"""The audit trail: every change of an enquiry or a lead, with who, when and what."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
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
KEPT_AFTER_ERASURE = frozenset(
    {"status", "before", "insurer", "told", "leads", "event_id", "retention_days", "token_digest"}
)
WITHDRAWN, PURGED = "enquiry.withdrawn_and_erased", "enquiry.purged"


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


def token_digest(token: str) -> str:
    """What an erased enquiry's private link leaves behind: a one-way digest, so the link can
    still say "withdrawn" (in any language, after a reload) while nothing can be read back from it.
    A plain SHA-256 suffices: the token is random, so there is nothing to guess it from."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class Erased:
    """An erased enquiry as its old link may show it: the reference, why, who was told."""

    reference: str
    withdrawn: bool
    told: list[str]


def erased_enquiry(token: str) -> Erased | None:
    """The enquiry this private link named, if it was withdrawn or purged; else None."""
    event = (
        AuditEvent.objects.filter(action__in=(WITHDRAWN, PURGED), changes__token_digest=token_digest(token))
        .only("enquiry_reference", "action", "changes")
        .first()
    )
    if event is None:
        return None
    told = event.changes.get("told") or []
    return Erased(reference=event.enquiry_reference, withdrawn=event.action == WITHDRAWN, told=told)
