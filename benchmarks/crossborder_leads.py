"""Enquiries accepted per second with 1, 2 and 4 web processes, and submit → webhook latency.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/2 \
        .venv/bin/python benchmarks/crossborder_leads.py [N] [--workers 1,2,4]

Builds a throw-away installation (a fresh PostgreSQL database, dropped afterwards; SQLite if
DATABASE_URL is unset), serves it with `manage.py serve --no-worker --web-workers W` (uvicorn,
W processes on one socket; more than one needs REDIS_URL, as in production), and an insurer
endpoint on loopback that verifies every signature. Throttles are off (every client is
127.0.0.1); validation, routing, consents, audit rows and the outbox rows are all done.

1. Throughput, for each W: N enquiries (default 600) POSTed to /api/enquiries/ by 50 concurrent
   clients, the tables emptied before each W so every run routes alike.
2. Latency (with the largest W and three `db_worker`s): 50 e-commerce enquiries from Shenzhen,
   one at a time, each routed to three insurers with webhooks; time from the start of the POST to
   the endpoint receiving each lead.

The load average before each run is printed: on a shared machine the figures move with it.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("PORTAL_DATA_DIR", tempfile.mkdtemp(prefix="bench-crossborder-"))
SECRET = "whsec-bench"
THREE = ["sham-shui-po-general", "yantian-port-insurance", "shekou-harbour-insurance"]


def export_body(i: int) -> dict[str, object]:
    return {
        "product_line": "export_credit",
        "applicant_jurisdiction": "HK",
        "contact_name": f"Bench {i}",
        "email": f"bench{i}@example.com",
        "details": {"annual_turnover_hkd": 5_000_000},
        "consents": ["process", "share"],
    }


def ecommerce_body(i: int) -> dict[str, object]:
    return {
        "product_line": "ecommerce",
        "applicant_jurisdiction": "Shenzhen",
        "contact_name": f"Seller {i}",
        "email": f"seller{i}@example.com",
        "details": {
            "seller_jurisdiction": "mainland",
            "platforms": ["Shopee"],
            "markets": ["SG", "MY"],
            "annual_turnover_hkd": 8_000_000,
        },
        "consents": ["process", "share", "cross_boundary"],
    }


def cpu_seconds(root: int) -> dict[str, float]:
    """CPU time (user + system) so far of `root`'s process tree (the web server) and of PostgreSQL's
    processes on this machine (every database's: other load counts too)."""
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    postgres: set[int] = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid], ticks[pid] = int(fields[1]), int(fields[11]) + int(fields[12])
        if command.startswith(b"postgres"):
            postgres.add(pid)
    tree, frontier = {root}, [root]
    while frontier:
        frontier = [p for p, parent in parents.items() if parent in frontier and p not in tree]
        tree.update(frontier)
    hz = os.sysconf("SC_CLK_TCK")
    return {
        "web": sum(ticks[p] for p in tree if p in ticks) / hz,
        "postgres": sum(ticks[p] for p in postgres) / hz,
        "client": sum(os.times()[:2]),
    }


async def throughput(url: str, n: int, *, offset: int = 0) -> float:
    async with httpx.AsyncClient(
        # keepalive_expiry below the server's keep-alive: see tests/crossborder/test_faults.py
        base_url=url,
        limits=httpx.Limits(max_connections=50, keepalive_expiry=1.0),
        timeout=120,
    ) as client:
        started = time.monotonic()
        codes = await asyncio.gather(
            *(client.post("/api/enquiries/", json=export_body(offset + i)) for i in range(n))
        )
        elapsed = time.monotonic() - started
    assert all(r.status_code == 201 for r in codes), {r.status_code for r in codes}
    return n / elapsed


async def latency(url: str, n: int, receiver: object) -> list[float]:
    submitted: dict[str, float] = {}
    gate = asyncio.Semaphore(1)  # one applicant at a time: latency, not queueing under overload
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:

        async def one(i: int) -> None:
            async with gate:
                t0 = time.monotonic()
                r = await client.post("/api/enquiries/", json=ecommerce_body(i))
                assert r.status_code == 201 and len(r.json()["insurers"]) == 3, r.json()
                submitted[r.json()["reference"]] = t0

        await asyncio.gather(*(one(i) for i in range(n)))
    deadline = time.monotonic() + 120
    while len(receiver.applied) < 3 * n and time.monotonic() < deadline:  # type: ignore[attr-defined]
        await asyncio.sleep(0.1)
    return [
        receiver.received_at[d] - submitted[body["lead"]["reference"]]  # type: ignore[attr-defined]
        for d, body in receiver.applied.items()  # type: ignore[attr-defined]
        if body["lead"]["reference"] in submitted
    ]


def main() -> None:
    import argparse

    import django

    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=600)
    parser.add_argument("--workers", default="1,2,4", help="web process counts to measure")
    args = parser.parse_args()
    counts = [int(w) for w in args.workers.split(",")]
    if not os.environ.get("REDIS_URL") and max(counts) > 1:
        raise SystemExit("several web processes need REDIS_URL (their shared cache), as in production")

    django.setup()
    from tests.crossborder.receiver import Receiver
    from tests.crossborder.world import World, database_url

    n = args.n
    world = World(Path(os.environ["PORTAL_DATA_DIR"]) / "world", database_url())
    # As behind the production proxy (compose): at uvicorn's default 5 s, a kept-alive connection
    # the 50 clients reused now and then failed with a read error on this loaded machine.
    world.env.setdefault("WEB_KEEP_ALIVE_SECONDS", "130")
    receiver = Receiver(SECRET)
    try:
        hook = receiver.url()
        rows: list[dict[str, object]] = [
            {"insurer": s, "webhook_url": hook, "webhook_secret": SECRET} for s in THREE
        ]
        rows.append({"insurer": "tai-po-mutual", "active": False})  # exactly three insurers match
        world.load_appetite(rows, Path(os.environ["PORTAL_DATA_DIR"]) / "appetite.json")
        database = "PostgreSQL" if world.database else "SQLite"
        url = ""
        for workers in counts:
            world.reset()  # stops the previous web server; every run starts from empty tables
            url = world.web(workers)
            asyncio.run(throughput(url, 20, offset=10**6 * workers))  # warm every process
            load = os.getloadavg()[0]
            before = cpu_seconds(world.processes[-1].pid)
            rate = asyncio.run(throughput(url, n, offset=10**7 * workers))
            after = cpu_seconds(world.processes[-1].pid)
            cpu = ", ".join(f"{k} {(after[k] - before[k]) / n * 1000:.1f}" for k in after)
            print(
                f"throughput: {n} enquiries from 50 clients, {workers} web process(es), {database}: "
                f"{rate:.1f}/s  (load average {load:.1f} on {os.cpu_count()} CPUs before the run; "
                f"CPU ms per enquiry: {cpu})",
                flush=True,
            )
        for _ in range(3):
            world.worker()
        while world.sql("SELECT COUNT(*) FROM crossborder_eventdelivery WHERE state = 'pending'")[0][0]:
            time.sleep(0.5)  # the throughput run's deliveries drain first
        receiver.applied.clear()
        receiver.received_at.clear()
        samples = sorted(asyncio.run(latency(url, 50, receiver)))
        p50 = statistics.median(samples)
        p95 = samples[int(0.95 * (len(samples) - 1))]
        print(
            f"latency submit→webhook, 3 insurers, {len(samples)} leads: p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms"
        )
    finally:
        receiver.close()
        world.close()


if __name__ == "__main__":
    main()
