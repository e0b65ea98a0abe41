"""Which insurers may receive an enquiry, and why: the rules R1–R11 of the domain brief, no I/O
(apart from reading the sanctions list once, `crossborder.sanctions`).

Every insurer gets a decision with its reason, so admin can show
"sent to A because …; not to B because …".

Cross-boundary transfer (domain brief §6.2): a lead whose insurer holds its data on the other side
of the HK–mainland boundary from the applicant moves personal data across it. That needs the
applicant's `cross_boundary` consent, and the consent (under the GBA Standard Contract) covers only
Hong Kong and the nine mainland GBA cities: an insurer or applicant elsewhere on the mainland is
outside it, so such a crossing is refused whatever the consent.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime

from crossborder import sanctions
from crossborder.models import MAINLAND_JURISDICTIONS, ApplicantJurisdiction, DataLocation, InsurerAppetite
from portal.models import PERSONAL_LINES, Insurer

MAX_INSURERS = 3
SHENZHEN_20_8_INDUSTRIES = frozenset(
    {"semiconductors", "smart_terminals", "new_energy", "biomedicine", "ai", "robotics", "new_materials"}
)
US_PLATFORMS = frozenset({"Amazon", "TikTok Shop", "Walmart"})


@dataclass(frozen=True)
class Applicant:
    product_line: str
    jurisdiction: str
    turnover_hkd: int | None = None
    countries: frozenset[str] = frozenset()
    underwriter_only: bool = False
    us_listing: bool = False
    complaint: bool = False
    min_age: int | None = None
    industry: str = ""
    wanted: tuple[str, ...] = ()  # the insurers the applicant chose among the matches, if any
    cross_boundary_consent: bool = False


@dataclass(frozen=True)
class Candidate:
    insurer: Insurer
    appetite: InsurerAppetite | None
    leads_today: int = 0
    last_lead_at: datetime | None = None


@dataclass(frozen=True)
class Decision:
    insurer: Insurer
    eligible: bool
    reason: str


@dataclass
class Outcome:
    decisions: list[Decision] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    blocked: str = ""

    @property
    def chosen(self) -> list[Insurer]:
        return [d.insurer for d in self.decisions if d.eligible]


def _licence_reason(insurer: Insurer, jurisdiction: str, product_line: str) -> tuple[bool, str]:
    if jurisdiction == ApplicantJurisdiction.HK:
        return (
            insurer.ia_authorised,
            "authorised by the HK Insurance Authority (R1)"
            if insurer.ia_authorised
            else "not IA-authorised, and the applicant is in Hong Kong (R1)",
        )
    if jurisdiction in MAINLAND_JURISDICTIONS:
        if insurer.mainland_licensed:
            return True, "licensed on the mainland (R3)"
        if product_line in PERSONAL_LINES:
            return False, "an HK seller may not solicit a mainland resident (R2)"
        return False, "not licensed on the mainland, and the applicant entity is on the mainland (R5)"
    return False, "no insurer is set up for applicants outside Hong Kong and the mainland"


def data_location(insurer: Insurer, appetite: InsurerAppetite | None) -> str:
    """Where the insurer holds lead data; unset: HK if IA-authorised, else an unknown mainland city."""
    if appetite is not None and appetite.data_location:
        return appetite.data_location
    # An unknown mainland city may be outside the GBA: the stricter assumption.
    return DataLocation.HK if insurer.ia_authorised else DataLocation.MAINLAND


_APPLICANT_SIDE: dict[str, str] = {
    ApplicantJurisdiction.HK: DataLocation.HK,
    ApplicantJurisdiction.SHENZHEN: DataLocation.GBA,
    # "Other mainland city" may or may not be in the GBA; the consent text covers only the GBA.
    ApplicantJurisdiction.OTHER_MAINLAND: DataLocation.MAINLAND,
}
_PLACE: dict[str, str] = {
    DataLocation.HK: "Hong Kong",
    DataLocation.GBA: "a mainland GBA city",
    DataLocation.MAINLAND: "the mainland",
}


def _boundary(applicant: Applicant, c: Candidate) -> tuple[str, str]:
    """(veto, note): why the lead may not cross the HK–mainland boundary, or that it crosses with consent."""
    side = _APPLICANT_SIDE.get(applicant.jurisdiction)
    location = data_location(c.insurer, c.appetite)
    if side is None or (side == DataLocation.HK) == (location == DataLocation.HK):
        return "", ""  # the data stays on one side of the boundary
    route = f"from {_PLACE[side]} to {_PLACE[location]}"
    if DataLocation.MAINLAND in (side, location):
        return (
            f"would move personal data {route}, beyond the GBA that the cross-boundary consent covers (§6.2)",
            "",
        )
    if not applicant.cross_boundary_consent:
        return f"would move personal data {route} without the applicant's cross-boundary consent (§6.2)", ""
    return "", f"data goes {route} under the applicant's cross-boundary consent"


def _appetite_reason(applicant: Applicant, c: Candidate) -> str:
    """Why the insurer's appetite rules it out, or '' if it does not."""
    # No appetite on file: the insurer's licences and lines are the only limits.
    a = c.appetite or InsurerAppetite(insurer=c.insurer)
    if not a.active:
        return "takes no leads through the portal"
    if a.product_lines and applicant.product_line not in a.product_lines:
        return f"its appetite excludes {applicant.product_line}"
    if a.jurisdictions and applicant.jurisdiction not in a.jurisdictions:
        return f"does not serve applicants in {applicant.jurisdiction}"
    if applicant.turnover_hkd is not None:
        if a.min_turnover_hkd is not None and applicant.turnover_hkd < a.min_turnover_hkd:
            return f"turnover below its minimum of HK${a.min_turnover_hkd:,}"
        if a.max_turnover_hkd is not None and applicant.turnover_hkd > a.max_turnover_hkd:
            return f"turnover above its maximum of HK${a.max_turnover_hkd:,}"
    excluded = applicant.countries & set(a.excluded_countries)
    if excluded:
        return f"excludes {', '.join(sorted(excluded))}"
    if applicant.us_listing and not a.places_us_cgl:
        return "cannot place US product liability for US listings (R7)"
    if applicant.underwriter_only and not a.underwriter_cases:
        return "does not take underwriter-only cases (R9)"
    if a.daily_cap is not None and c.leads_today >= a.daily_cap:
        return f"daily cap of {a.daily_cap} reached"
    return ""


