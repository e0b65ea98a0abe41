"""Citations open the viewer at the quoted unit, highlighted, in headless Chromium.

Real answers to demo questions (one document of each format, English and Chinese) give the
citation links; Chromium follows them through the locale and quote redirects.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from selenium.webdriver.common.by import By

from chat.answering import answer_question
from knowledge.ingest import ingest_document, register_document
from knowledge.manifest import read_manifest
from tests.axe import WIDTHS, axe_violations, screenshot, set_width
from tests.conftest import DEMO_CORPUS, LiveASGIServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# One document per format, in both scripts' and English; a Chinese text file whose title is
# only a line (its heading outline must still start under the page's <h1>).
DOCS = (
    "lantau-bridgecare",
    "tungchung-twinbay",
    "taipo-familycare",
    "dameisha-gangao-ankang",
    "kwuntong-patentpursuit",
    "yantian-chuhai-xinbao",
)


@pytest.fixture
def indexed(knowledge_index: None, demo_catalogue: None) -> None:
    for path, meta in read_manifest(DEMO_CORPUS / "manifest.json"):
        if meta.doc_id in DOCS:
            assert ingest_document(register_document(path, meta)) > 0


def _questions() -> dict[str, dict[str, Any]]:
    """The first answerable demo question about each document."""
    first: dict[str, dict[str, Any]] = {}
    for line in (DEMO_CORPUS / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        docs = row.get("expect_docs") or []
        if row.get("kind") == "answerable" and len(docs) == 1 and docs[0] in DOCS:
            first.setdefault(docs[0], row)
    return first


def _landing(browser: Any) -> dict[str, Any]:
    """Where the browser landed: the fragment, the highlighted units, and whether the target is in view."""
    result: dict[str, Any] = browser.execute_script(
        """
        const id = decodeURIComponent(location.hash.slice(1));
        const target = document.getElementById(id);
        const box = target ? target.getBoundingClientRect() : null;
        return {
          id: id,
          cited: [...document.querySelectorAll('.cited')].map(e => e.id),
          inView: !!box && box.top >= 0 && box.top < window.innerHeight,
          text: target ? target.textContent : '',
          lang: document.querySelector('article.document').lang,
        };
        """
    )
    return result


def test_each_formats_citation_opens_the_viewer_at_the_highlighted_unit(
    indexed: None, live_asgi: LiveASGIServer, browser: Any
) -> None:
    questions = _questions()
    assert set(questions) == set(DOCS)
    for doc_id, row in questions.items():
        answer = answer_question(row["question"])
        cited = [c for c in answer.citations if c["doc_id"] == doc_id]
        assert cited, f"{doc_id}: {answer.text}"
        browser.get(live_asgi.http_url + cited[0]["url"])
        landing = _landing(browser)
        assert browser.current_url.startswith(f"{live_asgi.http_url}/en/documents/{doc_id}/"), doc_id
        assert landing["id"] in landing["cited"] and landing["inView"], (doc_id, landing, cited[0])
        assert landing["lang"] == row_language(doc_id)


def row_language(doc_id: str) -> str:
    return next(m.language for _, m in read_manifest(DEMO_CORPUS / "manifest.json") if m.doc_id == doc_id)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_citation_clicked_in_the_widget_lands_on_the_quoted_row(
    indexed: None, live_asgi: LiveASGIServer, browser: Any, language: str
) -> None:
    """From a page in any language the viewer opens in that language, whatever the browser's own."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{live_asgi.http_url}/{language}/")
    browser.execute_script("sessionStorage.clear()")
    browser.get(f"{live_asgi.http_url}/{language}/")
    browser.find_element(By.ID, "chat-launcher").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "chat-input").is_displayed())
    browser.find_element(By.ID, "chat-input").send_keys(
        "What is the overall annual limit of the BridgeCare Plus plan?", Keys.ENTER
    )
    answer = WebDriverWait(browser, 60).until(
        lambda d: d.find_element(By.CSS_SELECTOR, ".msg--assistant[data-message]")
    )
    link = next(
        a
        for a in answer.find_elements(By.CSS_SELECTOR, "a.cite")
        if "lantau-bridgecare" in a.get_attribute("href")
    )
    link.click()
    WebDriverWait(browser, 10).until(
        lambda d: "/documents/lantau-bridgecare/" in d.current_url and "#" in d.current_url
    )
    assert browser.current_url.startswith(f"{live_asgi.http_url}/{language}/documents/lantau-bridgecare/")
    landing = _landing(browser)
    assert landing["id"] in landing["cited"] and landing["inView"]
    assert "4,000,000" in landing["text"]


def test_the_viewer_has_no_axe_violations_for_each_format_at_both_widths(
    indexed: None, live_asgi: LiveASGIServer, browser: Any
) -> None:
    """A visitor reaches the viewer from every citation: each format, each page language, desktop and phone.

    One test for the three languages: each test indexes the six documents again (seconds apiece).
    """
    failures = {}
    for language in ("en", "zh-hant", "zh-hans"):
        for width in WIDTHS:
            set_width(browser, width)
            for doc_id in DOCS:
                browser.get(f"{live_asgi.http_url}/{language}/documents/{doc_id}/")
                assert browser.find_elements(By.CSS_SELECTOR, "main h1"), (doc_id, language, width)
                if violations := axe_violations(browser):
                    failures[(doc_id, language, width)] = violations
            screenshot(browser, f"viewer-{language}-{width}")
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert failures == {}


def test_a_row_cited_deep_in_a_long_table_shows_its_column_headers(
    indexed: None, live_asgi: LiveASGIServer, browser: Any
) -> None:
    """A premium row landed on far down its table is read with the headers that say which column is which."""
    answer = answer_question(
        "BridgeCare Plus plan with a HK$20,000 deductible: what is the premium at age 65?"
    )
    row_urls = [c["url"] for c in answer.citations if c["doc_id"] == "lantau-bridgecare"]
    assert row_urls, answer.text
    for width in WIDTHS:
        set_width(browser, width)
        browser.get(live_asgi.http_url + row_urls[-1])
        _row_under_its_headers(browser)
        screenshot(browser, f"viewer-row-under-headers-{width}")


def _row_under_its_headers(browser: Any) -> None:
    seen = browser.execute_script(
        """
        const row = document.getElementById(decodeURIComponent(location.hash.slice(1)));
        const head = row.closest('table').querySelector('thead');
        const r = row.getBoundingClientRect(), h = head.getBoundingClientRect();
        return {row: [r.top, r.bottom], head: [h.top, h.bottom], height: window.innerHeight,
                tag: row.tagName, cited: row.classList.contains('cited'), below: r.top - h.bottom};
        """
    )
    assert seen["tag"] == "TR" and seen["cited"], seen
    assert seen["head"][0] >= 0 and seen["head"][1] <= seen["row"][0] < seen["height"], seen
