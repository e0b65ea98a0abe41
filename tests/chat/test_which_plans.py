""" "Which plans …?" plan by plan: each plan's document covers, excludes or does not state it."""

from __future__ import annotations

from dataclasses import replace

from chat.extractive import Pick
from chat.units import Unit
from chat.which_plans import COVERED, EXCLUDED, UNSTATED, verdicts
from tests.chat.unit_blocks import TEST_CHUNK

# The subject terms scoring.matches weighs for "Which plans cover maternity?": the frame
# ("cover") and what is asked ("maternity", a slot of its renderings in the other script).
WEIGHTS = (("cover", 3.9), ("maternity|delivery", 4.4))


def _unit(doc: str, text: str, order: int, **more: object) -> Unit:
    chunk = replace(TEST_CHUNK, doc_id=doc, chunk_id=f"{doc}:v1:{order}")
    return Unit(chunk, text, order, **more)  # type: ignore[arg-type]


def _pick(unit: Unit, score: float, *matched: str) -> Pick:
    return Pick(unit, score, frozenset(matched), WEIGHTS)


def test_each_plan_is_covered_excluded_or_not_stated() -> None:
    covers = _unit("a", "Maternity (normal delivery or caesarean section): HK$40,000", 0)
    lead = _unit("b", "We do not pay for:", 1, is_lead=True)
    excluded = _unit("b", "pregnancy, childbirth and their complications;", 2, lead=1, listed=True)
    frame_only = _unit("c", "Each member has hospital cover.", 3)
    units = [covers, lead, excluded, frame_only]
    picks = [
        _pick(frame_only, 0.3, "cover"),  # the likeliest, but it names only the question's frame
        _pick(covers, 0.2, "maternity|delivery"),
        _pick(excluded, 0.1),  # "pregnancy, childbirth": the key-fact vocabulary's words for it
        _pick(lead, 0.05),
    ]
    found = {v.doc_id: v for v in verdicts(["a", "b", "c"], picks, units, "list")}
    assert found["a"].stance == COVERED and found["a"].pick is not None
    assert found["a"].pick.unit is covers
    # The exclusion is said by the list's lead-in, quoted with it.
    assert (found["b"].stance, found["b"].said_by) == (EXCLUDED, "We do not pay for:")
    assert found["c"].stance == UNSTATED and found["c"].pick is None


def test_a_unit_saying_it_is_not_covered_excludes_it_by_its_own_words() -> None:
    said = _unit("a", "Maternity benefits are not covered under this plan.", 0)
    other = _unit("a", "Emergency cover applies worldwide.", 1)
    [verdict] = verdicts(
        ["a"], [_pick(other, 0.5, "cover"), _pick(said, 0.2, "maternity|delivery")], [said, other], "list"
    )
    assert (verdict.stance, verdict.said_by) == (EXCLUDED, "")


def test_a_stated_figure_is_an_answer_beside_words_of_exclusion() -> None:
    # "Infringements found during the waiting period are not covered" states the waiting period.
    waiting = _unit("a", "Maternity waiting period: 10 months; claims within it are not covered.", 0)
    [verdict] = verdicts(["a"], [_pick(waiting, 0.4, "maternity|delivery")], [waiting], "duration")
    assert verdict.stance == COVERED


def test_the_unit_naming_the_subject_in_most_words_decides() -> None:
    # "delivery" of the policy is a rendering of the subject too; the exclusion names it twice.
    cooling = _unit("a", "Cooling-off period: 21 days after delivery of the policy.", 0)
    lead = _unit("a", "Exclusions:", 1, is_lead=True)
    excluded = _unit("a", "Pregnancy, childbirth and infertility treatment.", 2, lead=1, listed=True)
    picks = [_pick(cooling, 0.3, "maternity|delivery"), _pick(excluded, 0.1), _pick(lead, 0.01)]
    [verdict] = verdicts(["a"], picks, [cooling, lead, excluded], "list")
    assert verdict.stance == EXCLUDED and verdict.pick is not None and verdict.pick.unit is excluded


def test_a_passage_naming_only_the_general_words_asked_is_no_answer() -> None:
    # "Which plans pay for Chinese medicine practitioner visits?": a hospital list names "hospital"
    # and "visits", never the practitioner asked about; it says nothing of cover.
    weights = (("cover", 3.9), ("hospital", 1.0), ("visit", 1.5), ("practitioner", 4.0))
    general = _unit("a", "Hospital visits: Longgang Silver Pine Hospital", 0)
    named = _unit("b", "Chinese medicine practitioner, per visit: HK$300", 1)
    picks = [
        Pick(general, 0.4, frozenset({"hospital", "visit"}), weights),
        Pick(named, 0.3, frozenset({"visit", "practitioner"}), weights),
    ]
    found = {v.doc_id: v for v in verdicts(["a", "b"], picks, [general, named], "list")}
    assert found["a"].stance == UNSTATED
    assert found["b"].stance == COVERED


