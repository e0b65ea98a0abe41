"""Staff's plan-document pages in headless Chromium at 1280 px: the status column is in view, the list
refreshes a status while a document is indexed, and axe finds nothing on the list, change and preview pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from knowledge.models import PlanDocument
from portal.models import Product
from tests.axe import axe_violations, screenshot, set_width
from tests.conftest import LiveASGIServer
from tests.knowledge.test_admin_staff import PLAN

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LANGUAGES = ["en", "zh-hant", "zh-hans"]
PASSWORD = "pw-for-tests-only"


@pytest.fixture
def staff_browser(browser, live_asgi: LiveASGIServer) -> Iterator[object]:  # type: ignore[no-untyped-def]
    User.objects.create_superuser("staff", "staff@example.com", PASSWORD)
    browser.delete_all_cookies()
    browser.get(f"{live_asgi.http_url}/en/admin/login/")
    browser.find_element(By.NAME, "username").send_keys("staff")
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form#login-form [type=submit]").click()
    WebDriverWait(browser, 10).until(lambda d: "/login/" not in d.current_url)
    set_width(browser, "desktop")
    yield browser
    browser.delete_all_cookies()
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _documents() -> dict[str, PlanDocument]:
    product = Product.objects.order_by("slug").first()
    made = {}
    for doc_id, status, with_product, error in (
        ("harbourview-cross-border-care-plan-2026-edition-with-a-long-name", "ready", True, ""),
        ("orphan-plan", "pending", False, ""),
        ("broken-plan", "failed", False, "the table on page 3 could not be read: " + "x" * 300),
    ):
        doc = PlanDocument(
            doc_id=doc_id,
            status=status,
            product=product if with_product else None,
            title="Harbourview Cross-Border Care Plan — Policy Terms, Benefits Schedule and Exclusions",
            error=error,
            chunk_count=12 if status == "ready" else 0,
            # The widest values a row holds: a language name, a full date.
            language="zh-Hant",
            effective_date=dt.date(2026, 12, 31),
        )
        doc.file.save(f"{doc_id}.md", ContentFile(PLAN.format(effective="").encode()), save=False)
        doc.save()
        made[status] = doc
    return made


def _wait_for_status(driver, pk: int, status: str) -> None:  # type: ignore[no-untyped-def]
    selector = f'[data-doc="{pk}"]'
    try:
        WebDriverWait(driver, 20).until(
            # Read in one script: the script replaces the cell between a find and a read.
            lambda d: (
                d.execute_script(f"return document.querySelector('{selector}').dataset.status") == status
            )
        )
    except TimeoutException:
        pytest.fail(f"the status never became {status!r}; console: {driver.get_log('browser')}")


def test_document_list_fits_1280_px_refreshes_status_and_has_no_axe_violations(
    staff_browser, live_asgi: LiveASGIServer, demo_catalogue: None
) -> None:  # type: ignore[no-untyped-def]
    docs = _documents()
    base = f"{live_asgi.http_url}/en/admin/knowledge/plandocument/"
    staff_browser.get(base)
    inner_width = staff_browser.execute_script("return window.innerWidth")
    assert inner_width == 1280
    for element in staff_browser.find_elements(
        By.CSS_SELECTOR, "#result_list th.column-status_column, .doc-status"
    ):
        right = staff_browser.execute_script("return arguments[0].getBoundingClientRect().right", element)
        assert 0 < right <= inner_width, (element.text, right)
    results = staff_browser.find_element(By.CSS_SELECTOR, "#changelist .results")
    overflow = staff_browser.execute_script(
        "return arguments[0].scrollWidth - arguments[0].clientWidth", results
    )
    assert overflow <= 0, f"the list scrolls sideways by {overflow} px at 1280 px"
    screenshot(staff_browser, "admin-documents-en-desktop")

    # The pending document is indexed meanwhile: its status changes in place, without a reload.
    staff_browser.execute_script("window.__notReloaded = true")
    PlanDocument.objects.filter(pk=docs["pending"].pk).update(status="ready", chunk_count=7)
    _wait_for_status(staff_browser, docs["pending"].pk, "ready")
    cell_text = staff_browser.execute_script(
        f"return document.querySelector('[data-doc=\"{docs['pending'].pk}\"]').closest('td').textContent"
    )
    assert "7 chunks" in cell_text
    assert staff_browser.execute_script("return window.__notReloaded === true")
    assert not staff_browser.find_element(By.CSS_SELECTOR, ".doc-refresh").is_displayed()

    failures = {}
    for language in LANGUAGES:
        pages = {
            "list": "",
            "change": f"{docs['failed'].pk}/change/",
            "preview": f"{docs['ready'].pk}/preview/",
        }
        for name, path in pages.items():
            staff_browser.get(f"{live_asgi.http_url}/{language}/admin/knowledge/plandocument/{path}")
            assert staff_browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
            screenshot(staff_browser, f"admin-documents-{name}-{language}-desktop")
            if violations := axe_violations(staff_browser):
                failures[f"{name} {language}"] = violations
    assert not failures, "\n".join(
        f"{k}: {v['id']} {n[:160]}" for k, vs in failures.items() for v in vs for n in v["nodes"]
    )
    preview_tables = staff_browser.find_elements(By.CSS_SELECTOR, ".document thead th[scope=col]")
    assert [th.get_attribute("textContent") for th in preview_tables] == ["Benefit", "Annual limit"]
