"""Shared fixtures: an isolated knowledge index, a Chroma server, a live ASGI server.

`make test` runs this suite twice: with the embedded defaults, and with the
production parts (DATABASE_URL, REDIS_URL and PORTAL_TEST_CHROMA_SERVER=1). In
the second run an unreachable service fails the run; nothing is skipped, and only
the tests that reach a service (see `_touches_services`) run again.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO_CORPUS = ROOT / "knowledge" / "demo_corpus"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, timeout: float = 180.0, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout}s")


def _check_services() -> None:
    from django.conf import settings

    problems = []
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        import psycopg

        db = settings.DATABASES["default"]
        try:
            psycopg.connect(
                host=db["HOST"],
                port=db["PORT"] or 5432,
                user=db["USER"],
                dbname=db["NAME"],
                connect_timeout=5,
            ).close()
        except psycopg.Error as exc:
            problems.append(f"PostgreSQL at {db['HOST']}:{db['PORT']} is unreachable: {exc}")
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=5).ping()
        except redis.RedisError as exc:
            problems.append(f"Redis at {settings.REDIS_URL} is unreachable: {exc}")
    if problems:
        pytest.exit("required services are down:\n" + "\n".join(problems), returncode=3)


def _flush_by_delete() -> None:
    """On PostgreSQL, empty the tables between transactional tests with DELETE, not TRUNCATE.

    Django's flush truncates every table: ~1.5 s for this schema on this machine (TRUNCATE makes
    new files for each table and index), after each of the services run's tests that use a live
    server or index documents. Deleting the few rows a test wrote takes ~0.1 s. The foreign keys
    Django creates on PostgreSQL are deferrable, checked at the flush's commit; sequences are not
    reset by either (Django truncates without RESTART IDENTITY unless asked to reset them).
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):  # type: ignore[no-untyped-def]
        if reset_sequences or allow_cascade or not tables:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        deletes = [
            f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(t))};" for t in tables
        ]
        return ["SET CONSTRAINTS ALL DEFERRED;", *deletes]

    DatabaseOperations.sql_flush = sql_flush  # type: ignore[method-assign]


def pytest_sessionstart(session: pytest.Session) -> None:
    import django

    django.setup()
    _check_services()
    _flush_by_delete()


# Fixtures and markers through which a test reaches the database, the cache, the channel layer or
# Chroma. The services run repeats only such tests: a pure function gives the same result on either
# configuration, and running it twice would only cost time.
_SERVICE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "knowledge_index",
        "chroma_server",
        "live_asgi",
        "live_server",
    }
)
_SERVICE_MARKERS = ("django_db", "services", "throttled")


def _touches_services(item: pytest.Item) -> bool:
    if any(item.get_closest_marker(name) for name in _SERVICE_MARKERS):
        return True
    if item.get_closest_marker("model_figures"):
        # Not a service test: `make test` runs the figures once, in this run rather than the
        # longer embedded one (the Makefile leaves them out there).
        return True
    return bool(_SERVICE_FIXTURES.intersection(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("PORTAL_TEST_CHROMA_SERVER") != "1":
        return
    keep = [item for item in items if _touches_services(item)]
    dropped = [item for item in items if not _touches_services(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


@pytest.fixture(autouse=True)
def _throttles(request: pytest.FixtureRequest, settings) -> None:  # type: ignore[no-untyped-def]
    """Throttles count per IP and e-mail, and every test client is 127.0.0.1 with chan@example.com:
    they are on only for the tests marked `throttled`, each starting from empty counters."""
    settings.THROTTLES_ENABLED = request.node.get_closest_marker("throttled") is not None
    if settings.THROTTLES_ENABLED:
        from django.core.cache import cache

        cache.clear()


@pytest.fixture(autouse=True)
def _answer_memo() -> None:
    """Each test starts with no kept answers (chat.answer_memo): one test's stand-in composer or
    documents must not answer the next test's question."""
    memo = sys.modules.get("chat.answer_memo")
    if memo is not None:
        memo.clear()


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str | None]:
    """A real Chroma server (from the chromadb package) when the run asks for one."""
    if os.environ.get("PORTAL_TEST_CHROMA_SERVER") != "1":
        yield None
        return
    chroma = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process=process)
    except RuntimeError as exc:
        process.kill()
        pytest.exit(f"the Chroma server did not start: {exc}", returncode=3)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def knowledge_index(settings, chroma_server: str | None) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """A fresh, empty Chroma collection for one test, embedded or on the test server."""
    from knowledge import vectorstore

    settings.CHROMA_URL = chroma_server or ""
    settings.CHROMA_COLLECTION = f"test_{uuid.uuid4().hex[:12]}"
    vectorstore.get_client.cache_clear()
    vectorstore.get_store.cache_clear()
    yield
    vectorstore.reset_store()
    vectorstore.get_client.cache_clear()


@pytest.fixture
def demo_catalogue(db) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    call_command("load_demo", skip_index=True, verbosity=0)


class LiveASGIServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.http_url = f"http://127.0.0.1:{port}"
        self.ws_url = f"ws://127.0.0.1:{port}"


@pytest.fixture
def live_asgi(transactional_db) -> Iterator[LiveASGIServer]:  # type: ignore[no-untyped-def]
    """The portal's real ASGI application under a real server (uvicorn), in a thread of this process.

    In-process so that it shares the test database and the test's Chroma collection.
    """
    import uvicorn
    from channels.layers import channel_layers

    from portal.asgi import application

    # Each server runs its own event loop; a Redis layer left from an earlier server is bound to a
    # dead loop, so every server starts with fresh layer instances.
    channel_layers.backends.clear()
    port = free_port()
    server = uvicorn.Server(
        # A connection a test left open must not hold the teardown for the full join timeout.
        uvicorn.Config(
            application,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for_port(port)
    yield LiveASGIServer(port)
    server.should_exit = True
    thread.join(timeout=10)
    channel_layers.backends.clear()
    # The chat's database threads keep their connections between questions; a test database
    # (PostgreSQL) cannot be flushed for the next test or dropped while they hold it open.
    from portal.dbthread import close_kept_connections

    close_kept_connections()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by selenium; no browser download, no network."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    chromedriver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    if not (Path(chromium).exists() and Path(chromedriver).exists()):
        pytest.fail("Debian's chromium and chromium-driver are needed (make test installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.implicitly_wait(0)
    from tests.axe import preload

    preload(driver)  # axe-core in every page as it loads: a check is one round trip
    yield driver
    driver.quit()
