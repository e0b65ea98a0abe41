"""Submitting an enquiry: store it with its consents, route it, create leads and enqueue their
delivery — all in one transaction, so a crash cannot lose a lead or its delivery job."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from crossborder import alerts, audit, outbox, tasks
from crossborder.consent import CONSENT_TEXTS
from crossborder.line_fields import SIDE
from crossborder.models import ConsentRecord, Enquiry, InsurerAppetite, Lead, LeadWithdrawal
from crossborder.routing import MAX_INSURERS, Applicant, Candidate, Outcome, decide, matches
from portal.models import Insurer

# Per line, the details an insurer needs to quote; anything else stays with the portal.
SHARED_DETAILS: dict[str, tuple[str, ...]] = {
    "export_credit": (
        "registration_no",
        "annual_turnover_hkd",
        "export_turnover_on_credit_hkd",
        "destination_countries",
        "payment_terms",
        "credit_period_days",
        "number_of_buyers",
        "indemnity_pct",
        "pre_shipment_cover",
        "related_party_buyers",
        "overdue_over_60d",
    ),
    "ecommerce": (
        "seller_jurisdiction",
        "platforms",
        "markets",
        "annual_turnover_hkd",
        "max_monthly_sales_usd",
        "categories",
        "liability_limit_usd",
        "claims_5y",
    ),
    "overseas_ip": (
        "industry",
        "annual_turnover_hkd",
        "patents",
        "cover_types",
        "territories",
        "limit_rmb",
        "limit_hkd",
        "disputes_5y",
        "known_threats",
        "fto_done",
    ),
    "gba_medical": (
        "insured_relationships",
        "ages",
        "sexes",
        "smokers",
        "residency_status",
        "city_of_residence",
        "months_in_mainland_per_year",
        "area_of_cover",
        "ward_class",
        "deductible_hkd",
        "budget_hkd_per_year",
        "riders",
        "preferred_hospitals",
        "direct_billing_required",
        "existing_cover",
        "will_sign_in_hk",
        "health_flag",
    ),
    "pension": (
        "age",
        "hk_permanent_resident",
        "hk_taxpayer",
        "interests",
        "lump_sum_band_hkd",
        "city_of_residence",
    ),
}
US_PLATFORMS = frozenset({"Amazon", "TikTok Shop", "Walmart"})


COMMERCIAL_LINES = frozenset({"export_credit", "ecommerce", "overseas_ip"})
# R6: the answers that identify and size one entity; the rest describe the cover the group wants.
ENTITY_DETAILS = (
    "registration_no",
    "annual_turnover_hkd",
    "export_turnover_on_credit_hkd",
    "seller_jurisdiction",
)


@dataclass(frozen=True)
class GroupEntity:
    """R6: the group's entity on the other side of the boundary, with its own consents and data."""

    jurisdiction: str
    consents: list[str]
    details: dict[str, Any] = field(default_factory=dict)  # its own ENTITY_DETAILS only


def _enqueue_merged_notice(enquiry: Enquiry) -> None:
    tasks.email_merged.enqueue(enquiry.pk)


