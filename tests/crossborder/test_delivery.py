"""Webhook delivery against a real HTTP endpoint on loopback: signature, retries, dead letters, URL checks."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from crossborder import delivery, webhooks
from crossborder.models import AuditEvent, InsurerAppetite, Lead, WebhookAttempt, WebhookEvent
from tests.crossborder.conftest import EXPORT, submit
from tests.crossborder.receiver import Receiver

pytestmark = pytest.mark.django_db
SECRET = "whsec-test-only"


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
    jobs = DBTaskResult.objects.filter(task_path="crossborder.tasks.deliver_lead")
    assert [j.args_kwargs["args"] for j in jobs] == [[lead.pk]]
    assert lead.webhook_state == Lead.Webhook.PENDING
    other = Lead.objects.exclude(pk=lead.pk).get()
    assert other.webhook_state == Lead.Webhook.NONE  # no webhook configured: dashboard, API and e-mail only


def test_signed_payload_is_delivered_once(lead: Lead, receiver: Receiver) -> None:
    assert delivery.deliver_webhook(lead.pk) == "delivered"
    assert delivery.deliver_webhook(lead.pk) == "skipped"  # already delivered: never sent twice
    assert len(receiver.requests) == 1 and receiver.requests[0]["verified"]
    body = receiver.applied[str(lead.delivery_id)]
    assert body["version"] == webhooks.PAYLOAD_VERSION and body["event"] == "lead.created"
    assert body["lead"]["contact"]["email"] == "chan@example.com"
    lead.refresh_from_db()
    assert (lead.status, lead.webhook_state) == ("delivered", "delivered")
    assert WebhookAttempt.objects.get(lead=lead).status_code == 200


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
    got = [delivery.deliver_webhook(lead.pk) for _ in outcomes]
    assert got == outcomes
    lead.refresh_from_db()
    assert lead.webhook_state == state
    assert list(lead.attempts.values_list("status_code", flat=True)) == codes
    retries = DBTaskResult.objects.filter(task_path="crossborder.tasks.deliver_lead", run_after__isnull=False)
    assert retries.count() == 1 + outcomes.count("retry")


def test_backoff_is_exponential_and_capped(settings) -> None:  # type: ignore[no-untyped-def]
    settings.WEBHOOK_BACKOFF_SECONDS, settings.WEBHOOK_BACKOFF_MAX_SECONDS = 30, 600
    assert [webhooks.backoff_seconds(n) for n in range(1, 7)] == [30, 60, 120, 240, 480, 600]


def test_dead_letter_is_resent_from_admin_with_the_same_delivery_id(
    lead: Lead, receiver: Receiver, client: Client
) -> None:
    from django.contrib.auth.models import User

    receiver.respond = lambda n: 400 if n == 1 else 200
    assert delivery.deliver_webhook(lead.pk) == "dead"
    admin = User.objects.create_superuser("ops", "ops@example.com", "pw-for-tests-only")
    client.force_login(admin)
    client.post("/en/admin/crossborder/lead/", {"action": "resend_webhook", "_selected_action": [lead.pk]})
    assert delivery.deliver_webhook(lead.pk) == "delivered"
    assert {r["delivery"] for r in receiver.requests} == {str(lead.delivery_id)}
    assert len(receiver.applied) == 1
    page = client.get(f"/en/admin/crossborder/enquiry/{lead.enquiry.pk}/change/").content.decode()
    assert "sent to" in page and "because" in page and "lead.webhook_resend" in page


def test_timeouts_are_retried(lead: Lead, receiver: Receiver, settings) -> None:  # type: ignore[no-untyped-def]
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    receiver.delay = 1.0
    assert delivery.deliver_webhook(lead.pk) == "retry"
    assert "Timeout" in lead.attempts.get().error


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
    assert delivery.deliver_webhook(lead.pk) == "dead"
    assert "refused URL" in lead.attempts.get().error


def test_email_notice_goes_through_djangos_backend(lead: Lead) -> None:
    jobs = DBTaskResult.objects.filter(task_path="crossborder.tasks.email_lead")
    assert lead.pk in [j.args_kwargs["args"][0] for j in jobs]
    delivery.email_notice(lead.pk)
    assert mail.outbox[-1].to == ["uw@kwun-tong.example"]
    assert lead.enquiry.reference in mail.outbox[-1].subject
    assert "chan@example.com" not in mail.outbox[-1].body  # contact details stay behind the login
    assert json.dumps(lead.payload)  # the payload is JSON as sent


def test_withdrawal_tells_the_insurer_that_received_the_lead_without_personal_data(
    lead: Lead, receiver: Receiver, client: Client
) -> None:
    assert delivery.deliver_webhook(lead.pk) == "delivered"
    receiver.respond = lambda n: 503 if n == 2 else 200  # the withdrawal's first attempt fails
    page = client.post(f"/en/enquiries/status/{lead.enquiry.access_token}/withdraw/").content.decode()
    assert "told to erase their copy" in page
    assert not Lead.objects.exists()
    event = WebhookEvent.objects.get()  # only the insurer the lead reached: the other had no webhook
    assert (event.event, event.insurer.slug, event.state) == (
        "lead.withdrawn",
        "kwun-tong-general",
        "pending",
    )
    jobs = DBTaskResult.objects.filter(task_path="crossborder.tasks.deliver_event")
    assert [j.args_kwargs["args"] for j in jobs] == [[event.pk]], "enqueued with the erasure"
    assert delivery.deliver_event(event.pk) == "retry"
    assert delivery.deliver_event(event.pk) == "delivered"
    assert delivery.deliver_event(event.pk) == "skipped"  # never twice
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
    delivery.email_withdrawn(*job.args_kwargs["args"])
    assert mail.outbox[-1].to == ["uw@kwun-tong.example"]
    assert lead.enquiry.reference in mail.outbox[-1].subject and "chan@" not in mail.outbox[-1].body
    delivery.email_notice(lead.pk)  # a new-lead notice still queued for the erased lead: nothing sent
    assert [m.to for m in mail.outbox] == [["chan@example.com"], ["uw@kwun-tong.example"]]  # + on sending
    # Admin shows the event with its attempts.
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("ops", "ops@example.com", "pw-for-tests-only"))
    page = client.get(f"/en/admin/crossborder/webhookevent/{event.pk}/change/").content.decode()
    assert lead.enquiry.reference in page and "503" in page


def test_no_withdrawal_event_for_a_lead_never_sent_and_one_per_lead(lead: Lead, receiver: Receiver) -> None:
    from crossborder.services import enquiry_withdraw_and_erase

    InsurerAppetite.objects.filter(insurer=lead.insurer).update(notify_email="")  # webhook only
    # Pending, never attempted: no webhook event, but the withdrawal feed (API, dashboard) tells it.
    assert lead.insurer.slug in enquiry_withdraw_and_erase(lead.enquiry)[1]
    assert not WebhookEvent.objects.exists() and receiver.requests == []
    assert delivery.deliver_webhook(lead.pk) == "skipped"  # its delivery job finds nothing to send
    # A lead in flight (a worker holds the lease) is told, after the lease ends.
    other = Client().post("/en/enquiries/new/export_credit/", {**EXPORT, "email": "ho@example.com"})
    assert other.status_code == 302
    in_flight = Lead.objects.get(insurer__slug="kwun-tong-general")
    assert delivery._claim(in_flight.pk)
    in_flight.refresh_from_db()
    reference, told = enquiry_withdraw_and_erase(in_flight.enquiry)
    assert "kwun-tong-general" in told
    job = DBTaskResult.objects.filter(task_path="crossborder.tasks.deliver_event").get()
    assert job.run_after is not None and job.run_after > timezone.now()
    assert delivery.queue_withdrawn(in_flight, reference) is True  # again: still one event
    assert WebhookEvent.objects.count() == 1