def _flags(applicant: Applicant) -> list[str]:
    flags = []
    if applicant.jurisdiction == ApplicantJurisdiction.HK and applicant.product_line in PERSONAL_LINES:
        flags.append("sign_in_hk")  # R1: HK policies are signed in Hong Kong, no mainland meetings
    t = applicant.turnover_hkd
    if applicant.product_line == "export_credit" and t is not None and applicant.jurisdiction == "HK":
        flags.append("ombp_sbp" if t < 20_000_000 else "sbp" if t < 50_000_000 else "ccp_or_broker")  # R4
    if applicant.product_line == "export_credit" and applicant.jurisdiction in MAINLAND_JURISDICTIONS:
        flags.append("municipal_scheme_possible")  # R5
    if (
        applicant.product_line == "overseas_ip"
        and applicant.jurisdiction == ApplicantJurisdiction.SHENZHEN
        and applicant.industry in SHENZHEN_20_8_INDUSTRIES
    ):
        flags.append("shenzhen_ip_subsidy")  # R8
    if applicant.underwriter_only:
        flags.append("underwriter_only")  # R9
    return flags


def _rotation_key(c: Candidate) -> tuple[float, float, str]:
    # Fewest leads today per unit of weight first, then longest since the last lead.
    weight = c.appetite.weight if c.appetite and c.appetite.weight else 1
    last = c.last_lead_at.timestamp() if c.last_lead_at else 0.0
    return (c.leads_today / weight, last, c.insurer.slug)


def decide(
    applicant: Applicant,
    candidates: list[Candidate],
    max_insurers: int = MAX_INSURERS,
    sanctioned: sanctions.SanctionsList | None = None,
) -> Outcome:
    """A decision for every candidate; at most `max_insurers` (one for R9 cases) are chosen.

    `sanctioned` defaults to the configured list (`crossborder.sanctions.current()`).
    """
    outcome = Outcome(flags=_flags(applicant))
    outcome.blocked = _blocked(applicant, sanctioned or sanctions.current())
    if outcome.blocked:
        outcome.decisions = [Decision(c.insurer, False, outcome.blocked) for c in candidates]
        return outcome

    limit = 1 if applicant.underwriter_only else max_insurers
    eligible: list[tuple[Candidate, str]] = []
    for c in candidates:
        veto, because = _veto(applicant, c)
        if veto:
            outcome.decisions.append(Decision(c.insurer, False, veto))
        else:
            eligible.append((c, because))
    eligible.sort(key=lambda pair: _rotation_key(pair[0]))
    for rank, (c, why) in enumerate(eligible):
        if rank < limit:
            outcome.decisions.append(Decision(c.insurer, True, f"{why}; rotation rank {rank + 1}"))
        else:
            reason = "underwriter-only case goes to one insurer (R9)" if applicant.underwriter_only else ""
            reason = reason or f"eligible, but {limit} insurers already chosen by fair rotation"
            outcome.decisions.append(Decision(c.insurer, False, reason))
    return outcome


def matches(
    applicant: Applicant, candidates: list[Candidate], sanctioned: sanctions.SanctionsList | None = None
) -> list[Insurer]:
    """The insurers the rules allow for this applicant, before its own choice and the rotation:
    what the applicant may choose among (the form's picker, and the API's `insurers`)."""
    if _blocked(applicant, sanctioned or sanctions.current()):
        return []
    free = dataclasses.replace(applicant, wanted=())
    return [c.insurer for c in candidates if not _veto(free, c)[0]]


def _blocked(applicant: Applicant, screen: sanctions.SanctionsList) -> str:
    if applicant.complaint:
        return "complaint: no sales routing; complaint routes shown instead (R10)"
    if applicant.min_age is not None and applicant.min_age < 18:
        return "applicant under 18: passed to a person (R11)"
    if hits := sorted(applicant.countries & screen.countries):
        return f"sanctions screen hit ({', '.join(hits)}; list {screen.version}): passed to a person (R11)"
    return ""


def _veto(applicant: Applicant, c: Candidate) -> tuple[str, str]:
    """(why not, '') or ('', why): licence, boundary, appetite and the applicant's choice, in that order."""
    insurer = c.insurer
    if applicant.product_line not in insurer.product_lines:
        return f"does not offer {applicant.product_line}", ""
    licensed, why = _licence_reason(insurer, applicant.jurisdiction, applicant.product_line)
    if not licensed:
        return why, ""
    crossing_veto, crossing_note = _boundary(applicant, c)
    not_wanted = bool(applicant.wanted) and insurer.slug not in applicant.wanted
    veto = (
        crossing_veto
        or _appetite_reason(applicant, c)
        or ("not among the insurers the applicant chose" if not_wanted else "")
    )
    if veto:
        return veto, ""
    because = f"offers {applicant.product_line}, is {why}, and its appetite fits"
    return "", f"{because}; {crossing_note}" if crossing_note else because