def enquiry_submit(
    *,
    product_line: str,
    applicant_jurisdiction: str,
    contact_name: str,
    email: str,
    phone: str = "",
    language: str = "en",
    details: dict[str, Any] | None = None,
    consents: list[str],
    wanted: list[str] | None = None,
    complaint: bool = False,
    transcript: str = "",
    conversation_id: str | None = None,
    group_entity: GroupEntity | None = None,
) -> Enquiry:
    """Create the enquiry; leads are created only if the applicant consented to sharing.

    With a `group_entity` (R6), a second enquiry is created for it, with its own consents and
    data, and each is routed by its own entity's jurisdiction; the first one is returned.

    Assumes the input was validated (the form); raises ValueError if a required consent is
    missing or the group entity is not on the other side of the boundary.
    """
    for given in [consents] + ([group_entity.consents] if group_entity else []):
        missing = [p for p, text in CONSENT_TEXTS.items() if text.required and p not in given]
        if missing:
            raise ValueError(f"required consent missing: {', '.join(missing)}")
    if group_entity and not is_group_across_boundary(
        product_line, applicant_jurisdiction, group_entity.jurisdiction
    ):
        raise ValueError("R6 applies to a commercial line and entities on both sides of the boundary")
    contact = {"contact_name": contact_name, "email": email, "phone": phone, "language": language}
    with transaction.atomic():
        enquiry = _create(
            product_line,
            applicant_jurisdiction,
            contact,
            {
                **(details or {}),
                **({"complaint": True} if complaint else {}),
                **({"insurers": wanted} if wanted else {}),
            },
            consents,
            transcript=transcript,
            conversation_id=conversation_id,
        )
        # Robust: the enquiry is saved once this runs. A failing staff-alert check (SQLite's
        # "database is locked" under concurrent submits) must not turn it into an error the
        # applicant retries, sending it twice; Django logs it instead.
        transaction.on_commit(alerts.check_lead_rate, robust=True)
        if group_entity is None:
            _route(enquiry, consents=consents)
            return enquiry
        other = _create(
            product_line,
            group_entity.jurisdiction,
            contact,
            group_entity_details(product_line, enquiry.details, group_entity),
            group_entity.consents,
        )
        enquiry.group_sibling, other.group_sibling = other, enquiry
        enquiry.save(update_fields=["group_sibling"])
        other.save(update_fields=["group_sibling"])
        _route(enquiry, consents=consents, notes=[_r6_note(enquiry, other)])
        _route(other, consents=group_entity.consents, notes=[_r6_note(other, enquiry)])
    return enquiry


def is_group_across_boundary(product_line: str, jurisdiction: str, other: str) -> bool:
    """R6 covers a group's commercial cover with one entity in HK and one on the mainland."""
    sides = {SIDE.get(jurisdiction), SIDE.get(other)}
    return product_line in COMMERCIAL_LINES and sides == {"HK", "mainland"}


def group_entity_details(product_line: str, shared: dict[str, Any], entity: GroupEntity) -> dict[str, Any]:
    """The other entity's details: the group's answers about the cover, with its own identity and
    size instead of the first entity's (never both), and no choice of insurers (the first entity's)."""
    details = {k: v for k, v in shared.items() if k not in ENTITY_DETAILS and k != "insurers"}
    details.update({k: v for k, v in entity.details.items() if k in ENTITY_DETAILS and v not in (None, "")})
    if product_line == "ecommerce":
        details["seller_jurisdiction"] = "HK" if entity.jurisdiction == "HK" else "mainland"
    return details


def _create(
    product_line: str,
    jurisdiction: str,
    contact: dict[str, str],
    details: dict[str, Any],
    consents: list[str],
    transcript: str = "",
    conversation_id: str | None = None,
) -> Enquiry:
    enquiry = Enquiry.objects.create(
        product_line=product_line,
        applicant_jurisdiction=jurisdiction,
        details=details,
        transcript=transcript,
        conversation_id=conversation_id,
        **contact,
    )
    ConsentRecord.objects.bulk_create(
        ConsentRecord(enquiry=enquiry, purpose=p, text_version=CONSENT_TEXTS[p].version) for p in consents
    )
    audit.record(enquiry, "applicant", "enquiry.created", consents=consents, product_line=product_line)
    return enquiry


def _r6_note(enquiry: Enquiry, other: Enquiry) -> dict[str, Any]:
    return {
        "insurer": None,
        "eligible": False,
        "note": True,
        "reason": (
            f"R6: a group with entities in {enquiry.applicant_jurisdiction} and {other.applicant_jurisdiction}: "
            f"one enquiry per entity, each with its own consents and data; this one is the "
            f"{enquiry.applicant_jurisdiction} entity's, routed by its jurisdiction; the other is {other.reference}"
        ),
    }


