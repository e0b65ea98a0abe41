"""axe-core in the browser tests: inject the vendored copy (tests/vendor/axe-core, from npm) and run it.

Also: exact viewport widths through Chrome DevTools, and screenshots for people to look at.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

AXE_SOURCE = (ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
# WCAG 2.0–2.2 A and AA, plus axe's best practices (landmarks, one h1, …).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}

# Run with the rules of `tags`; resolves to the violations, or to null where axe is not in the page.
_RUN = """
const [tags, done] = [arguments[0], arguments[arguments.length - 1]];
if (typeof window.axe !== "object") { done(null); return; }
axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]})
  .then((result) => done(result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary)}))))
  .catch((error) => done([{id: "axe-error", impact: "critical", help: String(error), nodes: []}]));
"""


def preload(driver: Any) -> None:
    """Have axe in every document the browser opens from now on, as the document starts.

    Sending the 650 kB script with each check (WebDriver JSON through chromedriver, then parsed in
    the page) cost ~80 ms of each page's ~0.4 s of checking; Chromium keeps the compiled script
    for a script it is given once, so a page load with it costs no measurable time. The pages have
    no frames and no message listeners that axe's own listener could meet. Also the time a check
    may take, once for the session instead of a round trip per check.
    """
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": AXE_SOURCE})
    driver.set_script_timeout(60)


def axe_violations(driver: Any, tags: list[str] = AXE_TAGS) -> list[dict[str, Any]]:
    """The page's axe violations as it stands now (an empty list is a pass).

    One round trip where axe came with the page (`preload`); otherwise it is injected first.
    """
    violations: list[dict[str, Any]] | None = driver.execute_async_script(_RUN, tags)
    if violations is None:
        driver.execute_script(AXE_SOURCE)
        violations = driver.execute_async_script(_RUN, tags)
    assert violations is not None, "axe-core did not load in the page"
    return violations


def set_width(driver: Any, name: str) -> None:
    """The viewport exactly `WIDTHS[name]` CSS pixels, as a phone reports it for a phone."""
    width, height = WIDTHS[name]
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": name == "phone"},
    )


def screenshot(driver: Any, name: str) -> Path:
    """Save the viewport as PNG under $PORTAL_DATA_DIR/screenshots (for a person to look at)."""
    folder = Path(os.environ.get("PORTAL_DATA_DIR", ROOT / "var")) / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def gone(old: Any) -> Any:
    """A wait condition: the old page's element `old` is gone after a navigation. Stale, or — a
    chromedriver race mid-navigation under load — "Node with given id does not belong to the
    document", which `expected_conditions.staleness_of` raises instead of waiting through."""
    from selenium.common.exceptions import WebDriverException

    def check(_driver: Any) -> bool:
        try:
            old.is_enabled()
        except WebDriverException:  # StaleElementReferenceException is one
            return True
        return False

    return check
