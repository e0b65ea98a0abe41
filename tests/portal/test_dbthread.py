"""The chat's database threads keep a connection open between calls and drop only what cannot be reused."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import pytest
from asgiref.sync import async_to_sync

from portal import dbthread


@dataclass
class FakeConnection:
    """Just what `tidy_connections` reads of a Django DatabaseWrapper."""

    settings_dict: dict[str, Any] = field(
        default_factory=lambda: {"CONN_MAX_AGE": 0, "AUTOCOMMIT": True, "OPTIONS": {}}
    )
    connection: object | None = field(default_factory=object)
    in_atomic_block: bool = False
    close_at: float | None = None
    errors_occurred: bool = False
    health_check_done: bool = True
    usable: bool = True
    autocommit: bool = True
    closed: bool = False

    def is_usable(self) -> bool:
        return self.usable

    def get_autocommit(self) -> bool:
        return self.autocommit

    def close(self) -> None:
        self.closed = True


class FakeConnections:
    def __init__(self, *conns: FakeConnection) -> None:
        self.conns = conns

    def all(self, initialized_only: bool = False) -> tuple[FakeConnection, ...]:
        return self.conns


def tidied(monkeypatch: pytest.MonkeyPatch, conn: FakeConnection) -> FakeConnection:
    monkeypatch.setattr(dbthread, "connections", FakeConnections(conn))
    dbthread.tidy_connections()
    return conn


def test_a_healthy_connection_is_kept_and_checked_before_its_next_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # CONN_MAX_AGE 0 (the ASGI server's setting) does not close it: that is what made every question reconnect.
    conn = tidied(monkeypatch, FakeConnection(errors_occurred=True))  # an error, but the connection works
    assert not conn.closed
    assert not conn.errors_occurred and not conn.health_check_done


@pytest.mark.parametrize(
    "conn",
    [
        FakeConnection(errors_occurred=True, usable=False),  # broken (server restarted, say)
        FakeConnection(autocommit=False),  # left outside autocommit
        FakeConnection(settings_dict={"CONN_MAX_AGE": 60, "AUTOCOMMIT": True, "OPTIONS": {}}, close_at=0.0),
        FakeConnection(settings_dict={"CONN_MAX_AGE": 0, "AUTOCOMMIT": True, "OPTIONS": {"pool": {}}}),
    ],
    ids=["broken", "not-autocommit", "older-than-conn-max-age", "pooled-goes-back-to-its-pool"],
)
def test_a_connection_that_cannot_be_kept_is_closed(
    monkeypatch: pytest.MonkeyPatch, conn: FakeConnection
) -> None:
    assert tidied(monkeypatch, conn).closed


def test_a_connection_inside_a_transaction_is_left_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    conn = tidied(monkeypatch, FakeConnection(in_atomic_block=True, usable=False, errors_occurred=True))
    assert not conn.closed


def test_calls_run_on_the_chat_threads_and_tidy_afterwards(monkeypatch: pytest.MonkeyPatch) -> None:
    conn = FakeConnection(errors_occurred=True, usable=False)
    monkeypatch.setattr(dbthread, "connections", FakeConnections(conn))

    def where() -> str:
        return threading.current_thread().name

    assert async_to_sync(dbthread.kept_connection(where))().startswith("chat-db")
    assert conn.closed  # tidied after the call, on its thread
