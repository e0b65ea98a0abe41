"""The chat widget in headless Chromium against the real ASGI server.

Launcher, streamed answer with linked [n] markers and one source per unit, history across pages and
reloads, resume after a dropped connection and after the server's frame counter restarts, delete with
confirmation, inline down-vote reason, errors in the page's language, contact a person, keyboard only,
and axe-core with the panel open in three languages at both widths.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from chat import owners, replay
from chat.models import ContactRequest, Conversation, Feedback
from tests.axe import WIDTHS, axe_violations, screenshot, set_width
from tests.conftest import LiveASGIServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ANSWERS = ".msg--assistant[data-message]"
LIMIT_QUESTION = "What is the overall annual limit of the Harbourview Plus plan?"
ROOM_QUESTION = "What is the daily room and board limit of the Lantau Senior Hospital Plan?"
# Watches the widget from inside the page: was Ask disabled while an answer streamed, was the
# answering state shown, and what did the live region say (and how often).
WATCH = """
const seen = window.__seen = {disabled: false, enabledWhileBusy: false, answering: false, announced: []};
const send = document.getElementById("chat-send");
new MutationObserver(() => {
  const busy = document.querySelector(".msg[aria-busy='true']") || !document.getElementById("chat-answering").hidden;
  if (send.disabled) seen.disabled = true;
  if (busy && !send.disabled) seen.enabledWhileBusy = true;
  if (!document.getElementById("chat-answering").hidden) seen.answering = true;
}).observe(document.getElementById("chat"), {attributes: true, childList: true, subtree: true, characterData: true});
const live = document.getElementById("chat-announce");
new MutationObserver(() => seen.announced.push(live.textContent)).observe(live, {childList: true, characterData: true, subtree: true});
"""


def _wait(driver: Any, condition: Callable[[Any], Any], timeout: float = 60) -> Any:
    return WebDriverWait(driver, timeout).until(condition)


@pytest.fixture
def chat_page(
    browser: Any, live_asgi: LiveASGIServer, plan_documents: list[str]
) -> Iterator[Callable[..., Any]]:
    """Open a page with an empty chat history and the panel closed."""

    def visit(path: str = "/en/", *, fresh: bool = True) -> Any:
        browser.get(f"{live_asgi.http_url}{path}")
        if fresh:
            browser.execute_script("sessionStorage.clear()")
            browser.get(f"{live_asgi.http_url}{path}")
        return browser

    yield visit
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.execute_script("sessionStorage.clear()")


def _open(driver: Any) -> None:
    if driver.find_element(By.ID, "chat-panel").is_displayed():
        return
    driver.find_element(By.ID, "chat-launcher").click()
    _wait(driver, lambda d: d.find_element(By.ID, "chat-input").is_displayed(), 10)


def _ask(driver: Any, text: str) -> Any:
    """Ask and return the new answer's list item once it is complete."""
    before = len(driver.find_elements(By.CSS_SELECTOR, ANSWERS))
    driver.find_element(By.ID, "chat-input").send_keys(text, Keys.ENTER)
    _wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ANSWERS)) == before + 1)
    return driver.find_elements(By.CSS_SELECTOR, ANSWERS)[-1]


def _state(driver: Any) -> dict[str, Any]:
    state: dict[str, Any] = driver.execute_script("return window.chatWidget.state()")
    return state


