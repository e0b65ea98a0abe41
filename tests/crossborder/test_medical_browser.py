"""The GBA-medical cover step in headless Chromium, keyboard only, with axe-core on every state: its
required answers named in the error summary, the per-person answers typed in the page's language,
and the check page showing what was chosen; English at 1280 px, Traditional Chinese at 390 px."""

from __future__ import annotations

from typing import Any

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.conftest import LiveASGIServer
from tests.crossborder.test_enquiry_browser import (
    axe,
    named,
    shoot,
    tab_to,
    wait_for_title,
    wait_for_url,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WORDS = {
    "en": {
        "error": "Error:",
        "area": "Select where the cover should apply",
        "sexes": "F, M",
        "smokers": "no, yes",
        "shown": [
            "Hong Kong and the Greater Bay Area",
            "HK$10,000",
            "Female, Male",
            "Does not smoke, Smokes",
        ],
    },
    "zh-hant": {
        "error": "錯誤：",
        "area": "請選擇保障地區",
        "sexes": "女、男",
        "smokers": "否、是",
        "shown": ["香港及大灣區", "HK$10,000", "女、男", "不吸煙、吸煙"],
    },
}


def choose(driver: Any, name: str, value: str) -> None:
    """Pick an option of a select with the keyboard: focus it by Tab, then type until it is chosen."""
    select = tab_to(driver, named(name))
    for _ in range(20):
        if select.get_attribute("value") == value:
            return
        select.send_keys(Keys.ARROW_DOWN)
    raise AssertionError(f"{value} not reached in {name}")


@pytest.mark.parametrize(("lang", "width"), [("en", 1280), ("zh-hant", 390)])
def test_the_medical_cover_step_with_the_keyboard_only(
    browser: Any, live_asgi: LiveASGIServer, appetite: None, lang: str, width: int
) -> None:
    words = WORDS[lang]
    driver = browser
    driver.set_window_size(width, 900)
    driver.delete_all_cookies()
    driver.get(f"{live_asgi.http_url}/{lang}/enquiries/new/gba_medical/")
    tab_to(driver, named("applicant_jurisdiction", "HK")).send_keys(Keys.SPACE)
    tab_to(driver, named("contact_name")).send_keys("Chan Tai Man")
    tab_to(driver, named("email")).send_keys("chan@example.com" + Keys.ENTER)
    wait_for_url(driver, "step=details")
    axe(driver, "medical cover step")
    shoot(driver, f"{lang}-{width}-medical-cover")

    tab_to(driver, named("continue")).send_keys(Keys.ENTER)
    wait_for_title(driver, words["error"])
    summary = driver.find_element(By.CSS_SELECTOR, ".error-summary").text
    assert words["area"] in summary, "the area of cover is asked for by name"
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, ".error-summary a")]
    assert any(h.endswith("#id_area_of_cover") for h in links) and any(h.endswith("#id_sexes") for h in links)
    axe(driver, "medical cover step with errors")
    shoot(driver, f"{lang}-{width}-medical-cover-errors")

    tab_to(driver, named("insured_relationships", "self")).send_keys(Keys.SPACE)
    tab_to(driver, named("insured_relationships", "spouse")).send_keys(Keys.SPACE)
    tab_to(driver, named("ages")).send_keys("42, 40")
    tab_to(driver, named("sexes")).send_keys(words["sexes"])
    tab_to(driver, named("smokers")).send_keys(words["smokers"])
    choose(driver, "residency_status", "hk_permanent")
    choose(driver, "city_of_residence", "HK")
    choose(driver, "area_of_cover", "HK+GBA")
    choose(driver, "deductible_hkd", "10000")
    tab_to(driver, named("riders", "outpatient")).send_keys(Keys.SPACE)
    tab_to(driver, named("existing_cover", "vhis")).send_keys(Keys.SPACE)
    tab_to(driver, named("continue")).send_keys(Keys.ENTER)
    wait_for_url(driver, "step=consents")
    assert not driver.find_elements(By.CSS_SELECTOR, ".error-summary")

    tab_to(driver, named("consent_process")).send_keys(Keys.SPACE)
    tab_to(driver, named("continue")).send_keys(Keys.ENTER)
    wait_for_url(driver, "step=check")
    text = driver.find_element(By.TAG_NAME, "main").text
    for shown in words["shown"]:
        assert shown in text, shown
    axe(driver, "check your medical answers")
    shoot(driver, f"{lang}-{width}-medical-check")
