"""Cross-validated answer figures, pinned just under what was measured (issue 9).

Two folds that ship with the code, the demo corpus and the team's set: each is answered by a
model fitted (and thresholded) on the other only. `manage.py evaluate --cv` over all five folds
is what the README quotes; this keeps the CI run to two indexings.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.conftest import ROOT

FOLDS = [ROOT / "knowledge" / "demo_corpus", ROOT / "knowledge" / "eval_sets" / "team"]
# Held out, measured on 2026-12-01 after question parts from a data file, which-plans exemplars,
# answer units built at ingest, the plans of the line read for "which plans…", the refusal
# exemplars, off-topic declines and listed insurers declined by name: demo_corpus (fitted on team)
# fact recall 0.861, false declines 0.023, declines 0.750; team (fitted on the demo set) 0.593,
# 0.214, 0.761. With one fold to fit on, the team set's threshold comes from the demo set alone.
# After units were ordered by the ranking model (2026-12-01): demo 0.930, 0.000, 0.625; team 0.655,
# 0.145, 0.620 — more held-out answers right moved the threshold rule lower (README, "Ranking").
# With the general Chinese–English lexicon, the team set's nine absent-attribute questions and the
# session's grounding fixes merged (2026-12-01): demo 0.907, 0.000, 0.750; team 0.676, 0.186, 0.775.
# With follow-ups asking their own aspect, the which-plans line from the question's words, named
# comparisons quoted whole, the value-judgement refusal exemplars and the session's grounding fixes
# (the next session, 2026-12-01): demo 0.907, 0.000, 0.750; team 0.683, 0.186, 0.800.
# With plans grounded by their header's other-script names and other spellings, and the team set's
# 12 grounding questions (team-q275…q286): demo 0.907, 0.000, 0.750; team 0.693, 0.209, 0.786. The
# team set's threshold, fitted on the demo set alone, rose 0.646 → 0.669 (on the same 274 questions:
# false declines 0.186 → 0.207); with five folds to fit on, pooled held-out false declines moved
# 0.049 → 0.052 and fact recall 0.818 → 0.832.
# With plain-text tables and headings read as laid out, question parts cut from the question's own
# words, the intent model's refusal threshold chosen on the sets (session 8, 2026-12-01): demo 0.907,
# 0.000, 0.875; team 0.765, 0.131, 0.667 (the team set's threshold from the demo set alone: 0.446).
# With the form classifier reading character n-grams, misspellings corrected to the documents'
# words, which-plans answers plan by plan, parts no quote speaks of named and figures read in
# Chinese numerals (session 9, 2026-12-02; PostgreSQL and the Chroma server, as CI runs it): demo
# 0.907, 0.000, 0.750 (one unanswerable fewer declined); team 0.811, 0.118, 0.667.
# With places inside regions, a named plan searched on its own, the team set's 18 questions for them,
# the form head reading the question's frame and the testers' grounding fixes (session 10,
# 2026-12-02; SQLite and embedded Chroma): demo 0.907, 0.000, 0.500 (two unanswerables fewer
# declined, q47 among them); team 0.760, 0.170, 0.774 — with one fold to fit on, the team set's
# threshold (0.30, from the demo set alone) rose, so more of its answers are declined, right and
# wrong. The five-fold figures (README) moved the other way: fact recall 0.894 → 0.909, false
# declines 0.032 → 0.020, declines 0.504 → 0.504.
# With the team set's 17 questions on details a document keeps elsewhere (team-q550…q566; the code
# before them: team 0.762, 0.171, 0.736) and the decline that says where the detail is (issue 9,
# 2026-12-02): demo 0.907, 0.000, 0.750 (q45 declined); team 0.768, 0.171, 0.780.
# Session 11 merged (2026-12-02: place lists, which-plans stances, refusals followed by facts, tiers
# and catalogue-only products, names in every script, the kept-elsewhere decline; the team set at 379
# questions with its 76 new ones): demo 0.907, 0.000, 0.625 (the threshold fitted on the team set
# alone is 0: one unanswerable fewer declined); team 0.787, 0.148, 0.808.
# Session 13 (2026-12-02): the team set at 614 questions with its 111 new ones (comparison cells,
# cross-lingual sections, editions on the records path, which-word nouns, refusal boundaries), written
# where the code failed: team fact recall 0.755 (fitted on the demo set alone). On the five folds, the
# 858 questions the sets held before score the same fact recall held out (0.898; README).
FLOORS = {
    "demo_corpus": {"fact_recall": 0.89, "decline": 0.61},
    "team": {"fact_recall": 0.74, "decline": 0.79},
}
CEILINGS = {"demo_corpus": {"false_decline": 0.03}, "team": {"false_decline": 0.16}}


@pytest.mark.model_figures
@pytest.mark.slow
@pytest.mark.usefixtures("knowledge_index")
@pytest.mark.django_db(transaction=True)
def test_held_out_answer_figures_stay_above_what_was_measured(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    out = io.StringIO()
    call_command("evaluate", *map(str, FOLDS), cv=True, json=True, stdout=out)
    results = json.loads(out.getvalue())
    for name, floors in FLOORS.items():
        held = results[name]["held_out"]["overall"]
        for metric, floor in floors.items():
            assert held[metric] >= floor, (name, metric, held[metric])
        for metric, ceiling in CEILINGS[name].items():
            assert held[metric] <= ceiling, (name, metric, held[metric])
