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
