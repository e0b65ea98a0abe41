"""Defects a fresh-eyed tester found in the portal's journeys, in headless Chromium against the real
ASGI server, with axe-core in three languages: plans picked to compare from the catalogue the top
navigation opens (D9), the insurer dashboard's withdrawal acknowledgement and sign-out (D5), the
sign-in lockout page (D6) and the enquiry's step indicator on one line at desktop width (D12)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from crossborder.models import InsurerMember, Lead, LeadWithdrawal
from crossborder.services import enquiry_submit, enquiry_withdraw_and_erase
from crossborder.withdrawals import withdrawals_for
from portal.models import Insurer, Product
from tests.axe import axe_violations, gone, screenshot, set_width
from tests.conftest import LiveASGIServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LANGUAGES = ["en", "zh-hant", "zh-hans"]
PASSWORD = "pw-for-browser-tests-only"


@pytest.fixture
def appetite(demo_catalogue: None) -> None:
    call_command("load_appetite", verbosity=0, stdout=None)


@pytest.fixture
def page_browser(browser) -> Iterator[object]:  # type: ignore[no-untyped-def]
    browser.delete_all_cookies()
    yield browser
    browser.delete_all_cookies()
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _active_id(browser) -> str:  # type: ignore[no-untyped-def]
    return str(browser.execute_script("return document.activeElement.id || document.activeElement.tagName"))


def test_the_catalogue_lets_a_keyboard_user_pick_plans_to_compare_in_chromium(
    page_browser, live_asgi: LiveASGIServer, demo_catalogue: None
) -> None:  # type: ignore[no-untyped-def]
    chosen = list(
        Product.objects.filter(product_line="gba_medical").order_by("slug").values_list("slug", flat=True)
    )[:3]
    failures = {}
    for width in ("desktop", "phone"):
        set_width(page_browser, width)
        for language in LANGUAGES:
            page_browser.get(f"{live_asgi.http_url}/{language}/products/")
            boxes = page_browser.find_elements(By.CSS_SELECTOR, "input[type=checkbox][name=products]")
            assert boxes, "the catalogue offers boxes to pick plans"
            overflow = page_browser.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (width, language, overflow)
            box = page_browser.find_element(By.ID, f"pick-{chosen[0]}")
            assert box.size["width"] >= 24 and box.size["height"] >= 24, "a 24 px target (WCAG 2.5.8)"
            screenshot(page_browser, f"catalogue-picker-{language}-{width}")
            if violations := axe_violations(page_browser):
                failures[f"{language} {width}"] = [(v["id"], v["nodes"]) for v in violations]
    assert not failures, failures

    # Keyboard only: focus a box, Space ticks it, Tab moves on; Enter on the line's button compares.
    set_width(page_browser, "desktop")
    page_browser.get(f"{live_asgi.http_url}/en/products/")
    for slug in chosen:
        box = page_browser.find_element(By.ID, f"pick-{slug}")
        page_browser.execute_script("arguments[0].focus()", box)
        assert _active_id(page_browser) == f"pick-{slug}"
        page_browser.switch_to.active_element.send_keys(Keys.SPACE)
        assert box.is_selected()
    for _ in range(40):  # on to the line's compare button, past the rows' links
        page_browser.switch_to.active_element.send_keys(Keys.TAB)
        active = page_browser.switch_to.active_element
        if active.tag_name == "button" and "Compare" in active.text:
            break
    assert "Compare the ticked" in active.text
    active.send_keys(Keys.ENTER)
    WebDriverWait(page_browser, 10).until(ec.presence_of_element_located((By.CSS_SELECTOR, "table.compare")))
    headers = page_browser.find_elements(By.CSS_SELECTOR, "table.compare thead th a")
    assert sorted(h.get_attribute("href").rstrip("/").rsplit("/", 1)[1] for h in headers) == sorted(chosen)


def _member(username: str, slug: str) -> User:
    user = User.objects.create_user(username, password=PASSWORD)
    InsurerMember.objects.create(user=user, insurer=Insurer.objects.get(slug=slug))
    return user


def _sign_in(browser, base: str, language: str, username: str) -> None:  # type: ignore[no-untyped-def]
    browser.delete_all_cookies()
    browser.get(f"{base}/{language}/enquiries/insurer/login/")
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "table.leads"))


def test_an_insurer_acknowledges_a_withdrawal_on_the_dashboard_in_chromium(
    page_browser, live_asgi: LiveASGIServer, appetite: None
) -> None:  # type: ignore[no-untyped-def]
    for email in ("chan@example.com", "lee@example.com"):
        enquiry_submit(
            product_line="export_credit",
            applicant_jurisdiction="HK",
            contact_name="Chan Tai Man",
            email=email,
            details={"annual_turnover_hkd": 18_000_000, "destination_countries": ["DE"]},
            consents=["process", "share"],
        )
    withdrawn = Lead.objects.filter(insurer__slug="kwun-tong-general").order_by("created_at").first()
    assert withdrawn is not None
    enquiry_withdraw_and_erase(withdrawn.enquiry)
    insurer = Insurer.objects.get(slug="kwun-tong-general")
    _member("kt-underwriter", "kwun-tong-general")
    base = live_asgi.http_url
    failures = {}
    for width in ("desktop", "phone"):
        set_width(page_browser, width)
        for language in LANGUAGES:
            _sign_in(page_browser, base, language, "kt-underwriter")
            logout = page_browser.find_element(By.CSS_SELECTOR, "form.logout button")
            heading = page_browser.find_element(By.TAG_NAME, "h1")
            banner = page_browser.find_element(By.CSS_SELECTOR, ".withdrawal-banner")
            assert logout.rect["y"] + logout.rect["height"] <= heading.rect["y"], "sign out above the heading"
            assert logout.rect["y"] < banner.rect["y"], "not between the banner and the filters"
            main = page_browser.find_element(By.CSS_SELECTOR, ".enquiry-page")
            right = main.rect["x"] + main.rect["width"]
            assert abs(logout.rect["x"] + logout.rect["width"] - right) <= 2, "at the right"
            screenshot(page_browser, f"dashboard-withdrawal-{language}-{width}")
            if violations := axe_violations(page_browser):
                failures[f"{language} {width}"] = [(v["id"], v["nodes"]) for v in violations]
    assert not failures, failures

    set_width(page_browser, "desktop")
    _sign_in(page_browser, base, "en", "kt-underwriter")
    row = LeadWithdrawal.objects.get(lead_delivery_id=withdrawn.delivery_id)
    due = timezone.localtime(row.ack_due_at).strftime("%Y-%m-%d %H:%M")
    cells = page_browser.find_elements(By.CSS_SELECTOR, "tr.withdrawn td")
    assert cells[-1].text == due, "acknowledge by: the due time, not the withdrawal time"
    button = page_browser.find_element(By.CSS_SELECTOR, ".withdrawal-banner form.acknowledge button")
    button.send_keys(Keys.ENTER)
    WebDriverWait(page_browser, 10).until(
        lambda d: not d.find_elements(By.CSS_SELECTOR, ".withdrawal-banner")
    )
    assert not withdrawals_for(insurer, unacknowledged=True).exists()
    assert "acknowledged" in page_browser.find_element(By.CSS_SELECTOR, "[role=status]").text


def test_the_sign_in_lockout_page_is_the_sites_in_three_languages_in_chromium(
    page_browser, live_asgi: LiveASGIServer, demo_catalogue: None, settings
) -> None:  # type: ignore[no-untyped-def]
    titles = {"en": "Sign-in paused", "zh-hant": "暫停登入", "zh-hans": "暂停登录"}
    failures = {}
    for language in LANGUAGES:
        page_browser.delete_all_cookies()
        for _ in range(settings.AXES_FAILURE_LIMIT):
            page_browser.get(f"{live_asgi.http_url}/{language}/enquiries/insurer/login/")
            old = page_browser.find_element(By.TAG_NAME, "html")
            page_browser.find_element(By.NAME, "username").send_keys(f"nobody-{language}")
            page_browser.find_element(By.NAME, "password").send_keys("guess" + Keys.ENTER)
            WebDriverWait(page_browser, 10).until(gone(old))
            WebDriverWait(page_browser, 10).until(
                lambda d: d.execute_script("return document.readyState") == "complete"
            )
        assert page_browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == language
        assert page_browser.find_element(By.TAG_NAME, "h1").text == titles[language]
        assert page_browser.find_elements(By.CSS_SELECTOR, "header nav, .lang-switch")
        assert titles[language] in page_browser.title
        screenshot(page_browser, f"lockout-{language}")
        if violations := axe_violations(page_browser):
            failures[language] = [(v["id"], v["nodes"]) for v in violations]
    assert not failures, failures


def test_the_enquiry_steps_stay_on_one_line_at_desktop_width_in_chromium(
    page_browser, live_asgi: LiveASGIServer, demo_catalogue: None
) -> None:  # type: ignore[no-untyped-def]
    set_width(page_browser, "desktop")
    wrapped = {}
    for language in LANGUAGES:
        for line in ("export_credit", "ecommerce", "overseas_ip", "gba_medical", "pension"):
            for step in ("about", "details", "consents"):
                page_browser.get(f"{live_asgi.http_url}/{language}/enquiries/new/{line}/?step={step}")
                tops = {
                    round(li.rect["y"]) for li in page_browser.find_elements(By.CSS_SELECTOR, ".steps li")
                }
                if len(tops) != 1:
                    wrapped[f"{language} {line} {step}"] = sorted(tops)
    assert not wrapped, wrapped
    set_width(page_browser, "phone")  # a phone may wrap, but nothing runs off the page
    page_browser.get(f"{live_asgi.http_url}/en/enquiries/new/export_credit/?step=consents")
    overflow = page_browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