def test_answer_streams_with_linked_sources_and_history_survives_pages_and_reloads(
    chat_page: Callable[..., Any],
) -> None:
    driver = chat_page("/en/")
    assert not driver.find_element(By.ID, "chat-panel").is_displayed(), "a launcher, not a section"
    _open(driver)
    assert driver.find_elements(By.CSS_SELECTOR, "#chat-starter-list [data-chat-ask]"), "starter questions"
    driver.execute_script(WATCH)
    answer = _ask(driver, LIMIT_QUESTION)
    assert "2,400,000" in answer.text
    seen = driver.execute_script("return window.__seen")
    assert seen["disabled"] and seen["answering"] and not seen["enabledWhileBusy"]
    assert driver.find_element(By.ID, "chat-send").is_enabled()
    assert not driver.find_element(By.ID, "chat-answering").is_displayed()
    # The live region gets the finished answer, once: not every streamed piece.
    assert len(seen["announced"]) == 1 and "2,400,000" in seen["announced"][0]

    frame = _state(driver)["items"][-1]["frame"]
    cites = frame["citations"]
    # The limit is a table row: its [n] marker is in the table's cell, as in the text's lines.
    markers = answer.find_elements(By.CSS_SELECTOR, ".msg__text a.cite, .msg__table a.cite")
    assert markers, "[n] markers are links"
    entries = {
        link.text: link.get_attribute("href")
        for link in answer.find_elements(By.CSS_SELECTOR, ".sources__units a")
    }
    for marker in markers:
        assert marker.get_attribute("href") == entries[marker.text], "[n] leads where source n does"
    passages = {(c["url"], c["quote"].lstrip("•· ").strip()) for c in cites}
    assert len(answer.find_elements(By.CSS_SELECTOR, ".sources__units a")) == len(passages)
    documents = answer.find_elements(By.CSS_SELECTOR, ".sources__docs > li")
    assert len(documents) == len({c["doc_id"] for c in cites})
    for document in documents:
        title = document.find_element(By.CSS_SELECTOR, "a").text
        places = [p.text for p in document.find_elements(By.CSS_SELECTOR, ".sources__where")]
        assert document.text.count(title) == 1 and not any(title in place for place in places)

    # Another page, then a reload: the conversation is still there, and a follow-up is answered.
    driver.find_element(By.CSS_SELECTOR, ".site-nav a").click()
    _wait(driver, lambda d: "/en/products/" in d.current_url, 10)
    assert driver.find_element(By.ID, "chat-panel").is_displayed()
    assert len(driver.find_elements(By.CSS_SELECTOR, ".msg--user")) == 1
    assert "2,400,000" in driver.find_element(By.CSS_SELECTOR, ANSWERS).text
    driver.refresh()
    assert len(driver.find_elements(By.CSS_SELECTOR, ANSWERS)) == 1
    assert "800,000" in _ask(driver, "And the Standard plan?").text

    # A quote in another language than the page says so.
    chinese = _ask(driver, ROOM_QUESTION)
    assert chinese.find_element(By.CSS_SELECTOR, ".msg__text").get_attribute("lang") == "en"
    quoted = {c["quote"].lstrip("• ") for c in _state(driver)["items"][-1]["frame"]["citations"]}
    marked = chinese.find_elements(By.CSS_SELECTOR, ".msg__text .msg__quote, q.sources__quote")
    # A quoted table row is shown as a row of the answer's table: every cell, in its language.
    rows = [
        [cell.text for cell in row.find_elements(By.CSS_SELECTOR, "th span[lang], td span[lang]")]
        for row in chinese.find_elements(By.CSS_SELECTOR, ".msg__table tbody tr")
    ]
    in_tables = {q for q in quoted if any(cells and all(c in q for c in cells) for cells in rows)}
    assert {m.text.strip("「」“”") for m in marked} | in_tables >= quoted, (
        "every quote shown, in the answer, a table or the sources"
    )
    assert all(m.get_attribute("lang") == "zh-Hant" for m in marked)
    spans = chinese.find_elements(By.CSS_SELECTOR, ".msg__table span[lang]")
    assert all(s.get_attribute("lang") == "zh-Hant" for s in spans)
    for document in chinese.find_elements(By.CSS_SELECTOR, ".sources__docs > li"):
        title = document.find_element(By.CSS_SELECTOR, "a").text
        places = [p.text for p in document.find_elements(By.CSS_SELECTOR, ".sources__where")]
        assert places and not any(title in place for place in places), "the title once, not in each unit"


def test_answers_arrive_after_a_drop_and_after_the_server_counter_restarts(
    chat_page: Callable[..., Any],
) -> None:
    driver = chat_page("/en/")
    _open(driver)
    _ask(driver, LIMIT_QUESTION)
    # Drop the connection; a follow-up typed meanwhile is sent after reconnecting, answered once.
    driver.execute_script("window.chatWidget.drop()")
    assert "800,000" in _ask(driver, "And the Standard plan?").text
    # A server restart (or an idle hour) forgets the frames: numbering starts at 1 again. (Only this
    # conversation's keys: the cache may be a Redis that other runs share.)
    replay.forget(_state(driver)["conversation"])
    driver.execute_script("window.chatWidget.drop()")
    _wait(driver, lambda d: d.find_element(By.ID, "chat-status").text == "", 20)
    assert "2,400,000" in _ask(driver, LIMIT_QUESTION).text
    assert _state(driver)["seq"] < 5, "the stored seq follows the server's new numbering"
    # A reload shows each answer once, and replays nothing twice.
    driver.refresh()
    _wait(driver, lambda d: d.execute_script("return window.chatWidget.state().pending") is False, 10)
    assert len(driver.find_elements(By.CSS_SELECTOR, ANSWERS)) == 3
    assert (
        len(
            set(
                driver.execute_script(
                    "return [...document.querySelectorAll('.msg--assistant')].map((m) => m.dataset.message)"
                )
            )
        )
        == 3
    )


