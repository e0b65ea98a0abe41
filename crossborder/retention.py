"""Retention: personal data is kept only as long as it serves the applicant (issue 13, Medium 4).

One daily job (`retention` in settings.SCHEDULED_JOBS, run by `manage.py run_scheduler`) purges,
each after its own period: enquiries with their leads, consents, conversation and quote files
(`ENQUIRY_RETENTION_DAYS`); chat conversations and "contact a person" requests
(`CHAT_RETENTION_DAYS`); audit rows (`AUDIT_RETENTION_DAYS`); withdrawal notices and `lead.withdrawn`
webhook events (`WITHDRAWAL_NOTICE_DAYS`); expired sessions; finished task results
(`TASK_RESULT_RETENTION_DAYS`); and quote files no lead refers to any more.
"""

from __future__ import annotations

import io
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import Max
from django.utils import timezone

from crossborder import services
from crossborder.models import AuditEvent, EventDelivery, Lead, LeadWithdrawal

QUOTES_DIR = "quotes"


def purge_all() -> dict[str, int]:
    """Run every purge; returns how many of each went."""
    return {
        "enquiries": services.purge_older_than(settings.ENQUIRY_RETENTION_DAYS),
        "conversations": purge_conversations(settings.CHAT_RETENTION_DAYS),
        "contact_requests": purge_contact_requests(settings.CHAT_RETENTION_DAYS),
        "audit_rows": _older(AuditEvent.objects.all(), "at", settings.AUDIT_RETENTION_DAYS),
        "withdrawal_notices": _older(
            LeadWithdrawal.objects.all(), "withdrawn_at", settings.WITHDRAWAL_NOTICE_DAYS
        ),
        # `lead.withdrawn` events, sent or given up (a lead's own events go with the lead).
        "withdrawal_events": _older(
            EventDelivery.objects.filter(lead__isnull=True).exclude(state=EventDelivery.State.PENDING),
            "created_at",
            settings.WITHDRAWAL_NOTICE_DAYS,
        ),
        "orphan_quote_files": purge_orphan_quote_files(),
        "sessions": _clear_sessions(),
        "task_results": _prune_task_results(settings.TASK_RESULT_RETENTION_DAYS),
    }


def purge_conversations(days: int) -> int:
    """Conversations with no message in the last `days` days (or none at all since then)."""
    from chat.models import Conversation

    cutoff = timezone.now() - timedelta(days=days)
    idle = Conversation.objects.annotate(last=Max("messages__created_at")).filter(created_at__lt=cutoff)
    stale = idle.filter(last__isnull=True) | idle.filter(last__lt=cutoff)
    deleted, _ = Conversation.objects.filter(pk__in=stale.values("pk")).delete()
    return int(deleted)


def purge_contact_requests(days: int) -> int:
    """ "Contact a person" requests (a name, a phone or address, maybe a transcript), as chat data."""
    from chat.models import ContactRequest

    return _older(ContactRequest.objects.all(), "created_at", days)


def purge_orphan_quote_files() -> int:
    """Quote files left on disk by erasures before files were deleted with their leads."""
    try:
        _dirs, files = default_storage.listdir(QUOTES_DIR)
    except (FileNotFoundError, NotImplementedError):
        return 0
    kept = set(Lead.objects.exclude(quote_document="").values_list("quote_document", flat=True))
    grace = timezone.now() - timedelta(hours=1)  # a file being saved has no lead row yet
    count = 0
    for name in files:
        path = f"{QUOTES_DIR}/{name}"
        if path not in kept and default_storage.get_modified_time(path) < grace:
            default_storage.delete(path)
            count += 1
    return count


def _older(queryset: object, field: str, days: int) -> int:
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = queryset.filter(**{f"{field}__lt": cutoff}).delete()  # type: ignore[attr-defined]
    return int(deleted)


def _clear_sessions() -> int:
    from django.contrib.sessions.models import Session

    before = Session.objects.count()
    call_command("clearsessions")
    return before - Session.objects.count()


def _prune_task_results(days: int) -> int:
    from django_tasks_db.models import DBTaskResult

    before = DBTaskResult.objects.count()
    call_command(
        "prune_db_task_results", min_age_days=days, queue_name="*", stdout=io.StringIO(), verbosity=0
    )
    return before - DBTaskResult.objects.count()
