"""Every staff page of the admin in headless Chromium, in three languages: axe finds nothing.

The admin index links each model's list; each list and its "add" form is checked. The plan-document
pages have their own tests (tests/knowledge/test_admin_browser.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.axe import axe_violations, set_width
from tests.conftest import LiveASGIServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "pw-for-tests-only"


@pytest.fixture
def staff_browser(browser, live_asgi: LiveASGIServer, demo_catalogue: None) -> Iterator[object]:  # type: ignore[no-untyped-def]
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


def test_every_admin_list_and_add_form_has_no_axe_violation(staff_browser, live_asgi: LiveASGIServer) -> None:  # type: ignore[no-untyped-def]
    """The three languages in one test: one sign-in and one live server instead of three."""
    driver = staff_browser
    failures = {}
    for language in ("en", "zh-hant", "zh-hans"):
        base = f"{live_asgi.http_url}/{language}/admin/"
        driver.get(base)
        lists = sorted(
            {
                a.get_attribute("href")
                for a in driver.find_elements(By.CSS_SELECTOR, "#content-main th[scope=row] a")
            }
        )
        adds = sorted(
            {
                a.get_attribute("href")
                for a in driver.find_elements(By.CSS_SELECTOR, "#content-main a.addlink")
            }
        )
        assert len(lists) >= 8, (language, lists)
        for url in [base, *lists, *adds]:
            if "plandocument" in url:  # tests/knowledge/test_admin_browser.py
                continue
            driver.get(url)
            found = axe_violations(driver)
            if found:
                failures[url.removeprefix(live_asgi.http_url)] = [(v["id"], v["nodes"][:2]) for v in found]
    assert failures == {}