def test_an_answer_cut_off_by_a_reload_arrives_after_it(
    chat_page: Callable[..., Any], fake_llm: Any, settings: Any
) -> None:
    """The page reloads while the model is still composing: the answer is finished for the old
    connection and kept, and the reloaded page fetches it (resume) instead of losing it."""
    # The model takes longer than a reload under CI's parallel groups (a second delay was not).
    settings.LLM_TIMEOUT_SECONDS = 10.0
    fake_llm.reply = "The Plus plan's overall annual limit is HK$2,400,000 a year. [1]"
    driver = chat_page("/en/")
    _open(driver)
    _ask(driver, LIMIT_QUESTION)
    fake_llm.delay = 4.0  # under the model timeout: the model's answer, not the fallback
    driver.find_element(By.ID, "chat-input").send_keys(LIMIT_QUESTION, Keys.ENTER)
    driver.refresh()
    assert driver.find_element(By.ID, "chat-answering").is_displayed(), "still answering after the reload"
    _wait(driver, lambda d: len(d.find_elements(By.CSS_SELECTOR, ANSWERS)) == 2, 30)
    assert not driver.find_element(By.ID, "chat-answering").is_displayed()
    assert len(driver.find_elements(By.CSS_SELECTOR, ".msg--user")) == 2
    assert "2,400,000" in driver.find_elements(By.CSS_SELECTOR, ANSWERS)[1].text


def test_feedback_errors_contact_and_delete_in_traditional_chinese(
    chat_page: Callable[..., Any], settings: Any
) -> None:
    driver = chat_page("/zh-hant/")
    _open(driver)
    driver.execute_script("window.prompt = () => { throw new Error('no prompts'); }")
    answer = _ask(driver, ROOM_QUESTION)

    # Down-vote: an inline reason box, buttons with words.
    down = answer.find_element(By.CSS_SELECTOR, ".feedback button[data-vote='down']")
    assert "沒有幫助" in down.text
    down.click()
    reason = answer.find_element(By.CSS_SELECTOR, ".feedback__reason textarea")
    assert reason.is_displayed() and driver.switch_to.active_element == reason
    reason.send_keys("未有列出門診")
    answer.find_element(By.CSS_SELECTOR, ".feedback__reason button").click()
    _wait(driver, lambda d: down.get_attribute("aria-pressed") == "true" and not reason.is_displayed(), 10)
    assert Feedback.objects.get().reason == "未有列出門診"

    # Contact a person: field errors in Chinese, then a reference; the chat attached with consent.
    driver.find_element(By.ID, "chat-contact-open").click()
    contact = driver.find_element(By.ID, "chat-contact")
    assert contact.is_displayed()
    contact.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    _wait(driver, lambda d: d.find_element(By.ID, "chat-contact-name-error").text == "請輸入您的姓名", 10)
    contact.find_element(By.NAME, "name").send_keys("陳大文")
    contact.find_element(By.CSS_SELECTOR, "input[value=whatsapp]").click()
    contact.find_element(By.NAME, "contact").send_keys("+852 9123 4567")
    contact.find_element(By.NAME, "attach_transcript").click()
    contact.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    note = _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ".msg--note"), 10)[0]
    request = ContactRequest.objects.get()
    assert request.reference in note.text and "參考編號" in note.text
    assert request.channel == "whatsapp" and ROOM_QUESTION in request.transcript

    # An answer that offers a person opens the same form, with the question filled in.
    offer = _ask(driver, "我想搵真人傾")
    offer.find_element(By.CSS_SELECTOR, ".msg__actions button").click()
    assert contact.is_displayed()
    # On a line of its own: what the visitor adds starts on the next line (tester B: it ran on).
    assert contact.find_element(By.NAME, "question").get_attribute("value") == "我想搵真人傾\n"
    driver.find_element(By.ID, "chat-contact-cancel").click()
    assert not contact.is_displayed() and driver.find_element(By.ID, "chat-input").is_displayed()

    # Errors in the page's language.
    settings.CHAT_RATE_PER_CONNECTION = 1
    # The limit counts in fixed windows: when a slow run puts this question in a new window, it is
    # the only one there and is answered; the next one over the limit is refused.
    errors = ()
    for _ in range(2):
        before = len(driver.find_elements(By.CSS_SELECTOR, f"{ANSWERS}, .msg--error"))
        driver.find_element(By.ID, "chat-input").send_keys("等候期有多長？", Keys.ENTER)
        _wait(
            driver,
            lambda d, n=before: len(d.find_elements(By.CSS_SELECTOR, f"{ANSWERS}, .msg--error")) > n,
            20,
        )
        if errors := driver.find_elements(By.CSS_SELECTOR, ".msg--error"):
            break
    assert errors and "請等一分鐘" in errors[0].text

    # Delete asks first; "keep it" keeps it.
    assert Conversation.objects.count() == 1
    driver.find_element(By.ID, "chat-delete").click()
    assert driver.find_element(By.ID, "chat-confirm").is_displayed()
    driver.find_element(By.ID, "chat-confirm-no").click()
    assert driver.find_elements(By.CSS_SELECTOR, ANSWERS) and Conversation.objects.count() == 1
    driver.find_element(By.ID, "chat-delete").click()
    driver.find_element(By.ID, "chat-confirm-yes").click()
    _wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, ".msg"), 10)
    assert Conversation.objects.count() == 0
    assert "對話" in driver.find_element(By.ID, "chat-status").text
    driver.refresh()
    assert not driver.find_elements(By.CSS_SELECTOR, ".msg")


