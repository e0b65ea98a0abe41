"""Settings come from the environment; a bad value stops start-up naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def run_django(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PORT", "eighty"),
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://x/y"),
        ("REDIS_URL", "http://nope"),
        ("PORT", "70000"),
    ],
)
def test_invalid_value_names_the_variable(name: str, value: str) -> None:
    result = run_django({name: value}, "check")
    assert result.returncode != 0
    assert name in result.stderr


def test_deploy_check_is_clean_in_production_configuration(tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = {
        "PORTAL_PRODUCTION": "1",
        "DEBUG": "0",
        "SECRET_KEY": "x" * 20 + "-a-long-random-production-secret-key-0123456789",
        "ALLOWED_HOSTS": "portal.example",
        "PORTAL_DATA_DIR": str(tmp_path),
    }
    result = run_django(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run_django({"PORTAL_PRODUCTION": "1", "PORTAL_DATA_DIR": str(tmp_path)}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
