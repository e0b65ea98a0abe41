"""Background jobs (django-tasks, database backend): rows in the main database, run by `db_worker`.

The only module that imports `crossborder.sender`. Periodic work is not here: `manage.py
run_scheduler` runs it (`crossborder/scheduler.py`, the jobs in settings.SCHEDULED_JOBS).
"""

from __future__ import annotations

from django_tasks import task

from crossborder import emails, sender


@task()
def deliver(event_pk: int) -> str:
    """One attempt at an outbox event; a retry is queued in the transaction that records it."""
    return sender.deliver(event_pk, on_retry=lambda at: deliver.using(run_after=at).enqueue(event_pk))


@task()
def email_lead(lead_id: int) -> None:
    emails.send_lead_notice(lead_id)


@task()
def email_merged(enquiry_id: int) -> None:
    emails.send_merged_notice(enquiry_id)


@task()
def email_withdrawn(insurer_id: int, reference: str) -> None:
    emails.send_withdrawn_notice(insurer_id, reference)