def test_not_helpful_is_recorded_on_click_and_the_reason_added_to_the_same_vote(
    chat_page: Callable[..., Any],
) -> None:
    """Journey test E6: a down-vote whose optional reason is never sent still reaches the staff."""
    driver = chat_page("/en/")
    _open(driver)
    answer = _ask(driver, ROOM_QUESTION)
    down = answer.find_element(By.CSS_SELECTOR, ".feedback button[data-vote='down']")
    down.click()
    _wait(driver, lambda d: down.get_attribute("aria-pressed") == "true", 10)
    assert Feedback.objects.values_list("vote", "reason").get() == ("down", "")
    reason = answer.find_element(By.CSS_SELECTOR, ".feedback__reason textarea")
    assert reason.is_displayed() and driver.switch_to.active_element == reason, "the reason is still offered"
    reason.send_keys("no outpatient limits")
    answer.find_element(By.CSS_SELECTOR, ".feedback__reason button").click()
    _wait(driver, lambda d: not reason.is_displayed(), 10)
    assert Feedback.objects.values_list("vote", "reason").get() == ("down", "no outpatient limits")
    screenshot(driver, "chat-downvote-recorded")


def _tab_to(driver: Any, element_id: str, limit: int = 60, backwards: bool = False) -> None:
    for _ in range(limit):
        if driver.switch_to.active_element.get_attribute("id") == element_id:
            return
        chain = ActionChains(driver)
        if backwards:
            chain.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        else:
            chain.send_keys(Keys.TAB).perform()
    raise AssertionError(f"Tab never reached #{element_id}")


def test_keyboard_only_ask_read_and_delete(chat_page: Callable[..., Any]) -> None:
    driver = chat_page("/en/products/")
    _tab_to(driver, "chat-launcher")
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert driver.switch_to.active_element.get_attribute("id") == "chat-input"
    ActionChains(driver).send_keys(LIMIT_QUESTION, Keys.ENTER).perform()
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ANSWERS))
    assert "2,400,000" in driver.find_element(By.ID, "chat-announce").text, "the answer is read out"
    # The first source link of the answer is reachable from the question box.
    _tab_to(driver, "chat-input")
    _tab_to(driver, "chat-delete")
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    # The confirmation starts on the safe choice: Enter by habit keeps the conversation.
    assert driver.switch_to.active_element.get_attribute("id") == "chat-confirm-no"
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert driver.find_elements(By.CSS_SELECTOR, ANSWERS), "kept"
    assert driver.switch_to.active_element.get_attribute("id") == "chat-delete"
    # Escape in the confirmation closes the confirmation only: the panel and the conversation stay.
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert driver.find_element(By.ID, "chat-confirm").is_displayed()
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    assert not driver.find_element(By.ID, "chat-confirm").is_displayed()
    assert driver.find_element(By.ID, "chat-panel").is_displayed(), "Escape closed the panel too"
    assert driver.find_elements(By.CSS_SELECTOR, ANSWERS), "kept"
    assert driver.switch_to.active_element.get_attribute("id") == "chat-delete"
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    _tab_to(driver, "chat-confirm-yes")
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    _wait(driver, lambda d: not d.find_elements(By.CSS_SELECTOR, ".msg"), 10)
    assert driver.switch_to.active_element.get_attribute("id") == "chat-input"
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    assert not driver.find_element(By.ID, "chat-panel").is_displayed()
    assert driver.switch_to.active_element.get_attribute("id") == "chat-launcher"


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_open_chat_has_no_axe_violations_at_both_widths(chat_page: Callable[..., Any], language: str) -> None:
    driver = chat_page(f"/{language}/")
    failures = {}
    for width in WIDTHS:
        set_width(driver, width)
        driver.execute_script("sessionStorage.clear()")
        driver.refresh()
        _open(driver)
        # On a phone the panel covers the page, so the page behind it is out of reach (inert).
        assert driver.execute_script("return document.querySelector('main').inert") == (width == "phone")
        screenshot(driver, f"chat-empty-{language}-{width}")
        if violations := axe_violations(driver):
            failures[f"empty {width}"] = violations
        answer = _ask(driver, ROOM_QUESTION)
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", answer)
        screenshot(driver, f"chat-answer-{language}-{width}")
        driver.find_element(By.CSS_SELECTOR, ".feedback button[data-vote='down']").click()
        if violations := axe_violations(driver):
            failures[f"answer {width}"] = violations
        driver.find_element(By.ID, "chat-contact-open").click()
        driver.find_element(By.ID, "chat-delete").click()
        screenshot(driver, f"chat-contact-{language}-{width}")
        if violations := axe_violations(driver):
            failures[f"contact and confirm {width}"] = violations
    assert not failures, {k: [(v["id"], v["nodes"]) for v in vs] for k, vs in failures.items()}


def _active_in_panel(driver: Any) -> bool:
    return bool(
        driver.execute_script("return document.getElementById('chat-panel').contains(document.activeElement)")
    )


