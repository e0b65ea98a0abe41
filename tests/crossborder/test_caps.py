"""Daily caps under real concurrency: threads with their own database connections submit at once."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.utils import timezone

from crossborder.models import Enquiry, InsurerAppetite, Lead
from crossborder.services import enquiry_submit

CAPPED = "kwun-tong-general"


def _submit_together(n: int) -> list[BaseException]:
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def one(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            for _ in range(500):
                try:
                    enquiry_submit(
                        product_line="export_credit",
                        applicant_jurisdiction="HK",
                        contact_name=f"Race {i}",
                        email=f"race{i}@example.com",
                        details={"annual_turnover_hkd": 5_000_000},
                        consents=["process", "share"],
                    )
                    return
                except OperationalError as exc:
                    # The embedded run's test database is SQLite in memory with a shared cache, whose
                    # table locks do not wait like the file database's busy timeout: wait here instead.
                    if connection.vendor != "sqlite" or "locked" not in str(exc):
                        raise
                    time.sleep(0.01)
        except BaseException as exc:  # reported to the test thread
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return errors


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_concurrent_enquiries_cannot_both_take_the_last_slot(appetite: None) -> None:
    InsurerAppetite.objects.filter(insurer__slug=CAPPED).update(daily_cap=2)
    n = 10
    assert _submit_together(n) == []
    assert Enquiry.objects.count() == n
    assert Lead.objects.filter(insurer__slug=CAPPED).count() == 2, "the cap holds under concurrency"
    capped_out = [
        e
        for e in Enquiry.objects.all()
        if any(d["insurer"] == CAPPED and "daily cap of 2 reached" in d["reason"] for d in e.routing_log)
    ]
    assert len(capped_out) == n - 2
    # The other HK export-credit insurer has no cap: every enquiry still reached it.
    assert Lead.objects.filter(insurer__slug="sham-shui-po-general").count() == n


def _submit(i: int) -> Enquiry:
    return enquiry_submit(
        product_line="export_credit",
        applicant_jurisdiction="HK",
        contact_name=f"Day {i}",
        email=f"day{i}@example.com",
        details={"annual_turnover_hkd": 5_000_000},
        consents=["process", "share"],
    )


@pytest.mark.django_db
def test_daily_caps_count_from_midnight_in_hong_kong(appetite: None) -> None:
    InsurerAppetite.objects.filter(insurer__slug=CAPPED).update(daily_cap=1)
    hk_midnight = timezone.localtime(timezone.now(), ZoneInfo("Asia/Hong_Kong")).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    _submit(1)
    first = Lead.objects.get(insurer__slug=CAPPED)
    # A lead from the last second of yesterday in Hong Kong (16:00 UTC) leaves today's slot free.
    Lead.objects.filter(pk=first.pk).update(created_at=hk_midnight - timedelta(seconds=1))
    _submit(2)
    assert Lead.objects.filter(insurer__slug=CAPPED).count() == 2
    # Today's lead fills it, even though UTC's day may not have begun when it came in.
    Lead.objects.filter(pk=first.pk).update(created_at=hk_midnight)
    Lead.objects.exclude(pk=first.pk).filter(insurer__slug=CAPPED).update(
        created_at=hk_midnight - timedelta(seconds=1)
    )
    _submit(3)
    assert Lead.objects.filter(insurer__slug=CAPPED).count() == 2, "today's one lead fills the cap of 1"


@pytest.mark.django_db(transaction=True)
def test_a_failing_lead_rate_check_after_commit_loses_nothing_and_sends_nothing_twice(
    appetite: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check runs once the enquiry is committed: its failure (SQLite "database is locked" under
    # concurrent submits) had reached the caller, whose retry then saved the enquiry a second time.
    from crossborder import alerts

    def locked() -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(alerts, "check_lead_rate", locked)
    enquiry = _submit(1)
    assert Enquiry.objects.filter(pk=enquiry.pk).exists()
    assert Enquiry.objects.count() == 1