def applicant_from(
    *, product_line: str, jurisdiction: str, details: dict[str, Any], consents: Collection[str]
) -> Applicant:
    """The routing view of an applicant, from an enquiry or from a form not yet submitted."""
    d = details
    countries = (
        set(d.get("destination_countries", [])) | set(d.get("markets", [])) | set(d.get("territories", []))
    )
    ages = [d["age"]] if isinstance(d.get("age"), int) else []  # pension: the applicant's own age
    if "self" in d.get("insured_relationships", []) and d.get("ages"):
        # R11 is about the applicant, and medical `ages` are the insured people's: the applicant is
        # among them only when insuring themselves, and surely a minor only if every one of them is
        # (a parent insuring a child of 9 is no minor applicant).
        ages.append(max(d["ages"]))
    us_listing = product_line == "ecommerce" and (
        "US" in countries or d.get("seller_jurisdiction") == "US_LLC"
    )
    return Applicant(
        product_line=product_line,
        jurisdiction=jurisdiction,
        turnover_hkd=d.get("annual_turnover_hkd"),
        countries=frozenset(countries),
        underwriter_only=bool(d.get("health_flag") or d.get("known_threats") or d.get("overdue_over_60d")),
        us_listing=us_listing,
        complaint=bool(d.get("complaint")),
        min_age=min(ages) if ages else None,
        industry=str(d.get("industry", "")),
        wanted=tuple(d.get("insurers", [])),  # the consent names these insurers, and no others
        cross_boundary_consent="cross_boundary" in consents,
    )


def active_consents(enquiry: Enquiry) -> set[str]:
    return set(enquiry.consents.filter(withdrawn_at__isnull=True).values_list("purpose", flat=True))


def applicant_for(enquiry: Enquiry, consents: Collection[str] | None = None) -> Applicant:
    """`consents` saves a query when the caller knows them; otherwise the ones not withdrawn."""
    return applicant_from(
        product_line=enquiry.product_line,
        jurisdiction=enquiry.applicant_jurisdiction,
        details=enquiry.details,
        consents=active_consents(enquiry) if consents is None else consents,
    )


def matching_insurers(applicant: Applicant) -> list[Insurer]:
    """The insurers the applicant may choose among (at most three are sent)."""
    return matches(applicant, candidates())


def _today() -> datetime:
    # Daily caps count from midnight in the portal's time zone (Hong Kong): the insurers' business
    # day, not UTC's, which turns over at 08:00 there.
    now = timezone.localtime(timezone.now(), ZoneInfo(settings.TIME_ZONE))
    return now.replace(hour=0, minute=0, second=0, microsecond=0)


def candidates(exclude: set[int] | None = None) -> list[Candidate]:
    # Per-insurer subqueries on the (insurer, created_at) index: a join over every lead ever made
    # would make each submission slower as the table grows.
    mine = Lead.objects.filter(insurer=OuterRef("pk")).order_by()
    today = mine.filter(created_at__gte=_today()).values("insurer").annotate(n=Count("pk")).values("n")
    last = mine.order_by("-created_at").values("created_at")[:1]
    insurers = (
        Insurer.objects.select_related("appetite")
        .exclude(pk__in=exclude or set())
        .annotate(today=Coalesce(Subquery(today), 0), last=Subquery(last))
        .order_by("slug")
    )
    return [
        Candidate(i, getattr(i, "appetite", None), leads_today=i.today, last_lead_at=i.last) for i in insurers
    ]