def _escape_closes(driver: Any, where: str) -> None:
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    assert not driver.find_element(By.ID, "chat-panel").is_displayed(), f"Escape from {where} closes"
    assert driver.find_element(By.ID, "chat-launcher").get_attribute("aria-expanded") == "false"
    assert driver.switch_to.active_element.get_attribute("id") == "chat-launcher", (
        "focus back on the launcher"
    )


def test_keyboard_stays_in_a_modal_panel_and_escape_closes_from_anywhere_in_it(
    chat_page: Callable[..., Any],
) -> None:
    """Tab past the last control once left the panel for the page header, where Escape did nothing;
    on a phone, where the panel covers the screen, focus went behind it."""
    driver = chat_page("/en/")
    set_width(driver, "phone")
    driver.refresh()
    _tab_to(driver, "chat-launcher")
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    assert driver.find_element(By.ID, "chat-panel").get_attribute("aria-modal") == "true"
    visited = set()
    for _ in range(12):  # round the panel's controls, both ways
        ActionChains(driver).send_keys(Keys.TAB).perform()
        assert _active_in_panel(driver), "Tab stays in the modal panel"
        visited.add(driver.switch_to.active_element.get_attribute("id"))
    assert {"chat-close", "chat-input", "chat-contact-open"} <= visited, "and goes round it"
    for _ in range(12):
        ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        assert _active_in_panel(driver), "Shift+Tab stays in the modal panel"
    _tab_to(driver, "chat-contact-open")
    ActionChains(driver).send_keys(Keys.ENTER).perform()  # the contact form: Escape works in it too
    _tab_to(driver, "chat-contact-name")
    _escape_closes(driver, "the contact form on a phone")

    # Beside the page the panel is not modal (Tab may leave it), but Escape works wherever focus is
    # in it, also where focus was left when the control holding it went away.
    set_width(driver, "desktop")
    driver.refresh()
    _open(driver)
    assert driver.find_element(By.ID, "chat-panel").get_attribute("aria-modal") == "false"
    answer = _ask(driver, LIMIT_QUESTION)
    for target in ("#chat-input", ".sources__units a", ".feedback button[data-vote='up']", "#chat-close"):
        _open(driver)
        driver.execute_script("arguments[0].focus()", answer.parent.find_element(By.CSS_SELECTOR, target))
        _escape_closes(driver, target)
    _open(driver)
    driver.find_element(By.CSS_SELECTOR, ".feedback button[data-vote='down']").click()
    driver.find_element(By.CSS_SELECTOR, ".feedback__reason textarea").send_keys("too short")
    driver.find_element(By.CSS_SELECTOR, ".feedback__reason button").click()
    _wait(driver, lambda d: d.find_element(By.ID, "chat-status").text != "", 10)
    assert _active_in_panel(driver), "a sent reason hands focus to its vote, not to the page"
    _escape_closes(driver, "the vote after a reason")


def _rect(driver: Any, selector: str) -> dict[str, float]:
    rect: dict[str, float] = driver.execute_script(
        "return document.querySelector(arguments[0]).getBoundingClientRect().toJSON()", selector
    )
    return rect


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_open_panel_leaves_the_header_usable_and_the_log_room(
    chat_page: Callable[..., Any], language: str
) -> None:
    """At 1280 px on a laptop-height window the panel covered the language switch; at 390 px the
    log was small and the question box's focus ring was cut off at the right."""
    driver = chat_page(f"/{language}/")
    for height in (720, 900):
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1280, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        driver.refresh()
        _open(driver)
        panel, switch = _rect(driver, "#chat-panel"), _rect(driver, ".lang-switch")
        assert panel["top"] >= switch["bottom"], (
            f"the language switch is not under the panel at 1280×{height}"
        )
        assert panel["height"] >= 320, "and the panel stays usable"
        driver.find_element(By.ID, "chat-close").click()
    # A narrow desktop window (with a scrollbar) and a phone: the panel fills the viewport, not more.
    for mobile in (False, True):
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": mobile},
        )
        driver.refresh()
        _open(driver)
        viewport = driver.execute_script("return document.documentElement.clientWidth")
        panel, box = _rect(driver, "#chat-panel"), _rect(driver, "#chat-input")
        ring = 5  # the focus ring: 3 px outline, 2 px offset
        assert box["right"] + ring <= min(panel["right"], viewport), "the focus ring shows whole"
        assert box["left"] - ring >= panel["left"]
        assert _rect(driver, "#chat-body")["height"] >= 0.6 * panel["height"], "most of the panel is the log"
        screenshot(driver, f"chat-layout-{language}-390-{'phone' if mobile else 'window'}")
        driver.find_element(By.ID, "chat-close").click()


