"""The widget in headless Chromium: ask, see the streamed answer and a citation; survive a dropped connection."""

from __future__ import annotations

import pytest

from tests.conftest import LiveASGIServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _wait(browser: object, condition: object, timeout: float = 60) -> object:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, timeout).until(condition)  # type: ignore[arg-type]


def test_widget_answers_with_citations_and_resumes_after_a_drop(
    plan_documents: list[str], live_asgi: LiveASGIServer, browser: object
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver = browser
    driver.get(f"{live_asgi.http_url}/en/")  # type: ignore[attr-defined]
    driver.execute_script("sessionStorage.clear()")  # type: ignore[attr-defined]
    driver.get(f"{live_asgi.http_url}/en/")  # type: ignore[attr-defined]
    field = driver.find_element(By.ID, "chat-input")  # type: ignore[attr-defined]
    field.send_keys("What is the overall annual limit of the Harbourview Plus plan?", Keys.ENTER)
    answer = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".msg.assistant[aria-busy='false']"))
    assert "2,400,000" in answer.text  # type: ignore[attr-defined]
    link = answer.find_element(By.CSS_SELECTOR, ".citations a")  # type: ignore[attr-defined]
    assert "/documents/harbourview-care/" in link.get_attribute("href")
    assert answer.find_element(By.CSS_SELECTOR, ".feedback button[aria-label]")  # type: ignore[attr-defined]

    # Drop the connection; a follow-up typed meanwhile is sent after reconnecting, answered once.
    driver.execute_script("window.chatWidget.drop()")  # type: ignore[attr-defined]
    field.send_keys("And the Standard plan?", Keys.ENTER)
    _wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.assistant[aria-busy='false']")) == 2)
    answers = driver.find_elements(By.CSS_SELECTOR, ".msg.assistant")  # type: ignore[attr-defined]
    assert len(answers) == 2 and "800,000" in answers[1].text
    seq = int(driver.execute_script("return sessionStorage.getItem('chat-seq')"))  # type: ignore[attr-defined]
    # A reload replays nothing twice: the widget skips frames it has already seen.
    driver.execute_script("window.chatWidget.drop()")  # type: ignore[attr-defined]
    _wait(driver, lambda d: d.find_element(By.ID, "chat-status").text == "")
    assert len(driver.find_elements(By.CSS_SELECTOR, ".msg.assistant")) == 2  # type: ignore[attr-defined]
    assert int(driver.execute_script("return sessionStorage.getItem('chat-seq')")) == seq  # type: ignore[attr-defined]
