"""Whole journeys in headless Chromium against the real ASGI server, with the keyboard only and
axe-core (vendored, tests/vendor/axe-core/axe.min.js) on every page: an export-credit enquiry from the
first step to the status page in English at 1280 px and in Traditional Chinese at 390 px, and an
insurer quoting a lead. Screenshots go to var/screenshots/ for a person to look at."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from crossborder.models import Enquiry, InsurerMember, Lead
from crossborder.services import enquiry_submit
from portal.models import Insurer
from tests.axe import axe_violations
from tests.conftest import LiveASGIServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots"
PASSWORD = "pw-for-browser-tests-only"


# WCAG 2.0–2.2 A and AA (these journeys were written without axe's best-practice rules).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe(driver: Any, page: str) -> None:
    """Zero WCAG 2.2 A/AA violations on the page as it is now."""
    result = axe_violations(driver, WCAG_TAGS)
    assert result == [], f"axe on {page}: {json.dumps(result, ensure_ascii=False)}"


def shoot(driver: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.get_window_size()["width"]
    driver.set_window_size(width, min(max(height, 600), 4000))
    driver.save_screenshot(str(SHOTS / f"{name}.png"))
    driver.set_window_size(width, 900)


def active(driver: Any) -> WebElement:
    element: WebElement = driver.switch_to.active_element
    return element


def tab_to(driver: Any, matches: Callable[[WebElement], bool], limit: int = 120) -> WebElement:
    """Press Tab until the focused element is the one wanted: proves it is reachable by keyboard."""
    for _ in range(limit):
        # To the page, not an element: keys sent to a file input are taken as a path to upload.
        ActionChains(driver).send_keys(Keys.TAB).perform()
        element = active(driver)
        if matches(element):
            return element
    raise AssertionError("not reachable with Tab")


def named(name: str, value: str | None = None) -> Callable[[WebElement], bool]:
    def test(e: WebElement) -> bool:
        return e.get_attribute("name") == name and (value is None or e.get_attribute("value") == value)

    return test


def wait_for_url(driver: Any, part: str) -> None:
    WebDriverWait(driver, 10).until(lambda d: part in d.current_url)


def wait_for_title(driver: Any, start: str) -> None:
    WebDriverWait(driver, 10).until(lambda d: d.title.startswith(start))


@pytest.mark.parametrize(
    ("lang", "width", "words"),
    [
        (lang, width, words)
        for lang, words in (
            ("en", {"error": "Error:", "business": "Your business", "check": "Check your answers"}),
            ("zh-hant", {"error": "錯誤：", "business": "您的業務", "check": "檢查您的答案"}),
        )
        for width in (1280, 390)
    ],
)
def test_whole_export_enquiry_with_the_keyboard_only(
    browser: Any, live_asgi: LiveASGIServer, appetite: None, lang: str, width: int, words: dict[str, str]
) -> None:
    driver = browser
    driver.set_window_size(width, 900)
    driver.delete_all_cookies()
    driver.get(f"{live_asgi.http_url}/{lang}/enquiries/new/export_credit/")
    axe(driver, "about")
    shoot(driver, f"{lang}-{width}-1-about")

    # Continue with nothing filled in: the error summary takes focus and its links reach the fields.
    tab_to(driver, named("continue")).send_keys(Keys.ENTER)
    wait_for_title(driver, words["error"])
    summary = active(driver)
    assert "error-summary" in (summary.get_attribute("class") or ""), "focus moves to the summary"
    assert len(driver.find_elements(By.CSS_SELECTOR, "[role=alert]")) == 1
    axe(driver, "about with errors")
    shoot(driver, f"{lang}-{width}-1-about-errors")
    summary.send_keys(Keys.TAB)
    active(driver).send_keys(Keys.ENTER)
    assert active(driver).get_attribute("id") == "id_applicant_jurisdiction_0"

    active(driver).send_keys(Keys.SPACE)  # Hong Kong
    tab_to(driver, named("contact_name")).send_keys("Chan Tai Man")
    tab_to(driver, named("email")).send_keys("chan@example.com" + Keys.ENTER)
    wait_for_title(driver, words["business"])

    turnover = tab_to(driver, named("annual_turnover_hkd"))
    turnover.send_keys("18m")
    countries = tab_to(driver, named("destination_countries"))
    countries.send_keys("德國" if lang != "en" else "Germ")
    WebDriverWait(driver, 5).until(
        lambda d: d.find_element(By.ID, "id_destination_countries_suggestions").is_displayed()
    )
    axe(driver, "country suggestions open")
    shoot(driver, f"{lang}-{width}-2-countries")
    countries.send_keys(Keys.ARROW_DOWN, Keys.ENTER)  # the suggestion, not the form
    countries.send_keys("UK")
    tab_to(driver, named("payment_terms", "OA")).send_keys(Keys.SPACE)
    reading = driver.find_element(By.ID, "id_destination_countries_reading").text
    assert ("Germany" in reading or "德國" in reading) and ("United Kingdom" in reading or "英國" in reading)
    axe(driver, "business")
    shoot(driver, f"{lang}-{width}-2-business")
    tab_to(driver, named("continue")).send_keys(Keys.ENTER)
    wait_for_url(driver, "step=consents")

    tab_to(driver, named("consent_process")).send_keys(Keys.SPACE)
    tab_to(driver, named("consent_share")).send_keys(Keys.SPACE)
    tab_to(driver, named("preview")).send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#insurer-picker .reasons li"))
    assert not driver.find_elements(By.CSS_SELECTOR, ".error-summary"), "the preview asks for no consent"
    landed = driver.switch_to.active_element
    assert landed.get_attribute("id") == "insurer-matches", "focus moves to the list of insurers"
    assert landed.tag_name == "h2" and landed.get_attribute("tabindex") == "-1", landed.tag_name
    axe(driver, "consents with matches")
    shoot(driver, f"{lang}-{width}-3-consents")
    tab_to(driver, named("insurers")).send_keys(Keys.SPACE)
    tab_to(driver, named("continue")).send_keys(Keys.ENTER)
    wait_for_title(driver, words["check"])
    text = driver.find_element(By.TAG_NAME, "main").text
    assert "HK$18,000,000" in text
    axe(driver, "check your answers")
    shoot(driver, f"{lang}-{width}-4-check")

    tab_to(driver, named("send")).send_keys(Keys.ENTER)
    wait_for_url(driver, "/status/")
    enquiry = Enquiry.objects.get()
    assert enquiry.details["destination_countries"] == ["DE", "GB"] and enquiry.leads.count() == 1
    assert enquiry.reference in driver.find_element(By.TAG_NAME, "h1").text
    assert any(enquiry.access_token in m.body for m in mail.outbox)
    axe(driver, "status")
    shoot(driver, f"{lang}-{width}-5-status")
    withdraw = tab_to(driver, lambda e: "/withdraw/" in (e.get_attribute("href") or ""))
    withdraw.send_keys(Keys.ENTER)
    wait_for_url(driver, "/withdraw/")
    axe(driver, "withdraw confirmation")
    assert Enquiry.objects.exists(), "the confirmation page erases nothing"
    tab_to(driver, lambda e: e.tag_name == "button" and "button--warning" in (e.get_attribute("class") or ""))
    active(driver).send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: not Enquiry.objects.exists())
    axe(driver, "withdrawn")
    driver.get(f"{live_asgi.http_url}/{lang}/enquiries/resend/")
    axe(driver, "resend")


def test_insurer_quotes_with_the_keyboard_only(
    browser: Any, live_asgi: LiveASGIServer, appetite: None
) -> None:
    enquiry_submit(
        product_line="export_credit",
        applicant_jurisdiction="HK",
        contact_name="Chan Tai Man",
        email="chan@example.com",
        details={"annual_turnover_hkd": 18_000_000, "destination_countries": ["DE"], "payment_terms": ["OA"]},
        consents=["process", "share"],
    )
    user = User.objects.create_user("kt-keyboard", password=PASSWORD)
    InsurerMember.objects.create(user=user, insurer=Insurer.objects.get(slug="kwun-tong-general"))
    lead = Lead.objects.get(insurer__slug="kwun-tong-general")
    driver = browser
    driver.set_window_size(1280, 900)
    driver.delete_all_cookies()
    driver.get(f"{live_asgi.http_url}/en/enquiries/insurer/login/")
    axe(driver, "insurer login")
    tab_to(driver, named("username")).send_keys("kt-keyboard")
    tab_to(driver, named("password")).send_keys(PASSWORD + Keys.ENTER)
    wait_for_url(driver, "/enquiries/insurer/")
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "table.leads"))
    axe(driver, "dashboard")
    shoot(driver, "insurer-1-dashboard")
    tab_to(driver, lambda e: str(lead.delivery_id) in (e.get_attribute("href") or "")).send_keys(Keys.ENTER)
    wait_for_url(driver, str(lead.delivery_id))
    axe(driver, "lead")
    tab_to(driver, named("action", "accept")).send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.NAME, "amount"))
    amount = tab_to(driver, named("amount"))
    amount.send_keys("12,800")
    until = timezone.now().date() + timedelta(days=30)
    tab_to(driver, named("valid_until")).send_keys(until.strftime("%m%d%Y"))
    tab_to(driver, named("period_months")).send_keys("12")
    tab_to(driver, named("plan")).send_keys("Plan B")
    tab_to(driver, named("deductible")).send_keys("5k")
    axe(driver, "quote form")
    shoot(driver, "insurer-2-quote")
    tab_to(driver, named("action", "quote")).send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(
        lambda d: "Quote sent to the applicant" in d.find_element(By.CSS_SELECTOR, ".lead-status").text
    )
    confirmed = driver.find_element(By.CSS_SELECTOR, "[role=status]").text
    assert "Your quote is recorded" in confirmed, "the insurer is told the quote went through"
    lead.refresh_from_db()
    assert (lead.status, str(lead.quote_amount), lead.quote_valid_until) == ("quoted", "12800.00", until)
    assert lead.quote_terms == {"period_months": 12, "plan": "Plan B", "deductible": "5000.00"}
    tab_to(driver, named("action", "lost")).send_keys(Keys.ENTER)
    WebDriverWait(driver, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".confirm-box"))
    axe(driver, "lost confirmation")
    shoot(driver, "insurer-3-confirm")
    lead.refresh_from_db()
    assert lead.status == "quoted", "asking does not close the lead"


LINES = ("export_credit", "ecommerce", "overseas_ip", "gba_medical", "pension")


@pytest.mark.parametrize("lang", ["en", "zh-hant", "zh-hans"])
def test_every_enquiry_page_of_every_line_has_no_axe_violation(
    browser: Any, live_asgi: LiveASGIServer, appetite: None, lang: str
) -> None:
    driver = browser
    driver.set_window_size(1280, 900)
    driver.delete_all_cookies()
    base = f"{live_asgi.http_url}/{lang}/enquiries"
    driver.get(f"{base}/")
    axe(driver, f"{lang} start")
    for line in LINES:
        for step in ("about", "details", "consents", "check"):
            driver.get(f"{base}/new/{line}/?step={step}")
            axe(driver, f"{lang} {line} {step}")
        # Nothing answered: "check" is step 1 at its own address, saying why (tester B, D1).
        assert driver.current_url.endswith("?step=about") and driver.find_element(
            By.CSS_SELECTOR, "[role=status]"
        )
        driver.find_element(By.CSS_SELECTOR, "button[name=continue]").click()  # step 1 left empty
        WebDriverWait(driver, 10).until(lambda d: d.title.startswith(("Error:", "錯誤：", "错误：")))
        axe(driver, f"{lang} {line} about with errors")
        assert len(driver.find_elements(By.CSS_SELECTOR, "[role=alert]")) == 1
    shoot(driver, f"{lang}-1280-medical-errors")


def test_status_dashboard_and_lead_pages_in_three_languages_have_no_axe_violation(
    browser: Any, live_asgi: LiveASGIServer, appetite: None
) -> None:
    enquiry = enquiry_submit(
        product_line="export_credit",
        applicant_jurisdiction="HK",
        contact_name="Chan Tai Man",
        email="chan@example.com",
        details={
            "annual_turnover_hkd": 18_000_000,
            "destination_countries": ["DE", "GB"],
            "payment_terms": ["OA"],
        },
        consents=["process", "share"],
    )
    until = timezone.now().date() + timedelta(days=30)
    quoted = list(enquiry.leads.order_by("insurer__slug"))
    for lead, amount, currency in zip(quoted, ("12800", "1500"), ("HKD", "USD"), strict=False):
        from crossborder import leads

        leads.accept(lead, "test")
        leads.quote(
            lead, "test", amount=Decimal(amount), currency=currency, valid_until=until, notes="Plan B"
        )
    gone = enquiry_submit(
        product_line="export_credit",
        applicant_jurisdiction="HK",
        contact_name="Lee",
        email="lee@example.com",
        details={"annual_turnover_hkd": 18_000_000, "destination_countries": ["DE"]},
        consents=["process", "share"],
    )
    from crossborder.services import enquiry_withdraw_and_erase

    enquiry_withdraw_and_erase(gone)
    user = User.objects.create_user("kt-axe", password=PASSWORD)
    InsurerMember.objects.create(user=user, insurer=quoted[0].insurer)
    driver = browser
    driver.set_window_size(1280, 900)
    driver.delete_all_cookies()
    base = live_asgi.http_url
    for lang in ("en", "zh-hant", "zh-hans"):
        driver.get(f"{base}/{lang}/enquiries/status/{enquiry.access_token}/")
        axe(driver, f"{lang} status with quotes")
        shoot(driver, f"{lang}-status-quotes")
        driver.get(f"{base}/{lang}/enquiries/status/{enquiry.access_token}/withdraw/")
        axe(driver, f"{lang} withdraw confirmation")
        driver.get(f"{base}/{lang}/enquiries/resend/")
        axe(driver, f"{lang} resend")
    driver.get(f"{base}/en/enquiries/insurer/login/")
    driver.find_element(By.NAME, "username").send_keys("kt-axe")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    wait_for_url(driver, "/enquiries/insurer/")
    for lang in ("en", "zh-hant", "zh-hans"):
        driver.get(f"{base}/{lang}/enquiries/insurer/")
        assert driver.find_elements(By.CSS_SELECTOR, "tr.withdrawn"), "the withdrawn lead is a row"
        axe(driver, f"{lang} dashboard")
        shoot(driver, f"{lang}-dashboard")
        driver.get(f"{base}/{lang}/enquiries/insurer/leads/{quoted[0].delivery_id}/")
        axe(driver, f"{lang} lead")
        shoot(driver, f"{lang}-lead")


@pytest.mark.parametrize(
    ("lang", "label"),
    [("en", "Limit of cover (HK$)"), ("zh-hant", "保障限額（港元）"), ("zh-hans", "保障限额（港元）")],
)
def test_the_ip_limit_in_hk_dollars_and_its_error_at_both_widths(
    browser: Any, live_asgi: LiveASGIServer, appetite: None, lang: str, label: str
) -> None:
    """The HK$ limit box is labelled in the page's language; a limit in both currencies is one
    error, linked from the summary to the HK$ box, with no axe violation at 1280 or 390 px."""
    driver = browser
    driver.delete_all_cookies()
    page = f"{live_asgi.http_url}/{lang}/enquiries/new/overseas_ip/?step=details"
    try:
        for width in (1280, 390):
            driver.set_window_size(width, 900)
            driver.get(page)
            assert driver.find_element(By.CSS_SELECTOR, "label[for=id_limit_hkd]").text.startswith(label)
            for box, amount in (("id_limit_rmb", "5m"), ("id_limit_hkd", "5.5m")):
                driver.find_element(By.ID, box).clear()  # the draft keeps the last try's answers
                driver.find_element(By.ID, box).send_keys(amount)
            driver.find_element(By.ID, "id_limit_hkd").submit()
            wait_for_title(driver, ("Error:", "錯誤：", "错误：")[("en", "zh-hant", "zh-hans").index(lang)])
            link = driver.find_element(By.CSS_SELECTOR, ".error-summary a[href='#id_limit_hkd']")
            assert ("RMB or HK$", "人民幣或港元", "人民币或港元")[
                ("en", "zh-hant", "zh-hans").index(lang)
            ] in link.text
            link.click()
            assert active(driver).get_attribute("id") == "id_limit_hkd"
            assert driver.execute_script(
                "return document.documentElement.scrollWidth <= window.innerWidth + 1"
            )
            axe(driver, f"{lang} overseas_ip details {width}")
            shoot(driver, f"{lang}-{width}-ip-limit-error")
    finally:
        driver.set_window_size(1280, 900)


def test_long_unbroken_text_wraps_on_the_status_dashboard_and_lead_pages_at_phone_width(
    browser: Any, live_asgi: LiveASGIServer, appetite: None
) -> None:
    """Journey test E1: a 2,000-character note with no space made the applicant's page 19,000 px
    wide. Every text someone typed (a note, a reason, a name) wraps, in every language."""
    from crossborder import leads
    from tests.axe import set_width

    enquiry = enquiry_submit(
        product_line="export_credit",
        applicant_jurisdiction="HK",
        contact_name="Chan" + "x" * 110,
        email="chan@example.com",
        details={"annual_turnover_hkd": 18_000_000, "destination_countries": ["DE"], "payment_terms": ["OA"]},
        consents=["process", "share"],
    )
    quoted, declined = list(enquiry.leads.order_by("insurer__slug"))[:2]
    leads.accept(quoted, "test")
    until = timezone.now().date() + timedelta(days=30)
    note = "https://example.com/" + "a" * (leads.NOTES_MAX_CHARS - 20)
    leads.quote(quoted, "test", amount=Decimal("12800"), currency="HKD", valid_until=until, notes=note)
    leads.decline(declined, "test", "b" * leads.NOTES_MAX_CHARS)
    user = User.objects.create_user("kt-wrap", password=PASSWORD)
    InsurerMember.objects.create(user=user, insurer=quoted.insurer)
    driver = browser
    driver.delete_all_cookies()
    base = live_asgi.http_url
    driver.get(f"{base}/en/enquiries/insurer/login/")
    driver.find_element(By.NAME, "username").send_keys("kt-wrap")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    wait_for_url(driver, "/enquiries/insurer/")
    set_width(driver, "phone")
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        for lang in ("en", "zh-hant", "zh-hans"):
            for name, path in (
                ("status", f"/enquiries/status/{enquiry.access_token}/"),
                ("dashboard", "/enquiries/insurer/"),
                ("lead", f"/enquiries/insurer/leads/{quoted.delivery_id}/"),
            ):
                driver.get(f"{base}/{lang}{path}")
                wide = driver.execute_script("return document.documentElement.scrollWidth")
                assert wide <= 390, f"{lang} {name} is {wide} px wide at 390 px"
                # The viewport where the typed text is: the note, the reason, the name.
                driver.execute_script(
                    "const e = document.querySelector('.quote-cards, .decline-reason, table.leads, dl');"
                    "if (e) e.scrollIntoView();"
                )
                driver.save_screenshot(str(SHOTS / f"{lang}-390-long-note-{name}.png"))
            assert note[:40] in driver.page_source, "the note is shown whole, not cut"
        axe(driver, "status page with a long note")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