def _earlier_duplicate(enquiry: Enquiry) -> Enquiry | None:
    since = timezone.now() - timedelta(days=settings.LEAD_DEDUP_DAYS)
    return (
        Enquiry.objects.filter(
            email__iexact=enquiry.email,
            product_line=enquiry.product_line,
            # One person may ask for two entities of a group (R6): each entity is its own applicant.
            applicant_jurisdiction=enquiry.applicant_jurisdiction,
            created_at__gte=since,
            status=Enquiry.Status.ROUTED,
            # Only an address its owner confirmed: otherwise whoever asked first with a stranger's
            # address would make the stranger's own enquiry vanish into theirs.
            email_confirmed_at__isnull=False,
        )
        .exclude(pk=enquiry.pk)
        .order_by("created_at")
        .first()
    )


def _log(outcome: Outcome) -> list[dict[str, Any]]:
    return [
        {"insurer": d.insurer.slug, "eligible": d.eligible, "reason": d.reason} for d in outcome.decisions
    ]


def decide_within_caps(
    applicant: Applicant, cands: list[Candidate], max_insurers: int = MAX_INSURERS
) -> Outcome:
    """`decide`, with the daily caps counted under a lock on the capped insurers' appetite rows.

    Must run inside the transaction that creates the leads. Two concurrent enquiries cannot both
    take an insurer's last slot: on PostgreSQL the second waits for the first's row locks and then
    counts its committed lead; on SQLite every write transaction is IMMEDIATE, so the whole
    submission is serialised anyway. Every capped row is locked at once, in primary-key order, so
    two submissions can never hold each other's rows (locking only the chosen ones, then the next
    choice's, deadlocked when two insurers filled up at once).
    """
    outcome = decide(applicant, cands, max_insurers)
    capped = sorted(c.insurer.pk for c in cands if c.appetite and c.appetite.daily_cap is not None)
    if not any(i.pk in capped for i in outcome.chosen):
        return outcome
    list(InsurerAppetite.objects.select_for_update().filter(insurer_id__in=capped).order_by("pk"))
    fresh = dict(
        Lead.objects.filter(insurer_id__in=capped, created_at__gte=_today())
        .values("insurer_id")
        .annotate(n=Count("id"))
        .values_list("insurer_id", "n")
    )
    recounted = [
        dataclasses.replace(c, leads_today=fresh.get(c.insurer.pk, 0)) if c.insurer.pk in capped else c
        for c in cands
    ]
    return decide(applicant, recounted, max_insurers)


def _route(enquiry: Enquiry, *, consents: Collection[str], notes: Sequence[dict[str, Any]] = ()) -> None:
    """Route one enquiry; `notes` (R6) go first in its routing log and are named in its leads' reasons."""
    fields = ["routing_log", "status", "flags", "merged_into"]
    shared = "share" in consents
    applicant = applicant_for(enquiry, consents)
    outcome = decide(applicant, candidates()) if not shared else decide_within_caps(applicant, candidates())
    enquiry.flags = outcome.flags
    if outcome.blocked:
        enquiry.routing_log = [{"insurer": None, "eligible": False, "reason": outcome.blocked}]
        enquiry.status = Enquiry.Status.BLOCKED
    elif not shared:
        enquiry.routing_log = [
            {"insurer": None, "eligible": False, "reason": "no consent to share: nothing sent"}
        ]
        enquiry.status = Enquiry.Status.NOT_ROUTED
    elif earlier := _earlier_duplicate(enquiry):
        reason = f"same applicant and line as {earlier.reference} within {settings.LEAD_DEDUP_DAYS} days"
        # The decisions are kept (marked `chosen`) so the submitter sees what a routed enquiry shows:
        # the merge is told only to the confirmed address, never on the screen (no oracle).
        chosen = {i.slug for i in outcome.chosen}
        enquiry.routing_log = [
            {"insurer": None, "eligible": False, "reason": f"{reason}: merged, not re-sent"},
            *({**entry, "chosen": entry["insurer"] in chosen} for entry in _log(outcome)),
        ]
        enquiry.status, enquiry.merged_into = Enquiry.Status.MERGED, earlier
        audit.record(earlier, "system", "enquiry.merged_in", other=enquiry.reference)
        _enqueue_merged_notice(enquiry)
    else:
        enquiry.routing_log = _log(outcome)
        suffix = f"; for the {enquiry.applicant_jurisdiction} entity only (R6)" if notes else ""
        for insurer in outcome.chosen:
            why = next(d.reason for d in outcome.decisions if d.insurer == insurer)
            create_lead(enquiry, insurer, why + suffix, sensitive="sensitive" in consents)
        enquiry.status = Enquiry.Status.ROUTED if outcome.chosen else Enquiry.Status.NOT_ROUTED
    enquiry.routing_log = [*notes, *enquiry.routing_log]
    enquiry.save(update_fields=fields)
    audit.record(enquiry, "system", "enquiry.routed", status=enquiry.status, log=enquiry.routing_log)


