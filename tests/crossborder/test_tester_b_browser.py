"""Tester B's findings in headless Chromium against the real ASGI server, with axe-core on every
page they touch and screenshots (var/screenshots/) at desktop and phone widths in three languages:
Back after sending and "Send enquiry" again (D1), the language links of a withdrawn enquiry (D10),
the quote form's every error at once (D13), a skip link to the chat, figures in a narrow chat table,
and the insurer dashboard's status column on a phone."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from crossborder.models import Enquiry, Lead
from tests.axe import gone, set_width
from tests.conftest import LiveASGIServer
from tests.crossborder.test_dashboard_browser import _enquiry, _member, _sign_in
from tests.crossborder.test_enquiry_browser import axe, shoot

pytestmark = [pytest.mark.browser, pytest.mark.slow]
LANGUAGES = ("en", "zh-hant", "zh-hans")


def _click(driver: Any, selector: str) -> None:
    """Click and wait for the next page (the old one's <html> goes stale)."""
    html = driver.find_element(By.TAG_NAME, "html")
    button = driver.find_element(By.CSS_SELECTOR, selector)
    # In the middle of the view: at a phone's width the chat launcher floats over the page's foot.
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    WebDriverWait(driver, 10).until(gone(html))


def _send_in_steps(driver: Any, base: str, lang: str) -> None:
    driver.delete_all_cookies()
    driver.get(f"{base}/{lang}/enquiries/new/export_credit/")
    driver.find_element(By.ID, "id_applicant_jurisdiction_0").click()
    driver.find_element(By.NAME, "contact_name").send_keys("Chan Tai Man")
    driver.find_element(By.NAME, "email").send_keys("chan@example.com")
    _click(driver, "button[name=continue]")
    driver.find_element(By.NAME, "annual_turnover_hkd").send_keys("18m")
    driver.find_element(By.NAME, "destination_countries").send_keys("DE, UK")
    _click(driver, "button[name=continue]")
    driver.find_element(By.NAME, "consent_process").click()
    driver.find_element(By.NAME, "consent_share").click()
    _click(driver, "button[name=continue]")
    assert "step=check" in driver.current_url
    _click(driver, "button[name=send]")
    assert "/status/" in driver.current_url


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_back_after_sending_then_send_again_says_it_went_and_withdrawn_links_work_in_every_language(
    browser: Any, live_asgi: LiveASGIServer, appetite: None, lang: str, width: str
) -> None:
    driver = browser
    set_width(driver, width)
    try:
        _send_in_steps(driver, live_asgi.http_url, lang)
        enquiry = Enquiry.objects.get()
        driver.back()  # the browser's copy of "Check your answers", its Send button active
        WebDriverWait(driver, 10).until(lambda d: "step=check" in d.current_url)
        _click(driver, "button[name=send]")
        main = driver.find_element(By.TAG_NAME, "main").text
        assert enquiry.reference in main and Enquiry.objects.count() == 1, main
        status_link = driver.find_element(By.CSS_SELECTOR, f"a[href$='/status/{enquiry.access_token}/']")
        axe(driver, "already sent")
        shoot(driver, f"testerB-already-sent-{lang}-{width}")

        status_link.click()
        WebDriverWait(driver, 10).until(ec.url_contains("/status/"))
        driver.get(f"{live_asgi.http_url}/{lang}/enquiries/status/{enquiry.access_token}/withdraw/")
        _click(driver, "button.button--warning")
        assert not Enquiry.objects.exists()
        for other in LANGUAGES:
            html = driver.find_element(By.TAG_NAME, "html")
            driver.find_element(By.CSS_SELECTOR, f".lang-switch a[lang='{other}']").click()
            WebDriverWait(driver, 10).until(gone(html))
            assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == other
            assert enquiry.reference in driver.find_element(By.TAG_NAME, "main").text
            axe(driver, f"withdrawn in {other}")
        shoot(driver, f"testerB-withdrawn-{lang}-{width}")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_skip_link_opens_the_chat_in_two_key_presses(
    browser: Any, live_asgi: LiveASGIServer, demo_catalogue: None, lang: str
) -> None:
    """Tester B: 52 Tabs from a compare page to the chat launcher."""
    driver = browser
    driver.delete_all_cookies()
    driver.get(f"{live_asgi.http_url}/{lang}/compare/?products=lantau-bridgecare,taipo-familycare")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    driver.switch_to.active_element.send_keys(Keys.TAB)
    skip = driver.switch_to.active_element
    assert skip.get_attribute("href").endswith("#chat-launcher"), skip.get_attribute("outerHTML")
    shoot(driver, f"testerB-skip-to-chat-{lang}")
    skip.send_keys(Keys.ENTER)
    WebDriverWait(driver, 5).until(lambda d: d.find_element(By.ID, "chat-panel").is_displayed())
    assert driver.switch_to.active_element.get_attribute("id") == "chat-input"
    axe(driver, "chat opened by the skip link")


def test_figures_in_a_chat_table_never_break_inside_a_number_on_a_phone(
    browser: Any, live_asgi: LiveASGIServer, demo_catalogue: None
) -> None:
    """Tester B: "HK$1,500,0 / 00" in the phone chat's comparison table."""
    driver = browser
    set_width(driver, "phone")
    try:
        driver.get(f"{live_asgi.http_url}/en/")
        lines = driver.execute_script(
            """
            const text = document.createElement("div");
            text.className = "msg__text";
            text.style.width = "300px";
            text.innerHTML = '<div class="msg__table"><table><tr><th>Key fact</th>'
              + '<th>BridgeCare GBA Hospital Plan</th><th>FamilyCare GBA Hospital Plan</th></tr>'
              + '<tr><th>Annual limit</th><td id="fig">HK$1,500,000 (Standard)</td>'
              + '<td>HK$2,000,000</td></tr></table></div>';
            document.querySelector("main").appendChild(text);
            const figure = document.getElementById("fig").firstChild;
            const range = document.createRange();
            range.setStart(figure, 0);
            range.setEnd(figure, "HK$1,500,000".length);
            return range.getClientRects().length;
            """
        )
        assert lines == 1, "the figure is on one line"
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dashboard_status_column_is_readable_on_a_phone_and_quote_errors_all_show(
    browser: Any, live_asgi: LiveASGIServer, appetite: None, lang: str
) -> None:
    _member("kt", "kwun-tong-general")
    _enquiry("a@example.com")
    lead = Lead.objects.get(insurer__slug="kwun-tong-general")
    lead.status = Lead.Status.ACCEPTED
    lead.save(update_fields=["status"])
    driver = browser
    _sign_in(driver, live_asgi.http_url, "kt")
    set_width(driver, "phone")
    try:
        driver.get(f"{live_asgi.http_url}/{lang}/enquiries/insurer/")
        status = driver.find_element(By.CSS_SELECTOR, "table.leads tbody td:nth-child(4)")
        assert status.size["width"] >= 150, status.size
        axe(driver, "dashboard on a phone")
        shoot(driver, f"testerB-dashboard-{lang}-phone")
        driver.get(f"{live_asgi.http_url}/{lang}/enquiries/insurer/leads/{lead.delivery_id}/")
        _click(driver, "button[name=action][value=quote]")
        links = driver.find_elements(By.CSS_SELECTOR, ".error-summary a")
        assert {a.get_attribute("href").rsplit("#", 1)[1] for a in links} == {"id_amount", "id_valid_until"}
        axe(driver, "quote errors")
        shoot(driver, f"testerB-quote-errors-{lang}-phone")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
