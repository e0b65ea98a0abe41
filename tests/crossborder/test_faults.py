"""Fault and load tests with real processes on loopback: db_worker processes, the scheduler, the
portal's web server, and an insurer endpoint that goes down, comes back, or is slow while a worker
is killed or the whole installation is killed and restarted. Exactly once, as the insurer sees it:
every lead applied once (the receiver applies each event id once, as the protocol asks)."""

from __future__ import annotations

import asyncio
import signal
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import free_port
from tests.crossborder.receiver import Receiver
from tests.crossborder.world import World, database_url

pytestmark = pytest.mark.slow
SECRET = "whsec-fault-tests"
HOOKED = ["kwun-tong-general", "sham-shui-po-general"]  # the two HK export-credit insurers


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    w = World(tmp_path_factory.mktemp("world"), database_url())
    yield w
    w.close()


@pytest.fixture
def world(installation: World) -> Iterator[World]:
    yield installation
    installation.reset()


def hook(world: World, tmp_path: Path, port: int, slugs: list[str] = HOOKED) -> None:
    url = f"http://127.0.0.1:{port}/hook"
    world.load_appetite(
        [
            {
                "insurer": s,
                "webhook_url": url if s in slugs else "",
                "webhook_secret": SECRET if s in slugs else "",
            }
            for s in HOOKED
        ],
        tmp_path / "appetite.json",
    )


SUBMIT = """
from crossborder.services import enquiry_submit
for i in range({n}):
    enquiry_submit(product_line="export_credit", applicant_jurisdiction="HK", contact_name="Fault {{}}".format(i),
        email="fault{{}}@example.com".format(i), details={{"annual_turnover_hkd": 5000000}},
        consents=["process", "share"])
out = 0
"""


def state_of(world: World) -> dict[str, Any]:
    leads = world.sql("SELECT event_id, state FROM crossborder_eventdelivery WHERE event = 'lead.created'")
    failed = world.sql(
        "SELECT COUNT(*) FROM crossborder_eventdeliveryattempt WHERE status_code IS NULL OR status_code <> 200"
    )
    return {"leads": {str(uuid.UUID(str(d))): s for d, s in leads}, "failed_attempts": failed[0][0]}


def wait_until(world: World, done: Any, timeout: float) -> dict[str, Any]:
    # Timeouts are generous: they bound a hang, and a loaded CI machine starts workers slowly.
    deadline = time.monotonic() + timeout
    while True:
        state = state_of(world)
        if done(state) or time.monotonic() > deadline:
            return state
        time.sleep(0.2)


def test_endpoint_down_then_up_every_lead_delivered_exactly_once(world: World, tmp_path: Path) -> None:
    port = free_port()  # nothing listens here yet: the insurer is down
    hook(world, tmp_path, port)
    world.query(SUBMIT.format(n=10))
    world.worker()
    world.worker()
    state = wait_until(world, lambda s: s["failed_attempts"] >= 20, 120)
    assert state["failed_attempts"] >= 20, "every lead was tried while the endpoint was down"
    receiver = Receiver(SECRET, port=port)  # the insurer comes back
    try:
        state = wait_until(world, lambda s: set(s["leads"].values()) == {"delivered"}, 120)
        assert len(state["leads"]) == 20 and set(state["leads"].values()) == {"delivered"}
        time.sleep(1.0)  # nothing else may arrive afterwards
        sent = Counter(r["delivery"] for r in receiver.requests)
        assert set(sent) == set(state["leads"]) and set(sent.values()) == {1}, "each lead exactly once"
        assert all(r["verified"] for r in receiver.requests)
    finally:
        receiver.close()


def test_killed_and_restarted_installation_loses_nothing_and_sends_nothing_twice(
    world: World, tmp_path: Path
) -> None:
    receiver = Receiver(SECRET)
    try:
        hook(world, tmp_path, receiver.port)
        world.query(SUBMIT.format(n=5))  # 10 webhook leads
        receiver.respond = lambda n: 503 if n <= 4 else 200  # the insurer stumbles first
        receiver.delay = 1.5  # and is slow: the kill comes with requests in flight
        world.worker()
        world.worker()
        world.scheduler()
        deadline = time.monotonic() + 120  # workers start slowly on a loaded machine
        while len(receiver.requests) < 6 and time.monotonic() < deadline:
            time.sleep(0.05)
        world.kill()  # every process, mid-request, with retries queued and leases held
        assert len(receiver.requests) < 10 + 4, "killed part-way"
        leased = world.sql("SELECT COUNT(*) FROM crossborder_eventdelivery WHERE lease_until IS NOT NULL")
        assert leased[0][0] >= 1, "a worker died mid-request: only the scheduler's sweep can resume that lead"
        receiver.delay = 0.0
        world.worker()  # the restart
        world.worker()
        scheduler = world.scheduler()
        state = wait_until(world, lambda s: set(s["leads"].values()) == {"delivered"}, 90)
        assert len(state["leads"]) == 10 and set(state["leads"].values()) == {"delivered"}
        time.sleep(1.0)  # nothing else may arrive afterwards
        assert set(receiver.applied) == set(state["leads"]), "every lead applied, each once"
        sent = Counter(r["delivery"] for r in receiver.requests)
        resent = sum(n - 1 for n in sent.values())
        # A lead is re-sent only after a failure or a kill: 4 refusals and at most 2 in flight.
        assert resent <= 4 + 2 and all(r["verified"] for r in receiver.requests)
        heartbeat = world.sql("SELECT runs, last_error FROM crossborder_scheduledjob WHERE name = 'sweep'")
        assert heartbeat[0][0] >= 1 and heartbeat[0][1] == ""
        scheduler.send_signal(signal.SIGTERM)
        assert scheduler.wait(timeout=15) == 0, "the scheduler stops cleanly when told to"
    finally:
        receiver.close()


