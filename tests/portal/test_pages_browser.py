"""The public pages in a real browser: headless Chromium against the real ASGI server, with axe-core
on every page this module owns, in all three languages, at desktop and phone widths."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from portal.models import Product
from tests.axe import WIDTHS, axe_violations, screenshot, set_width
from tests.conftest import LiveASGIServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LANGUAGES = ["en", "zh-hant", "zh-hans"]


@pytest.fixture
def page_browser(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    yield browser
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_public_pages_have_no_axe_violations_in_three_languages_at_both_widths(
    page_browser, live_asgi: LiveASGIServer, demo_catalogue: None
) -> None:  # type: ignore[no-untyped-def]
    product = Product.objects.order_by("slug").first()
    assert product is not None
    pages = {
        "home": "/",
        "catalogue": "/products/",
        "product": f"/products/{product.slug}/",
        "not-found": "/no-such-page/",
    }
    failures = {}
    for width in WIDTHS:
        set_width(page_browser, width)
        for language in LANGUAGES:
            for name, path in pages.items():
                page_browser.get(f"{live_asgi.http_url}/{language}{path}")
                assert page_browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
                screenshot(page_browser, f"{name}-{language}-{width}")
                if violations := axe_violations(page_browser):
                    failures[f"{name} {language} {width}"] = violations
    assert not failures, {k: [(v["id"], v["nodes"]) for v in vs] for k, vs in failures.items()}


@pytest.mark.parametrize("source", LANGUAGES)
def test_language_switcher_keeps_the_page_in_chromium(
    page_browser, live_asgi: LiveASGIServer, demo_catalogue: None, source: str
) -> None:  # type: ignore[no-untyped-def]
    """From every language to every other: the same page (with its query), never a 404."""
    titles = {"en": "Compare plans", "zh-hant": "比較計劃", "zh-hans": "比较计划"}
    for target in LANGUAGES:
        page_browser.get(f"{live_asgi.http_url}/{source}/products/?line=gba_medical")
        page_browser.find_element(By.CSS_SELECTOR, f".lang-switch a[lang='{target}']").click()
        WebDriverWait(page_browser, 10).until(
            ec.url_to_be(f"{live_asgi.http_url}/{target}/products/?line=gba_medical")
        )
        assert page_browser.find_element(By.TAG_NAME, "h1").text == titles[target]
        assert page_browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == target


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