def test_sources_list_each_cited_passage_once_and_markers_follow(chat_page: Callable[..., Any]) -> None:
    """[1][2][3] once pointed at one passage and the list showed it three times, and a document
    whose headings are in capitals had its title repeated under every unit."""
    url = "/en/documents/silver-harbour/#u-12"
    title = "Silver Harbour Deferred Annuity"
    exclusions = {
        "doc_id": "silver-harbour",
        "title": title,
        "insurer": "Silver Test Life",
        "language": "en",
        "section": "SILVER HARBOUR DEFERRED ANNUITY > 4. EXCLUSIONS",
        "page": 2,
        "url": url,
        "quote": "• Suicide within one year of the policy date.",
    }
    benefit_a = {
        **exclusions,
        "section": "SILVER HARBOUR DEFERRED ANNUITY > 3. BENEFITS SCHEDULE",
        "url": "/en/documents/silver-harbour/#u-7",
        "quote": "Annuity income from age 65.",
    }
    benefit_b = {**benefit_a, "url": "/en/documents/silver-harbour/#u-8", "quote": "A death benefit of 101%."}
    frame = {
        "type": "answer",
        "conversation": None,
        "message": 1,
        "language": "en",
        "kind": "answer",
        "text": "Suicide in the first year is excluded [1][2][3]. Income starts at 65 [4], and a death "
        "benefit is paid [5][4].",
        "citations": [
            exclusions,
            {**exclusions, "quote": "Suicide within one year of the policy date."},
            exclusions,
            benefit_a,
            benefit_b,
        ],
    }
    driver = chat_page("/en/")
    driver.execute_script(
        "sessionStorage.setItem('chat-state-v2', JSON.stringify(arguments[0]))",
        {
            "conversation": None,
            "seq": 0,
            "pending": False,
            "open": True,
            "votes": {},
            "items": [{"role": "user", "text": "What is excluded?"}, {"role": "assistant", "frame": frame}],
        },
    )
    driver.refresh()
    _open(driver)
    answer = driver.find_element(By.CSS_SELECTOR, ANSWERS)
    text = answer.find_element(By.CSS_SELECTOR, ".msg__text").text
    assert "excluded [1]." in text and "65 [2]" in text and "paid [3][2]." in text, text
    links = answer.find_elements(By.CSS_SELECTOR, ".sources__units a")
    assert [link.text for link in links] == ["[1]", "[2]", "[3]"], "one link per passage, in order"
    hrefs = [link.get_attribute("href") for link in links]
    assert [h.split("#")[1] for h in hrefs] == ["u-12", "u-7", "u-8"]
    assert len(answer.find_elements(By.CSS_SELECTOR, ".sources__units > li")) == 2, "one line per section"
    for marker in answer.find_elements(By.CSS_SELECTOR, ".msg__text a.cite"):
        assert marker.get_attribute("href") == hrefs[int(marker.text.strip("[]")) - 1]
    sources = answer.find_element(By.CSS_SELECTOR, ".sources").text
    assert sources.lower().count(title.lower()) == 1, sources
    assert sources.count("BENEFITS SCHEDULE") == 1 and sources.count("EXCLUSIONS") == 1, sources


def test_a_reload_before_the_first_frame_resumes_the_one_conversation(
    chat_page: Callable[..., Any], fake_llm: Any
) -> None:
    """The widget creates the conversation before its first question and stores the id at once: a
    reload before the first answer frame resumes it, and asks nothing again (no orphan conversation)."""
    fake_llm.reply = "The Plus plan's overall annual limit is HK$2,400,000 a year. [1]"
    fake_llm.delay = 1.0
    driver = chat_page("/en/")
    _open(driver)
    driver.find_element(By.ID, "chat-input").send_keys(LIMIT_QUESTION, Keys.ENTER)
    conversation = _wait(driver, lambda d: _state(d)["conversation"], 10)
    assert not driver.find_elements(By.CSS_SELECTOR, ".msg--assistant"), "no frame has arrived yet"
    driver.refresh()
    assert _state(driver)["conversation"] == conversation, "known before the first frame"
    _wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, ANSWERS), 30)
    assert "2,400,000" in driver.find_element(By.CSS_SELECTOR, ANSWERS).text
    assert not driver.find_elements(By.CSS_SELECTOR, ".msg--error")
    assert len(driver.find_elements(By.CSS_SELECTOR, ".msg--user")) == 1
    _ask(driver, "And the Standard plan?")
    assert _state(driver)["conversation"] == conversation, "a follow-up continues it"
    owner = owners.owner_key_for_session(driver.get_cookie(settings.SESSION_COOKIE_NAME)["value"])
    assert list(Conversation.objects.filter(owner_key=owner).values_list("id", flat=True)) == [
        uuid.UUID(conversation)
    ], "one conversation for this session: the question was not asked again"
    questions = Conversation.objects.get(id=conversation).messages.filter(role="user")
    assert [m.text for m in questions] == [LIMIT_QUESTION, "And the Standard plan?"], "each asked once"


