"""A separate portal installation for fault, load and benchmark runs: its own database
(SQLite file, or a fresh PostgreSQL database when the run uses PostgreSQL), real worker,
scheduler and web-server processes, and `manage.py shell` to look inside."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

from tests.conftest import ROOT, free_port, wait_for_port

FAST_RETRIES = {
    "WEBHOOK_ALLOW_PRIVATE": "1",
    "WEBHOOK_TIMEOUT_SECONDS": "2",
    "WEBHOOK_BACKOFF_SECONDS": "0.3",
    "WEBHOOK_BACKOFF_MAX_SECONDS": "1",
    "WEBHOOK_MAX_ATTEMPTS": "40",
    "SWEEP_INTERVAL_SECONDS": "1",
    "DB_CONN_MAX_AGE": "60",  # workers poll often; a new connection per poll would dominate
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "THROTTLES": "0",  # the load and fault tests send hundreds of enquiries from one address
}

_INSTALL = """
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
call_command("load_demo", skip_index=True, verbosity=0)
"""


class World:
    def __init__(self, data_dir: Path, database_url: str | None) -> None:
        self.sqlite = data_dir / "portal.sqlite3"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        self.env.update(FAST_RETRIES, PORTAL_DATA_DIR=str(data_dir))
        self.env.pop("TEST_DATABASE_NAME", None)
        self.database = ""
        if database_url:
            import psycopg

            self.database = f"cb_world_{uuid.uuid4().hex[:10]}"
            self.admin_url = database_url
            with psycopg.connect(database_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.database}"')
            self.env["DATABASE_URL"] = database_url.rsplit("/", 1)[0] + "/" + self.database
        else:
            self.env.pop("DATABASE_URL", None)
        self.processes: list[subprocess.Popen[bytes]] = []
        # In one process: each `manage.py` run starts Django and its imports again (seconds apiece).
        self.manage("shell", "-c", _INSTALL)

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def query(self, code: str) -> Any:
        """Run Python inside the installation; the code sets `out`, which comes back as JSON."""
        script = f"import json\n{code}\nprint('@@' + json.dumps(out, default=str))"
        stdout = self.manage("shell", "-c", script)
        return json.loads(stdout.rsplit("@@", 1)[1])

    def worker(self, worker_id: str = "") -> subprocess.Popen[bytes]:
        args = [sys.executable, "manage.py", "db_worker", "--interval", "0.1", "--no-startup-delay"]
        if worker_id:
            args += ["--worker-id", worker_id]
        process = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.processes.append(process)
        return process

    def scheduler(self) -> subprocess.Popen[bytes]:
        """`manage.py run_scheduler`: the sweep every SWEEP_INTERVAL_SECONDS (1 s here)."""
        process = subprocess.Popen(
            [sys.executable, "manage.py", "run_scheduler"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def web(self, workers: int = 1) -> str:
        port = free_port()
        argv = [
            "serve",
            "--no-worker",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--web-workers",
            str(workers),
        ]
        process = subprocess.Popen(
            [sys.executable, "manage.py", *argv],
            cwd=ROOT,
            env={**self.env, "DB_CONN_MAX_AGE": "0"},  # Django under ASGI: no persistent connections
            stdout=subprocess.DEVNULL,
            stderr=(Path(self.env["PORTAL_DATA_DIR"]) / "web.log").open("ab"),  # to diagnose 5xx
        )
        self.processes.append(process)
        wait_for_port(port, process=process)
        return f"http://127.0.0.1:{port}"

    def load_appetite(self, rows: list[dict[str, Any]], path: Path) -> None:
        path.write_text(json.dumps({"appetite": rows}))
        self.manage("load_appetite", str(path))

    def sql(self, statement: str) -> list[tuple[Any, ...]]:
        """Look inside directly: polling through `manage.py shell` would cost seconds per look."""
        if self.database:
            import psycopg

            with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as conn:
                cursor = conn.execute(statement)
                return cursor.fetchall() if cursor.description else []
        import sqlite3

        with sqlite3.connect(self.sqlite, timeout=30) as conn:
            return conn.execute(statement).fetchall()

    def reset(self) -> None:
        """Stop the processes and empty the enquiry and task tables, for the next test."""
        self.stop()
        for table in (
            "crossborder_eventdeliveryattempt",
            "crossborder_eventdelivery",
            "crossborder_scheduledjob",
            "crossborder_lead",
            "crossborder_consentrecord",
            "crossborder_enquiry",
            "crossborder_auditevent",
            "django_tasks_database_dbtaskresult",
        ):
            self.sql(f"DELETE FROM {table}")

    def kill(self) -> None:
        """Every process at once, without warning (a power cut, `kill -9`, an OOM kill)."""
        for process in self.processes:
            process.kill()
        for process in self.processes:
            process.wait()
        self.processes = []

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes = []

    def close(self) -> None:
        self.stop()
        if self.database:
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def database_url() -> str | None:
    """The run's PostgreSQL server (the maintenance database), or None for the embedded default."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        return None
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgresql://{auth}@{db['HOST']}:{db['PORT'] or 5432}/postgres"
