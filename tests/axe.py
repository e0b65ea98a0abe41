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

_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then((result) => done(result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary)}))))
  .catch((error) => done([{id: "axe-error", impact: "critical", help: String(error), nodes: []}]));
"""


def axe_violations(driver: Any) -> list[dict[str, Any]]:
    """The page's axe violations as it stands now (an empty list is a pass)."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(AXE_SOURCE)
    driver.set_script_timeout(60)
    violations: list[dict[str, Any]] = driver.execute_async_script(_RUN, AXE_TAGS)
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