def test_comparison_answer_is_an_accessible_table_at_both_widths(chat_page: Callable[..., Any]) -> None:
    """A comparison's frame carries its table as data: the widget shows a captioned <table> with
    column and row headers, a [n] source per cell, scrolling sideways inside the panel on a phone."""
    driver = chat_page("/en/")
    set_width(driver, "desktop")
    _open(driver)
    answer = _ask(driver, "Compare Harbourview and Lantau Senior on room and board and waiting periods")
    frame = _state(driver)["items"][-1]["frame"]
    data = frame["tables"][0]  # the records' table; quoted passages may follow it
    for width in WIDTHS:
        set_width(driver, width)
        driver.refresh()
        _open(driver)
        answer = driver.find_elements(By.CSS_SELECTOR, ANSWERS)[-1]
        table = answer.find_element(By.CSS_SELECTOR, ".msg__table table")
        named_by = driver.find_element(By.ID, table.get_attribute("aria-labelledby"))
        assert named_by.text == data["caption"]
        columns = table.find_elements(By.CSS_SELECTOR, "thead th[scope='col']")
        assert [c.text for c in columns] == [c["text"] for c in data["columns"]]
        rows = table.find_elements(By.CSS_SELECTOR, "tbody th[scope='row']")
        assert [r.text for r in rows] == [r["header"]["text"] for r in data["rows"]]
        # Each cited cell links to its passage, numbered as the sources list numbers it.
        sources = {
            a.text: a.get_attribute("href")
            for a in answer.find_elements(By.CSS_SELECTOR, ".sources__units a")
        }
        links = table.find_elements(By.CSS_SELECTOR, "td a.cite")
        assert links and all(a.get_attribute("href") == sources[a.text] for a in links)
        # The Chinese document's values keep their language; its note is shown.
        assert table.find_elements(By.CSS_SELECTOR, "td span[lang='zh-Hant']")
        assert "Traditional Chinese" in answer.find_element(By.CSS_SELECTOR, ".msg__tablebox").text
        # The table's plain rendering is not shown twice.
        assert "Room and board (per day):" not in answer.text
        region = answer.find_element(By.CSS_SELECTOR, ".msg__table")
        panel = _rect(driver, "#chat-panel")
        box = driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", region)
        assert box["right"] <= panel["right"] + 1, "the table scrolls inside the panel, not past it"
        page = driver.execute_script("return document.documentElement.scrollWidth")
        assert page <= WIDTHS[width][0], "nothing overflows the page sideways"
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", region)
        screenshot(driver, f"chat-comparison-en-{width}")
        if violations := axe_violations(driver):
            pytest.fail(f"axe at {width}: {violations}")


def _stored(driver: Any, items: list[dict[str, Any]], *, is_open: bool = True) -> None:
    """A conversation as the widget stores it, shown by the next page load."""
    state = {"conversation": None, "seq": 0, "pending": False, "open": is_open, "votes": {}, "items": items}
    driver.execute_script("sessionStorage.setItem('chat-state-v2', JSON.stringify(arguments[0]))", state)


def _long_answer(number: int) -> dict[str, Any]:
    lines = [
        f"Answer {number}, line {n}: the plan pays eligible expenses as its schedule states."
        for n in range(30)
    ]
    return {
        "type": "answer", "conversation": None, "message": 900 + number, "language": "en", "kind": "answer",
        "text": "\n".join(lines), "citations": [],
    }  # fmt: skip


def test_panel_takes_the_windows_height_and_shows_the_newest_answer_from_its_start(
    chat_page: Callable[..., Any],
) -> None:
    """On a 1366×768 laptop the log was about 300 px tall, and an answer (or the conversation shown
    again on the next page) was left scrolled to its end or to the conversation's first question."""
    driver = chat_page("/en/")
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False},
    )
    items: list[dict[str, Any]] = []
    for number in (1, 2, 3):
        items += [
            {"role": "user", "text": f"Question {number}?"},
            {"role": "assistant", "frame": _long_answer(number)},
        ]
    _stored(driver, items)
    driver.refresh()
    assert driver.find_element(By.ID, "chat-panel").is_displayed(), "reopened beside the page"
    body, panel = _rect(driver, "#chat-body"), _rect(driver, "#chat-panel")
    assert body["height"] >= 400, (
        f"the log is {body['height']} px of a 768 px window",
        panel,
        [
            (s, _rect(driver, s)["top"], _rect(driver, s)["height"])
            for s in (".chat-panel__header", "#chat-body", "#chat-form", ".chat-panel__footer")
        ],
    )
    assert panel["bottom"] <= 768 and panel["top"] >= _rect(driver, ".lang-switch")["bottom"]
    newest = driver.find_elements(By.CSS_SELECTOR, ANSWERS)[-1]
    top = driver.execute_script("return arguments[0].getBoundingClientRect().top", newest)
    assert body["top"] <= top <= body["top"] + 40, "the newest answer is shown from its start"
    # A new answer too: its first line, not its last, is in view when it is complete.
    answer = _ask(driver, LIMIT_QUESTION)
    top = driver.execute_script("return arguments[0].getBoundingClientRect().top", answer)
    assert body["top"] <= top <= body["top"] + body["height"] / 2, "the new answer's start is in view"
    # Scrolled past the site header, the panel takes the window's height.
    driver.execute_script("document.body.style.minHeight = '3000px'; window.scrollTo(0, 1000)")
    _wait(driver, lambda d: _rect(d, "#chat-panel")["top"] < 40, 5)
    screenshot(driver, "chat-height-en-1366x768")


