"""Compare and product pages in headless Chromium at desktop and phone widths, with axe-core."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.axe import WIDTHS, axe_violations, screenshot, set_width
from tests.conftest import LiveASGIServer
from tests.portal.compare_fixtures import attach_demo_documents

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MEDICAL = "lantau-bridgecare,taipo-familycare,tungchung-twinbay,dameisha-gangao-ankang"


@pytest.fixture
def documents(demo_catalogue: None, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    attach_demo_documents()


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_compare_at_desktop_and_phone_widths(
    browser, live_asgi: LiveASGIServer, documents: None, language: str
) -> None:  # type: ignore[no-untyped-def]
    try:
        for width in ("desktop", "phone"):
            set_width(browser, width)
            # With an age, so axe also checks the premium readings (a list inside a status region).
            browser.get(f"{live_asgi.http_url}/{language}/compare/?products={MEDICAL}&age=40")
            assert len(browser.find_elements(By.CSS_SELECTOR, "[role=status] > ul.premiums > li")) == 4
            table = browser.find_element(By.CSS_SELECTOR, "table.compare")
            assert table.find_element(By.TAG_NAME, "caption").text
            assert len(table.find_elements(By.CSS_SELECTOR, "thead th[scope=col]")) == 5
            assert table.find_elements(By.CSS_SELECTOR, "tr.differs .diff-mark"), (
                "differences are marked in words"
            )
            # The page itself never scrolls sideways; only the table's region does.
            assert browser.execute_script(
                "return document.documentElement.scrollWidth <= window.innerWidth + 1"
            )
            assert axe_violations(browser) == []
            browser.execute_script("document.getElementById('premiums').scrollIntoView()")
            screenshot(browser, f"compare-premiums-medical-{language}-{width}")
            browser.execute_script("arguments[0].scrollIntoView()", table)
            screenshot(browser, f"compare-{language}-{width}")
            if width == "phone":
                _assert_first_column_stays(browser)
                screenshot(browser, f"compare-{language}-{width}-scrolled")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _assert_first_column_stays(driver: Any) -> None:
    region = driver.find_element(By.CSS_SELECTOR, ".compare-scroll")
    header = driver.find_element(By.CSS_SELECTOR, "table.compare tbody th[scope=row]")
    assert driver.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", region)
    left = header.rect["x"]
    driver.execute_script("arguments[0].scrollLeft = 300", region)
    WebDriverWait(driver, 5).until(lambda d: d.execute_script("return arguments[0].scrollLeft", region) > 0)
    assert abs(header.rect["x"] - left) < 1, "the key-fact column stays in view"


def test_pick_plans_from_a_product_page_then_share(
    browser, live_asgi: LiveASGIServer, documents: None
) -> None:  # type: ignore[no-untyped-def]
    browser.get(f"{live_asgi.http_url}/en/products/taipo-familycare/")
    _click(browser, browser.find_element(By.PARTIAL_LINK_TEXT, "Compare with other plans"))
    _click(browser, browser.find_element(By.CSS_SELECTOR, "input[name=products][value=lantau-bridgecare]"))
    _click(browser, browser.find_element(By.CSS_SELECTOR, "form.picker fieldset ~ button"))
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "table.compare"))
    assert (
        "products=lantau-bridgecare" in browser.current_url
        or "products=taipo-familycare" in browser.current_url
    )
    shared = browser.current_url
    browser.get(shared)
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.compare thead th[scope=col]")) == 3


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_product_page_with_key_facts_and_an_estimate_passes_axe(
    browser, live_asgi: LiveASGIServer, documents: None, language: str
) -> None:  # type: ignore[no-untyped-def]
    browser.get(
        f"{live_asgi.http_url}/{language}/products/taipo-familycare/?table=0&option=Hospital+section&age=35#estimate"
    )
    assert browser.find_element(By.CSS_SELECTOR, "table.keyfacts")
    assert "6,540" in browser.find_element(By.CSS_SELECTOR, ".estimate-result").text
    assert axe_violations(browser) == []
    browser.execute_script("document.getElementById('key-facts').scrollIntoView()")
    screenshot(browser, f"product-{language}-desktop")


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_network_hospitals_on_the_product_page_and_the_lookup_pass_axe(
    browser, live_asgi: LiveASGIServer, documents: None, language: str
) -> None:  # type: ignore[no-untyped-def]
    """The demo plan that prints its network: its direct-settlement hospitals by city on its
    page, and the compare page's lookup finding it by a hospital's Chinese name."""
    browser.get(f"{live_asgi.http_url}/{language}/products/taipo-baylink/")
    rows = browser.find_elements(By.CSS_SELECTOR, "table.network tbody tr")
    assert len(rows) == 8
    assert axe_violations(browser) == []
    browser.execute_script("document.getElementById('network').scrollIntoView()")
    screenshot(browser, f"product-network-{language}-desktop")
    try:
        set_width(browser, "phone")
        browser.get(f"{live_asgi.http_url}/{language}/compare/?hospital=蓮灣#hospitals")
        found = browser.find_element(By.CSS_SELECTOR, ".hospital-matches").text
        assert "Qianhai Lotus Bay Hospital" in found
        assert axe_violations(browser) == []
        screenshot(browser, f"compare-hospital-{language}-phone")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_long_table_options_fit_a_phone(
    browser, live_asgi: LiveASGIServer, documents: None, language: str
) -> None:  # type: ignore[no-untyped-def]
    """A rate table's row labels ("一类（美国、欧盟、日本、澳大利亚等）") are wider than a phone:
    the select shrinks to its card, the page never scrolls sideways."""
    try:
        set_width(browser, "phone")
        browser.get(f"{live_asgi.http_url}/{language}/products/yantian-chuhai-xinbao/#estimate")
        select = browser.find_element(By.CSS_SELECTOR, "form.estimate select[name=row]")
        card = browser.find_element(By.CSS_SELECTOR, "form.estimate")
        assert select.rect["x"] + select.rect["width"] <= card.rect["x"] + card.rect["width"]
        # A mobile viewport widens to fit what overflows, so compare with the phone's own width.
        phone = WIDTHS["phone"][0]
        assert browser.execute_script("return document.documentElement.scrollWidth") <= phone
        assert axe_violations(browser) == []
        browser.execute_script("arguments[0].scrollIntoView()", select)
        screenshot(browser, f"product-estimate-{language}-phone")
        browser.get(
            f"{live_asgi.http_url}/{language}/compare/?products=kwuntong-tradeguard,yantian-chuhai-xinbao&age=40#premiums"
        )
        assert browser.execute_script("return document.documentElement.scrollWidth") <= phone
        assert axe_violations(browser) == []
        screenshot(browser, f"compare-premiums-{language}-phone")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _click(driver: Any, element: Any) -> None:
    # As a reader does: scroll the control to the middle first. Selenium scrolls only until it is
    # on screen, which can leave it under the fixed chat launcher at the window's bottom edge.
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_values_quoted_in_the_other_language_are_glossed_at_both_widths(
    browser, live_asgi: LiveASGIServer, documents: None, language: str
) -> None:  # type: ignore[no-untyped-def]
    """D8: the gloss and the language note sit under the value as stated, which keeps its link,
    on the compare page and on a plan page whose document is in the other language."""
    other = "yantian-chuhai-xinbao" if language == "en" else "kwuntong-patentpursuit"
    plans = "longgang-chuhai-hanghu,taipo-haiwai-weiquan,kwuntong-patentpursuit"
    try:
        for width in ("desktop", "phone"):
            set_width(browser, width)
            for name, path in (
                ("compare-ip", f"/compare/?products={plans}"),
                ("product", f"/products/{other}/"),
            ):
                browser.get(f"{live_asgi.http_url}/{language}{path}")
                glossed = browser.find_elements(By.CSS_SELECTOR, "td .fact-gloss")
                assert glossed and all(g.is_displayed() for g in glossed), name
                cell = glossed[0].find_element(By.XPATH, "..")
                assert cell.find_element(By.CSS_SELECTOR, "a.fact[lang]").get_attribute("href")
                assert cell.find_element(By.CSS_SELECTOR, ".fact-lang").text
                assert browser.execute_script(
                    "return document.documentElement.scrollWidth <= window.innerWidth + 1"
                ), "the page itself never scrolls sideways"
                assert axe_violations(browser) == []
                browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", cell)
                screenshot(browser, f"gloss-{name}-{language}-{width}")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