def test_withdrawal_reaches_the_insurer_once_through_the_worker_with_retries(
    world: World, tmp_path: Path
) -> None:
    receiver = Receiver(SECRET)
    try:
        hook(world, tmp_path, receiver.port, slugs=["kwun-tong-general"])
        world.worker()  # starts while the enquiry is submitted
        world.query(SUBMIT.format(n=1))
        state = wait_until(world, lambda s: set(s["leads"].values()) == {"delivered"}, 120)
        (lead_id,) = state["leads"]
        receiver.respond = lambda n: 503 if n == 2 else 200  # the insurer fails once, then is back
        told = world.query(
            "from crossborder.models import Enquiry\n"
            "from crossborder.services import enquiry_withdraw_and_erase\n"
            "out = enquiry_withdraw_and_erase(Enquiry.objects.get())[1]"
        )
        assert "kwun-tong-general" in told  # (every insurer of the lead is told: the withdrawal feed)
        deadline = time.monotonic() + 30
        while len(receiver.applied) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # nothing else may arrive afterwards
        withdrawn = [b for b in receiver.applied.values() if b["event"] == "lead.withdrawn"]
        assert len(withdrawn) == 1 and withdrawn[0]["lead"]["delivery_id"] == lead_id
        (event_id,) = {r["delivery"] for r in receiver.requests[1:]}
        assert [r["delivery"] for r in receiver.requests[1:]] == [event_id, event_id], "retried, same key"
        assert world.sql("SELECT state FROM crossborder_eventdelivery WHERE event = 'lead.withdrawn'") == [
            ("delivered",)
        ]
        assert world.sql("SELECT COUNT(*) FROM crossborder_lead") == [(0,)]
    finally:
        receiver.close()


async def _submit_concurrently(url: str, n: int, concurrency: int) -> list[int]:
    # A client must drop an idle connection before the server does (WEB_KEEP_ALIVE_SECONDS, 5 s):
    # at equal timeouts a POST sent as the server closes the connection is reset in flight, and
    # httpx rightly does not resend a POST.
    limits = httpx.Limits(max_connections=concurrency, keepalive_expiry=1.0)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=120) as client:

        async def one(i: int) -> int:
            body = {
                "product_line": "export_credit",
                "applicant_jurisdiction": "HK",
                "contact_name": f"Load {i}",
                "email": f"load{i}@example.com",
                "details": {"annual_turnover_hkd": 5_000_000},
                "consents": ["process", "share"],
            }
            return (await client.post("/api/enquiries/", json=body)).status_code

        return await asyncio.gather(*(one(i) for i in range(n)))


@pytest.mark.services
def test_concurrent_enquiries_none_lost_none_delivered_twice(world: World, tmp_path: Path) -> None:
    # 1,000 on PostgreSQL (the production database); fewer on the embedded SQLite, one writer at a time.
    n = 1000 if world.database else 100
    receiver = Receiver(SECRET)
    try:
        hook(world, tmp_path, receiver.port, slugs=["kwun-tong-general"])  # one webhook lead per enquiry
        url = world.web()
        for _ in range(3):
            world.worker()
        started = time.monotonic()
        codes = asyncio.run(_submit_concurrently(url, n, concurrency=50))
        print(f"{n} enquiries accepted in {time.monotonic() - started:.1f}s")
        assert Counter(codes) == {201: n}
        state = wait_until(world, lambda s: set(s["leads"].values()) == {"delivered"}, 400)
        counts = [
            world.sql("SELECT COUNT(*) FROM crossborder_enquiry")[0][0],
            world.sql("SELECT COUNT(*) FROM crossborder_lead")[0][0],
            world.sql(
                "SELECT COUNT(*) FROM crossborder_enquiry e WHERE NOT EXISTS "
                "(SELECT 1 FROM crossborder_lead l WHERE l.enquiry_id = e.id)"
            )[0][0],
        ]
        assert counts == [n, 2 * n, 0], "every enquiry stored, each with its two leads"
        print(f"all {n} webhook leads delivered {time.monotonic() - started:.1f}s after the first submit")
        assert len(state["leads"]) == n and set(state["leads"].values()) == {"delivered"}
        sent = Counter(r["delivery"] for r in receiver.requests)
        assert set(sent) == set(state["leads"]) and set(sent.values()) == {1}, (
            "every lead delivered, none twice"
        )
    finally:
        receiver.close()