def test_a_wide_answer_table_scrolls_inside_the_answer_under_its_whole_title(
    chat_page: Callable[..., Any],
) -> None:
    """A table wider than the panel was cut off at its right edge, its caption with it."""
    columns = ["Age band", *(f"Plus, HK${n},000 deductible, annual premium" for n in (0, 5, 10, 20, 40))]
    table = {
        "caption": "Indicative premium: Harbourview Cross-Border Care Plan · 7. Premium table by age band",
        "columns": [{"text": c, "cite": None, "lang": ""} for c in columns],
        "rows": [
            {"header": {"text": band, "cite": None, "lang": ""},
             "cells": [{"text": f"{n * 1000 + 9620:,}", "cite": None, "lang": ""} for n in range(5)]}
            for band in ("31–40", "41–50", "51–60")
        ],
        "notes": [], "language": "en", "text": "",
    }  # fmt: skip
    frame = {**_long_answer(1), "text": "The table's figures:", "tables": [table]}
    driver = chat_page("/en/")
    for width in WIDTHS:
        set_width(driver, width)
        _stored(driver, [{"role": "user", "text": "Premiums?"}, {"role": "assistant", "frame": frame}])
        driver.refresh()
        _open(driver)
        region = driver.find_element(By.CSS_SELECTOR, ANSWERS + " .msg__table")
        box = driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", region)
        assert box["right"] <= _rect(driver, "#chat-panel")["right"], "inside the panel"
        assert driver.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", region)
        # The title is shown whole above the part that scrolls, and names the region and the table.
        title = driver.find_element(By.ID, region.get_attribute("aria-labelledby"))
        assert title.text == table["caption"] and not region.find_elements(By.CSS_SELECTOR, "caption")
        assert (
            driver.execute_script("return arguments[0].getBoundingClientRect().right", title)
            <= box["right"] + 1
        )
        assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
        assert region.find_element(By.TAG_NAME, "table").get_attribute(
            "aria-labelledby"
        ) == title.get_attribute("id")
        # From the keyboard: Tab reaches the region, and the arrow keys scroll it.
        driver.execute_script("arguments[0].focus()", region)
        assert driver.switch_to.active_element == region
        ActionChains(driver).send_keys(Keys.ARROW_RIGHT * 5).perform()
        _wait(driver, lambda d, r=region: d.execute_script("return arguments[0].scrollLeft", r) > 0, 5)
        # The row header stays in view as the figures scroll.
        header = region.find_element(By.CSS_SELECTOR, "tbody th")
        assert (
            driver.execute_script("return arguments[0].getBoundingClientRect().left", header)
            >= box["left"] - 1
        )
        screenshot(driver, f"chat-wide-table-en-{width}")
        if violations := axe_violations(driver):
            pytest.fail(f"axe at {width}: {violations}")


def test_a_cited_passage_opens_without_the_panel_over_it(chat_page: Callable[..., Any]) -> None:
    """The panel reopened on the document page a source link opened, over the cited passage."""
    driver = chat_page("/en/")
    set_width(driver, "desktop")
    _open(driver)
    answer = _ask(driver, LIMIT_QUESTION)
    source = answer.find_element(By.CSS_SELECTOR, ".sources__units a").get_attribute("href")
    # However the source is opened (here: as a new tab or a bookmark would, the panel left open).
    driver.get(source)
    cited = _wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, ".cited"), 10)
    assert not driver.find_element(By.ID, "chat-panel").is_displayed(), "the passage is not covered"
    assert cited.is_displayed()
    launcher = driver.find_element(By.ID, "chat-launcher")
    assert launcher.is_displayed() and launcher.get_attribute("aria-expanded") == "false"
    # The conversation is one press away, from the keyboard too, and Escape puts it away again.
    driver.execute_script("arguments[0].focus()", launcher)
    ActionChains(driver).send_keys(Keys.ENTER).perform()
    _wait(driver, lambda d: d.find_element(By.ID, "chat-panel").is_displayed(), 5)
    assert "2,400,000" in driver.find_element(By.CSS_SELECTOR, ANSWERS).text
    ActionChains(driver).send_keys(Keys.ESCAPE).perform()
    assert not driver.find_element(By.ID, "chat-panel").is_displayed()
    assert driver.switch_to.active_element == launcher
    # Another page (not a citation) shows the panel beside it again once the visitor reopened it.
    driver.find_element(By.ID, "chat-launcher").click()
    driver.find_element(By.CSS_SELECTOR, ".site-nav a").click()
    _wait(driver, lambda d: "/en/products/" in d.current_url, 10)
    assert driver.find_element(By.ID, "chat-panel").is_displayed()