def shared_fields(enquiry: Enquiry, lead_reference: str, sensitive: bool | None = None) -> dict[str, Any]:
    """Only what an insurer needs to quote: contact, line, jurisdiction, the line's details, flags.

    `sensitive`: whether the sensitive-data consent is in force (looked up if not given).
    """
    details = {k: v for k, v in enquiry.details.items() if k in SHARED_DETAILS.get(enquiry.product_line, ())}
    if not (enquiry.has_consent("sensitive") if sensitive is None else sensitive):
        details.pop("health_flag", None)
    return {
        "reference": lead_reference,
        "product_line": enquiry.product_line,
        "applicant_jurisdiction": enquiry.applicant_jurisdiction,
        "contact": {
            "name": enquiry.contact_name,
            "email": enquiry.email,
            "phone": enquiry.phone,
            "language": enquiry.language,
        },
        "details": details,
        "flags": enquiry.flags,
    }


def create_lead(enquiry: Enquiry, insurer: Insurer, reason: str, sensitive: bool | None = None) -> Lead:
    """A lead with its webhook event and e-mail job queued in the caller's transaction (the outbox)."""
    appetite = getattr(insurer, "appetite", None)
    lead = Lead.objects.create(
        enquiry=enquiry,
        insurer=insurer,
        reason=reason,
        payload=shared_fields(enquiry, enquiry.reference, sensitive),
        ack_due_at=timezone.now() + timedelta(hours=settings.LEAD_ACK_HOURS),
    )
    audit.record(enquiry, "system", "lead.created", lead=lead, insurer=insurer.slug, reason=reason)
    if appetite and appetite.webhook_url:
        outbox.lead_created(lead)
    if appetite and appetite.notify_email:  # e-mail is opt-in per insurer
        tasks.email_lead.enqueue(lead.pk)
    return lead


def reassign_overdue(now: Any = None) -> list[Lead]:
    """Leads not acknowledged in time go to the next eligible insurer, within the consent given."""
    now = now or timezone.now()
    overdue = Lead.objects.filter(
        status__in=[Lead.Status.NEW, Lead.Status.DELIVERED], acknowledged_at__isnull=True, ack_due_at__lt=now
    ).values_list("pk", flat=True)
    created = []
    for pk in list(overdue):
        with transaction.atomic():
            lead = (
                Lead.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, acknowledged_at__isnull=True)
                .first()
            )
            if lead is None or lead.status not in (Lead.Status.NEW, Lead.Status.DELIVERED):
                continue
            lead.status = Lead.Status.EXPIRED
            lead.save(update_fields=["status"])
            outbox.cancel_lead(lead)
            enquiry = lead.enquiry
            audit.record(enquiry, "system", "lead.expired", lead=lead, insurer=lead.insurer.slug)
            if new := _next_insurer(enquiry, lead):
                created.append(new)
    return created


