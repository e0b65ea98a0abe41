"""The public pages in a real browser: headless Chromium against the real ASGI server."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.conftest import LiveASGIServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_language_switcher_and_catalogue_in_chromium(
    browser, live_asgi: LiveASGIServer, demo_catalogue: None
) -> None:  # type: ignore[no-untyped-def]
    browser.get(f"{live_asgi.http_url}/en/products/")
    assert "Products" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_elements(By.CSS_SELECTOR, "ul.products li a"), "demo products are listed"
    Select(browser.find_element(By.ID, "lang-select")).select_by_value("zh-hant")
    browser.find_element(By.CSS_SELECTOR, "form.lang button").click()
    WebDriverWait(browser, 10).until(ec.url_contains("/zh-hant/products/"))
    assert browser.find_element(By.TAG_NAME, "h1").text == "產品"
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "zh-hant"


def test_enquiry_form_shows_field_errors_in_chromium(
    browser, live_asgi: LiveASGIServer, demo_catalogue: None
) -> None:  # type: ignore[no-untyped-def]
    browser.delete_all_cookies()
    browser.get(f"{live_asgi.http_url}/en/enquiries/new/pension/")
    browser.find_element(By.NAME, "contact_name").send_keys("Lee")
    browser.find_element(By.NAME, "email").send_keys("not-an-email")
    browser.find_element(By.CSS_SELECTOR, "form.enquiry button[name=continue]").click()
    errors = WebDriverWait(browser, 10).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".field--error .error-message")
    )
    assert any("e-mail" in e.text.lower() for e in errors)
    assert browser.title.startswith("Error:")


def test_enter_in_the_enquiry_form_continues_and_sends_it_in_chromium(
    browser, live_asgi: LiveASGIServer, demo_catalogue: None
) -> None:  # type: ignore[no-untyped-def]
    browser.delete_all_cookies()
    browser.get(f"{live_asgi.http_url}/en/enquiries/new/export_credit/")
    browser.find_element(By.ID, "id_applicant_jurisdiction_0").click()  # Hong Kong
    browser.find_element(By.NAME, "contact_name").send_keys("Chan Tai Man")
    browser.find_element(By.NAME, "email").send_keys("chan@example.com")
    browser.find_element(By.NAME, "phone").send_keys("+852 9123 4567" + Keys.ENTER)  # Enter continues
    WebDriverWait(browser, 10).until(ec.url_contains("step=details"))
    browser.find_element(By.NAME, "annual_turnover_hkd").send_keys("18m" + Keys.ENTER)
    WebDriverWait(browser, 10).until(ec.url_contains("step=consents"))
    consent = browser.find_element(By.NAME, "consent_share")
    assert not consent.is_selected(), "consents start unticked"
    for name in ("consent_process", "consent_share"):
        browser.find_element(By.NAME, name).click()
    browser.find_element(By.CSS_SELECTOR, "form.enquiry button[name=continue]").click()
    WebDriverWait(browser, 10).until(ec.url_contains("step=check"))
    browser.find_element(By.CSS_SELECTOR, "button[name=send]").click()
    WebDriverWait(browser, 10).until(ec.url_contains("/enquiries/status/"))
    assert browser.find_elements(By.CSS_SELECTOR, "main h1, h1")
