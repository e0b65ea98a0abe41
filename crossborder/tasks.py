"""Background jobs (django-tasks, database backend): rows in the main database, run by `db_worker`."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from crossborder import delivery, emails, services


@task()
def deliver_lead(lead_id: int) -> str:
    return delivery.deliver_webhook(lead_id)


@task()
def deliver_event(event_id: int) -> str:
    return delivery.deliver_event(event_id)


@task()
def email_lead(lead_id: int) -> None:
    delivery.email_notice(lead_id)


@task()
def email_merged(enquiry_id: int) -> None:
    emails.send_merged_notice(enquiry_id)


@task()
def email_withdrawn(insurer_id: int, reference: str) -> None:
    delivery.email_withdrawn(insurer_id, reference)


@task()
def sweep() -> dict[str, int]:
    """Periodic: the next sweep is enqueued first, so a worker killed mid-sweep cannot break the chain."""
    schedule_sweep()
    schedule_retention()
    return {"resumed": delivery.resume_stalled(), "reassigned": len(services.reassign_overdue())}


@task()
def retention() -> dict[str, int]:
    from crossborder import retention as purges

    return purges.purge_all()


def schedule_retention() -> None:
    """Once per RETENTION_INTERVAL_SECONDS: enqueued unless one is waiting or ran within it."""
    from django_tasks_db.models import DBTaskResult

    since = timezone.now() - timedelta(seconds=settings.RETENTION_INTERVAL_SECONDS)
    recent = DBTaskResult.objects.filter(task_path=retention.module_path, enqueued_at__gte=since)
    waiting = DBTaskResult.objects.filter(task_path=retention.module_path, status="READY")
    if not recent.exists() and not waiting.exists():
        retention.enqueue()


def schedule_sweep() -> None:
    from django_tasks_db.models import DBTaskResult

    name = sweep.module_path
    pending = DBTaskResult.objects.filter(task_path=name, status="READY").exists()
    if not pending:
        sweep.using(run_after=timezone.now() + timedelta(seconds=settings.SWEEP_INTERVAL_SECONDS)).enqueue()
