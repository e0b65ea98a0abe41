"""Chat benchmarks over real WebSockets against the portal under uvicorn (see README "Chat").

    .venv/bin/python benchmarks/chat_ws.py latency      # time to first delta / final frame, p50/p95
    .venv/bin/python benchmarks/chat_ws.py concurrency  # N connected sessions, sustained questions/s
    ... [--web-workers N]  # N web processes (`manage.py serve`; N > 1 needs REDIS_URL)

The server is `manage.py serve --no-worker` (uvicorn; without CHROMA_URL, with its local Chroma
server) in a subprocess with the settings of the environment (set REDIS_URL for the Redis channel
layer and cache); the demo catalogue and corpus are loaded into PORTAL_DATA_DIR first. Memory per
connection is the RSS growth of the server's processes, together, divided by the connections opened.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

import websockets
from websockets.typing import Origin

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "What is the waiting period for illness?",
    "How much is the annual premium for a 45-year-old?",
    "What does the policy exclude?",
    "How do I make a claim?",
    "保單的等候期是多久？",
    "这个计划的保障限额是多少？",
    "Can you guarantee my claim will be paid?",
    "I'd like a quote for export credit insurance, HK$10 million turnover, 60-day open account.",
]


DEMO_QUESTIONS = ROOT / "knowledge" / "demo_corpus" / "questions.jsonl"


def demo_questions() -> list[str]:
    """The demo set's questions: varied products, languages and kinds, so caches are not all warm."""
    lines = DEMO_QUESTIONS.read_text(encoding="utf-8").splitlines()
    return [str(json.loads(line)["question"]) for line in lines if line.strip()]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def process_tree(pid: int) -> set[int]:
    """`pid` and every process under it (the web processes are the server's grandchildren, the answer
    workers its great-grandchildren)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, frontier = {pid}, [pid]
    while frontier:
        children = [p for p, parent in parents.items() if parent in frontier and p not in tree]
        tree.update(children)
        frontier = children
    return tree


# What each of the server's processes is, by its command line.
ROLES = {"uvicorn": "web", "spawn_main": "answer workers", "chromadb": "chroma"}


def cpu_seconds(pid: int) -> dict[str, float]:
    """CPU time (user and system) of `pid` and every process under it, by role: the server's own
    cost, whatever else the shared machine runs."""
    totals: dict[str, float] = {}
    for member in process_tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
            command = Path(f"/proc/{member}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        role = next((r for word, r in ROLES.items() if word in command), "serve")
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        totals[role] = totals.get(role, 0.0) + ticks / os.sysconf("SC_CLK_TCK")
    return totals


def rss_kib(pid: int) -> int:
    """RSS of `pid` and every process under it."""
    total = 0
    for member in process_tree(pid):
        try:
            status = Path(f"/proc/{member}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
    return total


def start_server(port: int, web_workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "CHAT_RATE_PER_IP": "0",
        "CHAT_RATE_PER_CONNECTION": "0",
        "CHAT_MAX_CONNECTIONS_PER_IP": "0",
    }  # every simulated client is 127.0.0.1
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [sys.executable, "manage.py", "load_demo", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "serve",
            "--no-worker",
            "--port",
            str(port),
            "--web-workers",
            str(web_workers),
        ],
        cwd=ROOT,
        env={**env, "LOG_LEVEL": "WARNING"},
        start_new_session=True,  # stopped with its children
    )
    deadline = time.time() + 120
    while time.time() < deadline:
        try:
            # Several at once, so that every web process (the kernel spreads the connections) has
            # loaded its embedder and snapshot before anything is timed.
            asyncio.run(asyncio.wait_for(_warm(port, 4 * web_workers), 300))
            return process
        except Exception:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("server did not start")


async def _warm(port: int, connections: int) -> None:
    await asyncio.gather(*(_ping(port) for _ in range(connections)))


async def _ping(port: int) -> None:
    async with websockets.connect(
        f"ws://127.0.0.1:{port}/ws/chat/", origin=Origin(f"http://127.0.0.1:{port}")
    ) as ws:
        await ws.send(json.dumps({"type": "message", "text": QUESTIONS[0]}))
        while json.loads(await ws.recv())["type"] != "answer":
            pass


async def ask(ws: websockets.ClientConnection, text: str) -> tuple[float, float]:
    start = time.perf_counter()
    first = 0.0
    await ws.send(json.dumps({"type": "message", "text": text}))
    while True:
        frame = json.loads(await ws.recv())
        if not first:
            first = time.perf_counter() - start
        if frame["type"] in {"answer", "error"}:
            return first, time.perf_counter() - start


async def latency(port: int, rounds: int, questions: list[str]) -> dict[str, float]:
    firsts, finals = [], []
    async with websockets.connect(
        f"ws://127.0.0.1:{port}/ws/chat/", origin=Origin(f"http://127.0.0.1:{port}")
    ) as ws:
        for i in range(rounds):
            first, final = await ask(ws, questions[i % len(questions)])
            firsts.append(first)
            finals.append(final)
    return {
        "questions": rounds,
        "first_delta_p50_ms": round(1000 * statistics.median(firsts), 1),
        "first_delta_p95_ms": round(1000 * pct(firsts, 95), 1),
        "final_p50_ms": round(1000 * statistics.median(finals), 1),
        "final_p95_ms": round(1000 * pct(finals, 95), 1),
    }


async def concurrency(
    port: int, pid: int, connections: int, rate: float, seconds: float, questions: list[str]
) -> dict[str, object]:
    before = rss_kib(pid)
    url = f"ws://127.0.0.1:{port}/ws/chat/"
    sockets = []
    for start in range(0, connections, 50):
        batch = [
            websockets.connect(url, origin=Origin(f"http://127.0.0.1:{port}"), open_timeout=60)
            for _ in range(start, min(connections, start + 50))
        ]
        sockets += await asyncio.gather(*batch)
    await asyncio.sleep(2)
    after = rss_kib(pid)
    finals: list[float] = []
    errors = 0

    async def one(ws: websockets.ClientConnection, text: str) -> None:
        nonlocal errors
        try:
            finals.append((await asyncio.wait_for(ask(ws, text), 30))[1])
        except Exception:
            errors += 1

    tasks = []
    began = time.perf_counter()
    client_cpu = time.process_time()
    server_cpu = cpu_seconds(pid)
    sent = 0
    # Each question at its own moment (began + n / rate), not a fixed sleep after the last: the
    # sleeps' overshoot added up, so 50/s offered sent about 47.7/s.
    while (due := began + sent / rate) < began + seconds:
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        ws = sockets[sent % len(sockets)]
        tasks.append(asyncio.create_task(one(ws, questions[sent % len(questions)])))
        sent += 1
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - began
    # The client shares the machine's cores with the server: its own CPU, per question asked.
    client_ms = 1000 * (time.process_time() - client_cpu) / max(sent, 1)
    server_ms = {
        role: round(1000 * (seconds - server_cpu.get(role, 0.0)) / max(len(finals), 1), 2)
        for role, seconds in cpu_seconds(pid).items()
    }
    still_open = sum(1 for ws in sockets if ws.state.name == "OPEN")
    for ws in sockets:
        await ws.close()
    return {
        "connections": connections,
        "still_open_after_load": still_open,
        "rss_growth_kib_per_connection": round((after - before) / connections, 1),
        "offered_questions_per_s": rate,
        "sent": sent,
        "answered": len(finals),
        "errors": errors,
        "achieved_questions_per_s": round(len(finals) / elapsed, 2),
        "final_p50_ms": round(1000 * statistics.median(finals), 1) if finals else -1,
        "final_p95_ms": round(1000 * pct(finals, 95), 1) if finals else -1,
        "client_cpu_ms_per_question": round(client_ms, 2),
        # The server's processes (web, answer workers, Chroma server), per question answered.
        "server_cpu_ms_per_question": round(sum(server_ms.values()), 2),
        "server_cpu_ms_per_question_by_role": server_ms,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["latency", "concurrency"])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--connections", type=int, default=500)
    parser.add_argument("--rate", type=float, default=10.0, help="questions per second offered")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--web-workers", type=int, default=1, help="web processes (more than 1 needs REDIS_URL)"
    )
    parser.add_argument(
        "--questions",
        choices=["fixed", "demo"],
        default="fixed",
        help="the 8 fixed questions, or the demo set's questions (varied, colder caches)",
    )
    args = parser.parse_args()
    questions = demo_questions() if args.questions == "demo" else QUESTIONS
    load = os.getloadavg()[0]
    server = start_server(args.port, args.web_workers)
    try:
        if args.mode == "latency":
            result: Mapping[str, object] = asyncio.run(latency(args.port, args.rounds, questions))
        else:
            result = asyncio.run(
                concurrency(args.port, server.pid, args.connections, args.rate, args.seconds, questions)
            )
        header = {
            "mode": args.mode,
            "redis": bool(os.environ.get("REDIS_URL")),
            "web_workers": args.web_workers,
            "load_average_before": round(load, 1),
            "questions_set": args.questions,
        }
        print(json.dumps({**header, **result}, indent=2))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