def _next_insurer(enquiry: Enquiry, expired: Lead) -> Lead | None:
    if not enquiry.has_consent("share") or enquiry.status != Enquiry.Status.ROUTED:
        return None
    tried = set(enquiry.leads.values_list("insurer_id", flat=True))
    # The consents still in force: the chosen insurers (share) and cross-boundary transfer.
    outcome = decide_within_caps(applicant_for(enquiry), candidates(exclude=tried), max_insurers=1)
    note: dict[str, Any] = {"insurer": expired.insurer.slug, "eligible": False, "sla": True}
    if not outcome.chosen:
        note["reason"] = "did not acknowledge in time; no other eligible insurer within the consent given"
        enquiry.routing_log = [*enquiry.routing_log, note]
        enquiry.save(update_fields=["routing_log"])
        return None
    nxt = outcome.chosen[0]
    note["reason"] = f"did not acknowledge in time; sent instead to {nxt.slug}"
    enquiry.routing_log = [*enquiry.routing_log, note]
    enquiry.save(update_fields=["routing_log"])
    why = next(d.reason for d in outcome.decisions if d.insurer == nxt)
    return create_lead(
        enquiry, nxt, f"next eligible insurer after an unacknowledged lead (service level): {why}"
    )


def enquiry_withdraw_and_erase(enquiry: Enquiry) -> tuple[str, list[str]]:
    """Consent withdrawn: stop every delivery and erase the personal data; the audit keeps the reference.

    Erased: the enquiry, its consents and leads, the chat conversation it came from, free text in
    its audit rows, and (once the transaction commits) its quote files. Every insurer that had a
    lead is told: the withdrawal feed (API and dashboard) always, the `lead.withdrawn` webhook and
    the e-mail notice where the lead may have reached it that way. Returns the reference and them.
    """
    reference = enquiry.reference
    with transaction.atomic():
        leads = list(
            Lead.objects.select_for_update(of=("self",))
            .filter(enquiry=enquiry)
            .select_related("insurer__appetite")
            .order_by("pk")
        )
        for lead in leads:
            outbox.lead_withdrawn(lead, reference)
            appetite = getattr(lead.insurer, "appetite", None)
            if appetite is not None and appetite.notify_email:
                tasks.email_withdrawn.enqueue(lead.insurer_id, reference)
            LeadWithdrawal.objects.get_or_create(
                lead_delivery_id=lead.delivery_id, defaults={"insurer": lead.insurer, "reference": reference}
            )
        told = [lead.insurer.slug for lead in leads]
        files = [lead.quote_document.name for lead in leads if lead.quote_document]
        _erase_conversation(enquiry.conversation_id)
        audit.erase_free_text(reference)
        audit.record(
            enquiry,
            "applicant",
            audit.WITHDRAWN,
            leads=len(leads),
            told=told,
            token_digest=audit.token_digest(enquiry.access_token),
        )
        enquiry.delete()  # cascades to consents, leads and their attempts
        # Files go only once the erasure is committed: a rollback must not leave leads without them.
        transaction.on_commit(lambda: _delete_files(files))
    return reference, told


def _erase_conversation(conversation_id: Any) -> None:
    if not conversation_id:
        return
    from chat import replay
    from chat.models import Conversation

    Conversation.objects.filter(id=conversation_id).delete()
    transaction.on_commit(lambda: replay.forget(str(conversation_id)))


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def purge_older_than(days: int) -> int:
    """Erase enquiries older than `days`: like a withdrawal (conversation, audit text, files after
    commit); insurers are not told again (their own retention rules apply to their copies)."""
    cutoff = timezone.now() - timedelta(days=days)
    count = 0
    for enquiry in Enquiry.objects.filter(created_at__lt=cutoff).iterator():
        with transaction.atomic():
            files = [lead.quote_document.name for lead in enquiry.leads.all() if lead.quote_document]
            _erase_conversation(enquiry.conversation_id)
            audit.erase_free_text(enquiry.reference)
            audit.record(
                enquiry,
                "system",
                audit.PURGED,
                retention_days=days,
                token_digest=audit.token_digest(enquiry.access_token),
            )
            enquiry.delete()
            transaction.on_commit(functools.partial(_delete_files, files))
        count += 1
    return count