def test_a_plural_frame_word_is_frame_as_the_tokenizer_stems_it() -> None:
    # "Which export credit policies cover country (political) risks?": "policies" is the term
    # "policie"; read as the subject, no plan named it, and every plan in the question's language
    # was "not stated" beside the row stating 90% and the sentence saying it is not covered.
    weights = (("policie", 5.2), ("cover", 3.3), ("political", 3.8), ("country", 3.4), ("risk", 2.9))
    row = _unit(
        "a", "Item: Percentage of indemnity — country (political) risks; TradeGuard: 90%", 0, kind="row"
    )
    excluded = _unit(
        "b", "ExportEase covers buyer risks only: it does not cover country (political) risks.", 1
    )
    picks = [
        Pick(row, 0.3, frozenset({"political", "country", "risk"}), weights),
        Pick(excluded, 0.2, frozenset({"political", "country", "risk", "cover"}), weights),
    ]
    found = {v.doc_id: v for v in verdicts(["a", "b"], picks, [row, excluded], "list")}
    assert found["a"].stance == COVERED and found["a"].pick is not None and found["a"].pick.unit is row
    assert found["b"].stance == EXCLUDED and found["b"].pick is not None and found["b"].pick.unit is excluded


def test_a_place_alone_does_not_name_what_is_asked_there() -> None:
    # "Which medical plans have network hospitals in Dongguan?": "have" is frame; a passage
    # naming Dongguan only (the area of cover) says nothing of network hospitals there, and a
    # definition sharing "have" is no evidence.
    weights = (("have", 5.1), ("network", 2.9), ("dongguan", 4.2))
    defined = _unit("a", "Direct settlement: we pay the hospital directly for expenses we have approved.", 0)
    named = _unit("a", "BayLink has 12 network hospitals in Shenzhen, Dongguan and Macao.", 1)
    area = _unit(
        "b", "The area of cover is Hong Kong, Macao and the nine GBA cities, Dongguan among them.", 2
    )
    picks = [
        Pick(defined, 0.4, frozenset({"have"}), weights),
        Pick(named, 0.3, frozenset({"network", "dongguan"}), weights),
        Pick(area, 0.2, frozenset({"dongguan"}), weights),
    ]
    found = {v.doc_id: v for v in verdicts(["a", "b"], picks, [defined, named, area], "list")}
    assert found["a"].stance == COVERED and found["a"].pick is not None and found["a"].pick.unit is named
    assert found["b"].stance == UNSTATED


def test_the_cover_row_is_the_evidence_not_the_premium_row() -> None:
    weights = (("return", 4.0), ("shipping", 4.4))
    priced = _unit("a", "Cover: Return shipping; Premium: US$0.28 per order shipped", 0, kind="row")
    limit = _unit("a", "Cover: Return shipping — per parcel; Limit: US$25; Deductible: none", 1, kind="row")
    picks = [
        Pick(priced, 0.4, frozenset({"return", "shipping"}), weights),
        Pick(limit, 0.3, frozenset({"return", "shipping"}), weights),
    ]
    [verdict] = verdicts(["a"], picks, [priced, limit], "list")
    assert verdict.stance == COVERED and verdict.pick is not None and verdict.pick.unit is limit
    # Asked for the premium, the premium row says it.
    asked = (*weights, ("premium", 3.0))
    picks = [Pick(p.unit, p.score, p.matched | {"premium"}, asked) for p in picks]
    [verdict] = verdicts(["a"], picks, [priced, limit], "list")
    assert verdict.pick is not None and verdict.pick.unit is priced


def test_a_row_stating_a_value_covers_it_beside_a_deductible_s_words() -> None:
    # "C部 平台賬戶凍結 | 每日200美元 | 首5日不獲賠償": the deductible cell does not take the cover away;
    # an exclusion worded 不予承保 excludes.
    weights = (("冻结", 4.0), ("账户", 3.0))
    row = _unit(
        "a",
        "保障部分: C部 平台賬戶凍結（每日收入補償）; 賠償上限: 每日200美元; 自負額: 首5日不獲賠償",
        0,
        kind="row",
    )
    excluded = _unit("b", "3. 平台賬戶凍結，本產品一律不予承保；", 1, listed=True)
    picks = [
        Pick(row, 0.3, frozenset({"冻结", "账户"}), weights),
        Pick(excluded, 0.2, frozenset({"冻结", "账户"}), weights),
    ]
    found = {v.doc_id: v.stance for v in verdicts(["a", "b"], picks, [row, excluded], "list", chinese=True)}
    assert found == {"a": COVERED, "b": EXCLUDED}
