"""The routing rules R1–R11, caps, rotation and the three-insurer limit, on plain objects."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from crossborder.models import InsurerAppetite
from crossborder.routing import Applicant, Candidate, decide
from portal.models import Insurer


def ins(
    slug: str, lines: list[str], hk: bool = True, mainland: bool = False, **appetite: object
) -> Candidate:
    insurer = Insurer(
        slug=slug, name_en=slug, product_lines=lines, ia_authorised=hk, mainland_licensed=mainland
    )
    return Candidate(insurer, InsurerAppetite(insurer=insurer, **appetite))  # type: ignore[misc]


def chosen(outcome: object) -> list[str]:
    return [i.slug for i in outcome.chosen]  # type: ignore[attr-defined]


def reasons(outcome: object) -> dict[str, str]:
    return {d.insurer.slug: d.reason for d in outcome.decisions}  # type: ignore[attr-defined]


def test_hk_resident_goes_only_to_ia_authorised_and_is_flagged_to_sign_in_hk() -> None:
    out = decide(
        Applicant("gba_medical", "HK"),
        [ins("hk", ["gba_medical"]), ins("sz", ["gba_medical"], hk=False, mainland=True)],
    )
    assert chosen(out) == ["hk"]
    assert "R1" in reasons(out)["sz"]
    assert "sign_in_hk" in out.flags


def test_mainland_resident_is_never_routed_to_an_hk_seller() -> None:
    out = decide(
        Applicant("gba_medical", "Shenzhen"),
        [ins("hk", ["gba_medical"]), ins("sz", ["gba_medical"], hk=False, mainland=True)],
    )
    assert chosen(out) == ["sz"]
    assert "R2" in reasons(out)["hk"]


def test_at_most_three_and_fair_rotation_by_leads_per_weight() -> None:
    cands = [
        Candidate(c.insurer, c.appetite, leads_today=n)
        for c, n in zip([ins(s, ["export_credit"]) for s in "abcde"], [5, 0, 2, 1, 9], strict=True)
    ]
    out = decide(Applicant("export_credit", "HK"), cands)
    assert chosen(out) == ["b", "d", "c"]
    assert "fair rotation" in reasons(out)["a"]
    # Equal counts: the one that waited longest goes first.
    early, late = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)
    x, y = ins("x", ["export_credit"]), ins("y", ["export_credit"])
    out = decide(
        Applicant("export_credit", "HK"),
        [Candidate(x.insurer, x.appetite, 1, late), Candidate(y.insurer, y.appetite, 1, early)],
        max_insurers=1,
    )
    assert chosen(out) == ["y"]
    # Weight 2 takes twice the share: 2 leads at weight 2 rank with 1 lead at weight 1.
    w = ins("w", ["export_credit"], weight=3)
    out = decide(
        Applicant("export_credit", "HK"),
        [Candidate(w.insurer, w.appetite, 2), Candidate(x.insurer, x.appetite, 1)],
        max_insurers=1,
    )
    assert chosen(out) == ["w"]


def test_appetite_turnover_band_excluded_countries_cap_and_jurisdictions() -> None:
    cands = [
        ins("small", ["export_credit"], max_turnover_hkd=20_000_000),
        ins("noru", ["export_credit"], excluded_countries=["RU"]),
        ins("full", ["export_credit"], daily_cap=3),
        ins("szonly", ["export_credit"], jurisdictions=["Shenzhen"]),
        ins("off", ["export_credit"], active=False),
        ins("ok", ["export_credit"]),
    ]
    cands[2] = Candidate(cands[2].insurer, cands[2].appetite, leads_today=3)
    out = decide(
        Applicant("export_credit", "HK", turnover_hkd=30_000_000, countries=frozenset({"RU", "DE"})), cands
    )
    r = reasons(out)
    assert chosen(out) == ["ok"]
    assert "turnover above" in r["small"]
    assert "RU" in r["noru"]
    assert "daily cap" in r["full"]
    assert "does not serve" in r["szonly"]
    assert "no leads" in r["off"]
    assert "sbp" in out.flags  # HK exporter under HK$50m (R4)


def test_underwriter_only_cases_go_to_one_willing_insurer() -> None:
    cands = [ins(s, ["overseas_ip"], underwriter_cases=s != "n") for s in ("a", "b", "n")]
    out = decide(Applicant("overseas_ip", "HK", underwriter_only=True), cands)
    assert len(out.chosen) == 1
    assert "R9" in reasons(out)["n"]
    assert "underwriter_only" in out.flags


def test_us_listings_need_an_insurer_that_places_us_cgl() -> None:
    cands = [ins("cgl", ["ecommerce"], places_us_cgl=True), ins("local", ["ecommerce"])]
    out = decide(Applicant("ecommerce", "HK", us_listing=True), cands)
    assert chosen(out) == ["cgl"] and "R7" in reasons(out)["local"]


def test_complaints_minors_and_sanctions_are_not_routed() -> None:
    cands = [ins("a", ["pension", "export_credit"])]
    assert "R10" in decide(Applicant("pension", "HK", complaint=True), cands).blocked
    assert "R11" in decide(Applicant("pension", "HK", min_age=16), cands).blocked
    out = decide(Applicant("export_credit", "HK", countries=frozenset({"KP"})), cands)
    assert "sanctions" in out.blocked and not out.chosen


def test_the_applicants_choice_limits_the_insurers() -> None:
    cands = [ins(s, ["export_credit"]) for s in "abc"]
    out = decide(Applicant("export_credit", "HK", wanted=("c",)), cands)
    assert chosen(out) == ["c"]
    assert "chose" in reasons(out)["a"]


def test_shenzhen_ip_in_a_20_8_industry_gets_the_subsidy_flag() -> None:
    out = decide(Applicant("overseas_ip", "Shenzhen", industry="robotics"), [])
    assert "shenzhen_ip_subsidy" in out.flags


def test_a_lead_crosses_the_boundary_only_with_the_cross_boundary_consent() -> None:
    hk = ins("hk-based", ["ecommerce"], mainland=True, data_location="HK")  # dual-licensed, data in HK
    sz = ins("sz-based", ["ecommerce"], hk=False, mainland=True, data_location="GBA")
    out = decide(Applicant("ecommerce", "Shenzhen"), [hk, sz])
    assert chosen(out) == ["sz-based"]
    assert "without the applicant's cross-boundary consent" in reasons(out)["hk-based"]
    out = decide(Applicant("ecommerce", "Shenzhen", cross_boundary_consent=True), [hk, sz])
    assert sorted(chosen(out)) == ["hk-based", "sz-based"]
    assert "under the applicant's cross-boundary consent" in reasons(out)["hk-based"]
    assert "cross-boundary" not in reasons(out)["sz-based"]  # stays on the mainland side
    # An HK applicant's data held in Shenzhen crosses the other way.
    hk_licensed_sz_data = ins("ia-sz-data", ["ecommerce"], data_location="GBA")
    out = decide(Applicant("ecommerce", "HK"), [hk_licensed_sz_data])
    assert not out.chosen and "from Hong Kong to a mainland GBA city" in reasons(out)["ia-sz-data"]


def test_the_consent_covers_only_the_gba_so_other_mainland_crossings_are_refused() -> None:
    hk = ins("hk-based", ["ecommerce"], mainland=True, data_location="HK")
    out = decide(Applicant("ecommerce", "other_mainland", cross_boundary_consent=True), [hk])
    assert not out.chosen and "beyond the GBA" in reasons(out)["hk-based"]
    # No data location on file: an IA-authorised insurer holds it in HK, others somewhere on the mainland.
    unknown = ins("unknown", ["ecommerce"], hk=False, mainland=True)
    out = decide(Applicant("ecommerce", "Shenzhen", cross_boundary_consent=True), [unknown])
    assert chosen(out) == ["unknown"]  # mainland to mainland: no boundary crossed


def test_sanctions_screen_uses_the_configured_list(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    from crossborder import sanctions

    cands = [ins("a", ["export_credit"])]
    assert "KP" in sanctions.current().countries  # the bundled file
    custom = tmp_path / "sanctions.yaml"
    custom.write_text('version: "test-1"\nsource: test\ncountries: [RU, BY]\n')
    settings.SANCTIONS_FILE = str(custom)
    out = decide(Applicant("export_credit", "HK", countries=frozenset({"BY", "DE"})), cands)
    assert "sanctions screen hit (BY; list test-1)" in out.blocked and not out.chosen
    assert decide(Applicant("export_credit", "HK", countries=frozenset({"KP"})), cands).chosen
    custom.write_text("countries: [RU, russia]\n")
    with pytest.raises(ImproperlyConfigured, match="russia"):
        sanctions.read(custom)
