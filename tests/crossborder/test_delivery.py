"""Webhook delivery through the one outbox, against a real HTTP endpoint on loopback: signature,
retries, dead letters, URL checks, withdrawal events, the sweep."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from crossborder import emails, outbox, services, tasks, webhooks
from crossborder.models import AuditEvent, EventDelivery, InsurerAppetite, Lead
from tests.crossborder.conftest import EXPORT, submit
from tests.crossborder.receiver import Receiver

pytestmark = pytest.mark.django_db
SECRET = "whsec-test-only"
DELIVER = "crossborder.tasks.deliver"


def send(row: EventDelivery | int) -> str:
    """What a worker does with one delivery job (a retry is queued as the worker would)."""
    return tasks.deliver.call(row if isinstance(row, int) else row.pk)


def created(lead: Lead) -> EventDelivery:
    return EventDelivery.objects.get(lead=lead, event="lead.created")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver(SECRET)
    yield r
    r.close()


@pytest.fixture
def lead(client: Client, appetite: None, receiver: Receiver, settings) -> Lead:  # type: ignore[no-untyped-def]
    settings.WEBHOOK_BACKOFF_SECONDS = 0
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    InsurerAppetite.objects.filter(insurer__slug="kwun-tong-general").update(
        webhook_url=receiver.url(), webhook_secret=SECRET, notify_email="uw@kwun-tong.example"
    )
    enquiry = submit(client, "export_credit", EXPORT)
    return enquiry.leads.get(insurer__slug="kwun-tong-general")


def test_lead_and_its_delivery_job_are_created_together(lead: Lead) -> None:
    event = created(lead)
    jobs = DBTaskResult.objects.filter(task_path=DELIVER)
    assert [j.args_kwargs["args"] for j in jobs] == [[event.pk]]
    assert (event.state, event.event_id, event.payload) == ("pending", lead.delivery_id, lead.payload)
    other = Lead.objects.exclude(pk=lead.pk).get()
    assert not other.events.exists()  # no webhook configured: dashboard, API and e-mail only


def test_signed_payload_is_delivered_once(lead: Lead, receiver: Receiver) -> None:
    assert send(created(lead)) == "delivered"
    assert send(created(lead)) == "skipped"  # already delivered: never sent twice
    assert len(receiver.requests) == 1 and receiver.requests[0]["verified"]
    body = receiver.applied[str(lead.delivery_id)]
    assert body["version"] == webhooks.PAYLOAD_VERSION and body["event"] == "lead.created"
    assert body["delivery_id"] == str(lead.delivery_id)  # the idempotency key is in the signed body too
    assert body["lead"]["contact"]["email"] == "chan@example.com"
    lead.refresh_from_db()
    assert (lead.status, created(lead).state) == ("delivered", "delivered")
    assert created(lead).attempts.get().status_code == 200


def test_signature_and_replay_window() -> None:
    body = b'{"a":1}'
    now = int(time.time())
    sig = webhooks.sign("k", now, body)
    assert webhooks.verify("k", str(now), body, sig)
    assert not webhooks.verify("k", str(now), body + b" ", sig)
    assert not webhooks.verify("other", str(now), body, sig)
    assert not webhooks.verify("k", str(now - 301), body, webhooks.sign("k", now - 301, body))


@pytest.mark.parametrize(
    ("codes", "outcomes", "state"),
    [
        ([503, 429, 200], ["retry", "retry", "delivered"], "delivered"),
        ([408, 500, 502], ["retry", "retry", "dead"], "dead"),
        ([404], ["dead"], "dead"),
        ([400], ["dead"], "dead"),
    ],
)
def test_retry_only_on_timeouts_5xx_408_429(
    lead: Lead, receiver: Receiver, codes: list[int], outcomes: list[str], state: str
) -> None:
    receiver.respond = lambda n: codes[n - 1]
    got = [send(created(lead)) for _ in outcomes]
    assert got == outcomes
    assert created(lead).state == state
    assert list(created(lead).attempts.values_list("status_code", flat=True)) == codes
    retries = DBTaskResult.objects.filter(task_path=DELIVER, run_after__isnull=False)
    assert retries.count() == 1 + outcomes.count("retry"), "the first job, and each retry with its attempt"


def test_a_retry_is_never_sent_before_its_backoff(lead: Lead, receiver: Receiver, settings) -> None:  # type: ignore[no-untyped-def]
    settings.WEBHOOK_BACKOFF_SECONDS = 60
    receiver.respond = lambda n: 503
    assert send(created(lead)) == "retry"
    # A second job for the same event (the sweep, a duplicate) finds it not yet due.
    assert send(created(lead)) == "skipped" and len(receiver.requests) == 1
    soon = (timezone.now(), timezone.now() + timedelta(hours=1))  # (a job due now has run_after = max)
    (retry,) = DBTaskResult.objects.filter(task_path=DELIVER, run_after__range=soon)
    assert retry.run_after == created(lead).next_at > timezone.now()


def test_backoff_is_exponential_and_capped(settings) -> None:  # type: ignore[no-untyped-def]
    settings.WEBHOOK_BACKOFF_SECONDS, settings.WEBHOOK_BACKOFF_MAX_SECONDS = 30, 600
    assert [webhooks.backoff_seconds(n) for n in range(1, 7)] == [30, 60, 120, 240, 480, 600]


def test_dead_letter_is_resent_from_admin_with_the_same_delivery_id(
    lead: Lead, receiver: Receiver, client: Client
) -> None:
    from django.contrib.auth.models import User

    receiver.respond = lambda n: 400 if n == 1 else 200
    assert send(created(lead)) == "dead"
    admin = User.objects.create_superuser("ops", "ops@example.com", "pw-for-tests-only")
    client.force_login(admin)
    dead = created(lead)
    letters = client.get("/en/admin/crossborder/eventdelivery/?state__exact=dead").content.decode()
    assert lead.enquiry.reference in letters and "dead letter" in letters
    client.post("/en/admin/crossborder/eventdelivery/", {"action": "resend", "_selected_action": [dead.pk]})
    assert send(dead) == "delivered"
    assert {r["delivery"] for r in receiver.requests} == {str(lead.delivery_id)}
    assert len(receiver.applied) == 1
    assert list(dead.attempts.values_list("number", "status_code")) == [(1, 400), (2, 200)]  # history kept
    page = client.get(f"/en/admin/crossborder/enquiry/{lead.enquiry.pk}/change/").content.decode()
    assert "sent to" in page and "because" in page and "lead.created.webhook_resend" in page
    page = client.get(f"/en/admin/crossborder/eventdelivery/{dead.pk}/change/").content.decode()
    assert "400" in page and "chan@example.com" not in page


def test_timeouts_are_retried(lead: Lead, receiver: Receiver, settings) -> None:  # type: ignore[no-untyped-def]
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    receiver.delay = 1.0
    assert send(created(lead)) == "retry"
    assert "Timeout" in created(lead).attempts.get().error


def test_webhook_urls_are_checked(settings) -> None:  # type: ignore[no-untyped-def]
    settings.WEBHOOK_ALLOW_PRIVATE = False
    for url in (
        "http://127.0.0.1:9/x",
        "https://10.0.0.8/x",
        "https://[::1]/x",
        "https://169.254.169.254/",
        "ftp://a.example/",
    ):
        with pytest.raises(ValidationError):
            webhooks.validate_url(url)
    settings.PRODUCTION = True
    with pytest.raises(ValidationError, match="HTTPS"):
        webhooks.validate_url("http://93.184.215.14/hook")
    webhooks.validate_url("https://93.184.215.14/hook")


def test_private_url_refused_at_send_time_is_a_dead_letter(lead: Lead, settings) -> None:  # type: ignore[no-untyped-def]
    settings.WEBHOOK_ALLOW_PRIVATE = False
    assert send(created(lead)) == "dead"
    assert "refused URL" in created(lead).attempts.get().error


def test_email_notice_goes_through_djangos_backend(lead: Lead) -> None:
    jobs = DBTaskResult.objects.filter(task_path="crossborder.tasks.email_lead")
    assert lead.pk in [j.args_kwargs["args"][0] for j in jobs]
    emails.send_lead_notice(lead.pk)
    assert mail.outbox[-1].to == ["uw@kwun-tong.example"]
    assert lead.enquiry.reference in mail.outbox[-1].subject
    assert "chan@example.com" not in mail.outbox[-1].body  # contact details stay behind the login
    assert json.dumps(lead.payload)  # the payload is JSON as sent


def test_withdrawal_tells_the_insurer_that_received_the_lead_without_personal_data(
    lead: Lead, receiver: Receiver, client: Client
) -> None:
    assert send(created(lead)) == "delivered"
    receiver.respond = lambda n: 503 if n == 2 else 200  # the withdrawal's first attempt fails
    page = client.post(f"/en/enquiries/status/{lead.enquiry.access_token}/withdraw/").content.decode()
    assert "told to erase their copy" in page
    assert not Lead.objects.exists()
    event = EventDelivery.objects.get()  # the lead's own event went with it; the other had no webhook
    assert (event.event, event.insurer.slug, event.state, event.lead) == (
        "lead.withdrawn",
        "kwun-tong-general",
        "pending",
        None,
    )
    jobs = DBTaskResult.objects.filter(task_path=DELIVER)
    assert [event.pk] in [j.args_kwargs["args"] for j in jobs], "enqueued with the erasure"
    assert send(event) == "retry"
    assert send(event) == "delivered"
    assert send(event) == "skipped"  # never twice
    assert [r["delivery"] for r in receiver.requests[1:]] == [str(event.event_id)] * 2  # same key on retry
    assert all(r["verified"] for r in receiver.requests)
    body = receiver.applied[str(event.event_id)]
    assert body["event"] == "lead.withdrawn" and body["delivery_id"] == str(event.event_id)
    assert set(body["lead"]) == {"delivery_id", "reference", "withdrawn_at"}
    assert body["lead"]["delivery_id"] == str(lead.delivery_id)
    assert "chan@example.com" not in json.dumps(body) and "Chan" not in json.dumps(body)
    assert list(event.attempts.values_list("status_code", flat=True)) == [503, 200]
    assert AuditEvent.objects.filter(
        enquiry_reference=lead.enquiry.reference, action="lead.withdrawn.webhook_delivered"
    ).exists()
    # The insurer also takes e-mail notices: told that way too, with the reference only.
    (job,) = DBTaskResult.objects.filter(task_path="crossborder.tasks.email_withdrawn")
    emails.send_withdrawn_notice(*job.args_kwargs["args"])
    assert mail.outbox[-1].to == ["uw@kwun-tong.example"]
    assert lead.enquiry.reference in mail.outbox[-1].subject and "chan@" not in mail.outbox[-1].body
    emails.send_lead_notice(lead.pk)  # a new-lead notice still queued for the erased lead: nothing sent
    assert [m.to for m in mail.outbox] == [["chan@example.com"], ["uw@kwun-tong.example"]]  # + on sending
    # Admin shows the event with its attempts and the data sent (no personal data in it).
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("ops", "ops@example.com", "pw-for-tests-only"))
    page = client.get(f"/en/admin/crossborder/eventdelivery/{event.pk}/change/").content.decode()
    assert lead.enquiry.reference in page and "503" in page


def test_no_withdrawal_event_for_a_lead_never_sent_and_one_per_lead(lead: Lead, receiver: Receiver) -> None:
    InsurerAppetite.objects.filter(insurer=lead.insurer).update(notify_email="")  # webhook only
    never_sent = created(lead).pk
    # Pending, never attempted: no webhook event, but the withdrawal feed (API, dashboard) tells it.
    assert lead.insurer.slug in services.enquiry_withdraw_and_erase(lead.enquiry)[1]
    assert not EventDelivery.objects.exists() and receiver.requests == []
    assert send(never_sent) == "skipped"  # its delivery job finds nothing to send
    # A lead in flight (a worker holds the lease) is told, after the lease ends.
    other = Client().post("/en/enquiries/new/export_credit/", {**EXPORT, "email": "ho@example.com"})
    assert other.status_code == 302
    in_flight = Lead.objects.get(insurer__slug="kwun-tong-general")
    from crossborder import sender

    assert sender._claim(created(in_flight).pk)
    DBTaskResult.objects.all().delete()
    _, told = services.enquiry_withdraw_and_erase(in_flight.enquiry)
    assert "kwun-tong-general" in told
    event = EventDelivery.objects.get()
    job = DBTaskResult.objects.filter(task_path=DELIVER).get()
    assert timezone.now() < event.next_at == job.run_after, "not sent before the lease ends, whoever runs it"
    assert send(event) == "skipped"


def test_an_expired_lead_is_not_sent_any_more(lead: Lead, receiver: Receiver) -> None:
    Lead.objects.filter(pk=lead.pk).update(ack_due_at=timezone.now() - timedelta(hours=1))
    services.reassign_overdue()
    assert created(lead).state == "cancelled"
    assert send(created(lead)) == "skipped" and receiver.requests == []


def test_the_sweep_requeues_a_dead_workers_delivery_once(lead: Lead, receiver: Receiver, settings) -> None:  # type: ignore[no-untyped-def]
    from crossborder import sender

    event = created(lead)
    DBTaskResult.objects.all().delete()
    assert outbox.resume_stalled() == 0  # due just now: its job is waiting in the queue
    assert sender._claim(event.pk)  # a worker took it, then was killed: the lease runs out
    EventDelivery.objects.filter(pk=event.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert outbox.resume_stalled() == 1
    assert outbox.resume_stalled() == 0, "queued once per stall period, not on every sweep"
    (job,) = DBTaskResult.objects.filter(task_path=DELIVER)
    assert job.args_kwargs["args"] == [event.pk]
    # A job lost altogether (never queued, or failed) is queued again once it has waited too long.
    EventDelivery.objects.filter(pk=event.pk).update(
        next_at=timezone.now() - timedelta(seconds=outbox.stall_seconds() + 1)
    )
    assert outbox.resume_stalled() == 1
    assert send(event) == "delivered" and send(event) == "skipped"
    assert outbox.resume_stalled() == 0
    assert len(receiver.applied) == 1


def test_one_withdrawal_event_per_lead(lead: Lead, receiver: Receiver) -> None:
    assert send(created(lead)) == "delivered"
    assert outbox.lead_withdrawn(lead, lead.enquiry.reference)
    assert outbox.lead_withdrawn(lead, lead.enquiry.reference)  # asked again: already told
    assert EventDelivery.objects.filter(event="lead.withdrawn").count() == 1
