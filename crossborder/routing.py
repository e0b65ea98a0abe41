"""Which insurers may receive an enquiry, and why: pure rules, no I/O.

Later rules (appetite, caps, rotation) add to this; each decision carries its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from crossborder.models import MAINLAND_JURISDICTIONS, ApplicantJurisdiction
from portal.models import Insurer

MAX_INSURERS = 3


@dataclass(frozen=True)
class Decision:
    insurer: Insurer
    eligible: bool
    reason: str


def _licence_reason(insurer: Insurer, jurisdiction: str) -> tuple[bool, str]:
    if jurisdiction == ApplicantJurisdiction.HK:
        return (
            insurer.ia_authorised,
            "authorised by the HK Insurance Authority"
            if insurer.ia_authorised
            else "not IA-authorised, and the applicant is in Hong Kong",
        )
    if jurisdiction in MAINLAND_JURISDICTIONS:
        return (
            insurer.mainland_licensed,
            "licensed on the mainland"
            if insurer.mainland_licensed
            else "not licensed on the mainland, and the applicant is on the mainland",
        )
    return False, "no insurer is set up for applicants outside Hong Kong and the mainland"


def decide(insurers: list[Insurer], *, product_line: str, jurisdiction: str) -> list[Decision]:
    """A decision for every insurer; at most MAX_INSURERS are eligible, in the given order."""
    decisions = []
    chosen = 0
    for insurer in insurers:
        if product_line not in insurer.product_lines:
            decisions.append(Decision(insurer, False, f"does not offer {product_line}"))
            continue
        licensed, why = _licence_reason(insurer, jurisdiction)
        if not licensed:
            decisions.append(Decision(insurer, False, why))
        elif chosen >= MAX_INSURERS:
            decisions.append(Decision(insurer, False, f"already {MAX_INSURERS} insurers chosen"))
        else:
            chosen += 1
            decisions.append(Decision(insurer, True, f"offers {product_line} and is {why}"))
    return decisions
