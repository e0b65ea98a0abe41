"""The insurer dashboard in headless Chromium against the real ASGI server: an insurer user signs
in, sees only its insurer's leads, accepts one and records a quote; another insurer's user cannot
see that lead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import Select, WebDriverWait

from crossborder.models import InsurerMember, Lead
from crossborder.services import enquiry_submit
from portal.models import Insurer
from tests.conftest import LiveASGIServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PASSWORD = "pw-for-browser-tests-only"


def _member(username: str, slug: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD)
    InsurerMember.objects.create(user=user, insurer=Insurer.objects.get(slug=slug))
    return user


def _enquiry(email: str, **overrides: object) -> None:
    fields: dict[str, object] = {
        "product_line": "export_credit",
        "applicant_jurisdiction": "HK",
        "contact_name": "Chan Tai Man",
        "email": email,
        "details": {"annual_turnover_hkd": 18_000_000, "destination_countries": ["DE"]},
        "consents": ["process", "share"],
        **overrides,
    }
    enquiry_submit(**fields)  # type: ignore[arg-type]


def _sign_in(browser, base: str, username: str) -> None:  # type: ignore[no-untyped-def]
    browser.delete_all_cookies()
    browser.get(f"{base}/en/enquiries/insurer/")
    WebDriverWait(browser, 10).until(ec.url_contains("/enquiries/insurer/login/"))  # sign in first
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    _click_and_wait_for_next_page(browser, "form.login button[type=submit]")
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "table.leads"))


def _gone(element) -> bool:  # type: ignore[no-untyped-def]
    """Whether `element`'s document has been replaced. Asked mid-navigation, chromedriver may say
    so as an "unknown error" (the node "does not belong to the document") rather than as stale."""
    try:
        element.is_enabled()
    except StaleElementReferenceException:
        return True
    except WebDriverException as exc:
        if "does not belong to the document" in str(exc.msg):
            return True
        raise
    return False


def _click_and_wait_for_next_page(browser, selector: str) -> None:  # type: ignore[no-untyped-def]
    # Until the old document is gone, an element found may belong to it and vanish mid-read
    # (chromedriver: "Node with given id does not belong to the document").
    old = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.CSS_SELECTOR, selector).click()
    WebDriverWait(browser, 10).until(lambda _: _gone(old))
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def _status_becomes(browser, status: str) -> None:  # type: ignore[no-untyped-def]
    WebDriverWait(browser, 10, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: status in d.find_element(By.CSS_SELECTOR, "strong.lead-status").text
    )


def _lead_links(browser) -> set[str]:  # type: ignore[no-untyped-def]
    links = browser.find_elements(By.CSS_SELECTOR, "table.leads a")
    return {a.get_attribute("href").rstrip("/").rsplit("/", 1)[1] for a in links}


def test_insurer_user_accepts_and_quotes_only_its_own_lead_in_chromium(
    browser, live_asgi: LiveASGIServer, appetite: None
) -> None:  # type: ignore[no-untyped-def]
    _enquiry("chan@example.com")  # to Kwun Tong and Sham Shui Po
    _enquiry(  # to Sham Shui Po only: a US listing needs an insurer placing US product liability
        "lee@example.com",
        product_line="ecommerce",
        details={"seller_jurisdiction": "HK", "platforms": ["Amazon"], "markets": ["US"]},
    )
    _member("kt-underwriter", "kwun-tong-general")
    _member("ssp-underwriter", "sham-shui-po-general")
    mine = Lead.objects.get(insurer__slug="kwun-tong-general")
    theirs = set(
        Lead.objects.filter(insurer__slug="sham-shui-po-general").values_list("delivery_id", flat=True)
    )
    base = live_asgi.http_url
    try:
        _sign_in(browser, base, "kt-underwriter")
        assert _lead_links(browser) == {str(mine.delivery_id)}, "only Kwun Tong's own lead"
        assert "Kwun Tong" in browser.find_element(By.TAG_NAME, "h1").text
        _click_and_wait_for_next_page(browser, "table.leads a")
        WebDriverWait(browser, 10).until(ec.url_contains(str(mine.delivery_id)))
        assert "chan@example.com" in browser.find_element(By.CSS_SELECTOR, "dl.payload").text
        _click_and_wait_for_next_page(browser, "button[value=accept]")
        _status_becomes(browser, "Accepted: record a quote")
        browser.find_element(By.NAME, "amount").send_keys("12500.50")
        Select(browser.find_element(By.NAME, "currency")).select_by_visible_text("USD")
        valid_until = (timezone.now().date() + timedelta(days=30)).isoformat()
        date_input = browser.find_element(By.NAME, "valid_until")
        browser.execute_script("arguments[0].value = arguments[1]", date_input, valid_until)
        _click_and_wait_for_next_page(browser, "button[value=quote]")
        _status_becomes(browser, "Quote sent to the applicant")
        mine.refresh_from_db()
        assert (mine.status, str(mine.quote_amount), mine.quote_currency) == ("quoted", "12500.50", "USD")
        assert mine.quote_valid_until is not None and mine.quote_valid_until.isoformat() == valid_until

        _sign_in(browser, base, "ssp-underwriter")
        assert _lead_links(browser) == {str(d) for d in theirs}, "Sham Shui Po sees its two leads only"
        assert str(mine.delivery_id) not in browser.page_source
        browser.get(f"{base}/en/enquiries/insurer/leads/{mine.delivery_id}/")
        assert "12500" not in browser.page_source and "chan@example.com" not in browser.page_source
        assert browser.find_elements(By.CSS_SELECTOR, "dl.payload") == [], "Kwun Tong's lead is not found"
    finally:
        browser.delete_all_cookies()
