"""Private pages uncached, production CSP and Permissions-Policy, vendored API docs, a healthcheck
that is not redirected, logs without tokens, audit rows nobody deletes (issue 13, Low findings)."""

from __future__ import annotations

import logging
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from crossborder.models import AuditEvent
from portal.logfilters import RedactSecrets, redact
from tests.crossborder.conftest import EXPORT, submit

pytestmark = pytest.mark.django_db


def test_the_healthcheck_is_not_redirected_to_https(client: Client, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/en/").status_code == 301  # everything else still goes to HTTPS


def test_private_pages_are_never_cached(client: Client, demo_catalogue: None) -> None:
    from django.core.management import call_command

    call_command("load_appetite", verbosity=0)
    enquiry = submit(client, "export_credit", EXPORT)
    for path in (f"/en/enquiries/status/{enquiry.access_token}/", "/en/enquiries/insurer/", "/en/admin/"):
        assert client.get(path)["Cache-Control"] == "no-store", path
    assert client.post("/api/chat/", "{}", content_type="application/json")["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/en/").get("Cache-Control", "")


def test_production_sends_a_csp_without_inline_script_and_a_permissions_policy(
    client: Client, settings: Any, demo_catalogue: None
) -> None:
    settings.CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'"
    settings.PERMISSIONS_POLICY = "camera=(), microphone=()"
    for path in ("/en/", "/en/products/", "/en/enquiries/new/export_credit/"):
        response = client.get(path)
        assert response["Content-Security-Policy"].startswith("default-src 'self'")
        assert "camera=()" in response["Permissions-Policy"]
        # Every script is a file (or inert JSON data), so the policy does not break the page.
        for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)


def test_the_production_defaults_have_no_unsafe_inline_script() -> None:
    import os
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY)"
    env = {
        **os.environ,
        "PORTAL_PRODUCTION": "1",
        "SECRET_KEY": "x" * 50,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
    }
    out = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
    ).stdout
    assert "script-src 'self'" in out and "unsafe-inline" not in out.split("script-src")[1].split(";")[0]


def test_the_api_docs_load_nothing_from_a_cdn(client: Client) -> None:
    page = client.get("/api/insurer/docs").content.decode()
    assert "swagger" in page.lower() and "cdn." not in page and "jsdelivr" not in page


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ('"GET /en/enquiries/status/Qx9_secret-token/ HTTP/1.1" 200', "Qx9_secret-token"),
        ("Not Found: /en/enquiries/confirm/eyJlIjo1fQ:1x:abc/", "eyJlIjo1fQ:1x:abc"),
        ('"GET /en/enquiries/new/export_credit/?annual_turnover_hkd=18000000 HTTP/1.1"', "18000000"),
        ("Authorization: Bearer ins_s3cr3t.value", "ins_s3cr3t.value"),
    ],
)
def test_logs_keep_no_tokens_or_query_strings(line: str, secret: str) -> None:
    assert secret not in redact(line)
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "%s", (line,), None)
    RedactSecrets().filter(record)
    assert secret not in record.getMessage()


def test_not_even_a_superuser_deletes_audit_rows(client: Client) -> None:
    row = AuditEvent.objects.create(enquiry_reference="GBA-TEST", actor="x", action="y")
    client.force_login(User.objects.create_superuser("root", "root@example.com", "pw"))
    assert client.get(f"/en/admin/crossborder/auditevent/{row.pk}/delete/").status_code == 403
    assert AuditEvent.objects.filter(pk=row.pk).exists()


def test_data_files_are_private_to_the_portals_user(settings: Any, tmp_path: Any) -> None:
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    assert settings.DATA_DIR.stat().st_mode & 0o077 == 0
    storage = FileSystemStorage(location=tmp_path / "media")
    name = storage.save("quotes/q.pdf", ContentFile(b"%PDF-1.4"))
    assert (tmp_path / "media" / name).stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "media" / "quotes").stat().st_mode & 0o777 == 0o700


def test_uploads_served_in_debug_are_downloads_never_pages(settings: Any, tmp_path: Any) -> None:
    from django.test import RequestFactory

    from portal.views import media_download

    (tmp_path / "evil.html").write_text("<script>alert(document.cookie)</script>")
    response = media_download(RequestFactory().get("/media/evil.html"), "evil.html", str(tmp_path))
    assert (
        response["Content-Disposition"] == "attachment" and "sandbox" in response["Content-Security-Policy"]
    )


def test_the_compose_healthcheck_passes_in_production(settings: Any) -> None:
    # What docker-compose.yml's web healthcheck sends: plain HTTP on loopback, Host = the first allowed host.
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["portal.example.com"]
    response = Client(HTTP_HOST="portal.example.com").get("/healthz")
    assert response.status_code == 200
