"""Migration 0014 moves both old outboxes (a lead's webhook fields with its attempts, and
`WebhookEvent` with its attempts) into the one outbox, keeping every id an insurer knows."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from crossborder.models import EventDelivery

# The whole schema of that time: the models the test writes (an insurer) as they were then too.
BEFORE = [("crossborder", "0012_withdrawal_feed_and_conversation"), ("portal", "0003_keyfact_long_values")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_schema() -> Iterator[Any]:
    apps = _migrate(BEFORE)
    yield apps
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # the others' tests need the latest


@pytest.mark.django_db(transaction=True)
def test_old_rows_of_both_outboxes_move_into_the_one(old_schema: Any) -> None:
    model = old_schema.get_model
    insurer = model("portal", "Insurer").objects.create(slug="mig-insurer", name_en="Mig Insurer")
    enquiry = model("crossborder", "Enquiry").objects.create(
        product_line="export_credit", applicant_jurisdiction="HK", contact_name="Mig", email="m@example.com"
    )
    Lead, Attempt = model("crossborder", "Lead"), model("crossborder", "WebhookAttempt")
    lease = timezone.now() + timedelta(seconds=30)

    def lead(state: str, **fields: Any) -> Any:
        other = model("portal", "Insurer").objects.create(slug=f"mig-{state}-{uuid.uuid4().hex[:6]}")
        return Lead.objects.create(
            enquiry=enquiry, insurer=other, webhook_state=state, payload={"reference": "R"}, **fields
        )

    delivered = Lead.objects.create(
        enquiry=enquiry, insurer=insurer, webhook_state="delivered", payload={"contact": {"name": "Mig"}}
    )
    for number, code in ((1, 503), (2, 200)):
        Attempt.objects.create(lead=delivered, number=number, status_code=code)
    in_flight = lead("pending", webhook_lease_until=lease)
    lead("none")  # no webhook: nothing to move
    expired = lead("none")  # its webhook stopped when the lead expired: the history is kept
    Attempt.objects.create(lead=expired, number=1, error="ConnectError")
    withdrawn = model("crossborder", "WebhookEvent").objects.create(
        insurer=insurer,
        event="lead.withdrawn",
        lead_delivery_id=uuid.uuid4(),
        reference="GBA-MIGRATED",
        data={"reference": "GBA-MIGRATED"},
        state="pending",
        next_at=lease,
    )
    model("crossborder", "WebhookEventAttempt").objects.create(event=withdrawn, number=1, status_code=502)

    _migrate([("crossborder", "0015_drop_old_outboxes")])

    rows = {row.event_id: row for row in EventDelivery.objects.all()}
    assert len(rows) == 4
    moved = rows[delivered.delivery_id]  # the id the insurer already holds is the event id
    assert (moved.event, moved.state, moved.lead_id, moved.reference, moved.run_attempts) == (
        "lead.created",
        "delivered",
        delivered.pk,
        enquiry.reference,
        2,
    )
    assert moved.payload == {"contact": {"name": "Mig"}} and moved.attempted_at is not None
    assert list(moved.attempts.values_list("number", "status_code")) == [(1, 503), (2, 200)]
    flying = rows[in_flight.delivery_id]
    assert (flying.state, flying.lease_until, flying.attempted_at) == ("pending", lease, lease)
    assert rows[expired.delivery_id].state == "cancelled"
    event = rows[withdrawn.event_id]
    assert (event.event, event.lead_id, event.lead_delivery_id, event.state, event.next_at) == (
        "lead.withdrawn",
        None,
        withdrawn.lead_delivery_id,
        "pending",
        lease,
    )
    assert list(event.attempts.values_list("status_code", flat=True)) == [502]
