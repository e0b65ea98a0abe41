"""The audit trail: every change of an enquiry or a lead, with who, when and what."""

from __future__ import annotations

from typing import Any

from crossborder.models import AuditEvent, Enquiry, Lead


def record(enquiry: Enquiry, actor: str, action: str, lead: Lead | None = None, **changes: Any) -> None:
    record_changes(enquiry, actor, action, changes, lead)


def record_changes(
    enquiry: Enquiry, actor: str, action: str, changes: dict[str, Any], lead: Lead | None = None
) -> None:
    plain = (str, int, float, bool, list, dict, type(None))
    AuditEvent.objects.create(
        enquiry_reference=enquiry.reference,
        lead_id_ref=lead.pk if lead else None,
        actor=actor[:120],
        action=action,
        changes={k: v if isinstance(v, plain) else str(v) for k, v in changes.items()},
    )
