"""A place asked about, read against a document's explicit list of places.

"Does IP Voyager cover disputes in Japan?" of a document whose territories are "美國、歐盟成員國同英國。
其他地區一律唔保。": the document never names Japan, so nothing in it shares the question's words, yet
its list answers the question. A unit is such a list when it names two places or more
(knowledge.places: countries, regions, their states and cities) and little else, and its own label,
lead-in or section heading says what the list is of (chat/data/place_lists.yaml: "Territories",
承保地域, 銷售地區), not examples of it ("Market grade … Examples", 舉例).

The answer says, in the reader's language, that the place is not among those the document lists,
and quotes the list with the sentence after it when that sentence is about the list ("其他地區一律唔保",
"proceedings must be brought in those territories"): what the document says, never more. A place
in the list through a region (Germany in "EU member states") is named by the list, so the usual
answer quotes it (knowledge.places.names_within); when the answer model finds nothing, the list is
quoted here, after a line saying the place is among those listed ("France (EU)").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from django.utils import translation
from django.utils.translation import gettext

from chat import comparing, extractive, messages
from chat.units import Unit
from crossborder.countries import countries
from knowledge import places
from knowledge.language import to_simplified
from knowledge.text import fold

if TYPE_CHECKING:
    from chat.answering import Answer, Candidates, Draft

DATA = Path(__file__).resolve().parent / "data" / "place_lists.yaml"
# A unit's own label: its words before the first colon ("Territories: …", "銷售地區：…").
_LABEL = re.compile(r"^\s*([^:：。.;；]{1,40})[:：]")
# A list of places is mostly their names: what else it says takes at most this share of its
# letters ("and", "、", "六国" of "海湾合作委员会六国").
MOST_OTHER = 1 / 3


@dataclass(frozen=True)
class PlaceList:
    """A document's explicit list of places, the sentence after it about it, the places asked
    that the document names nowhere, and those the list names (by a region containing them)."""

    unit: Unit
    after: Unit | None
    missing: tuple[str, ...]
    listed: tuple[str, ...] = ()


@cache
def _vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    raw = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return tuple(fold(w) for w in raw["lists"]), tuple(fold(w) for w in raw["examples"])


def _says_any(text: str, words: Sequence[str]) -> bool:
    """A Latin word at a word start, a Chinese one anywhere."""
    folded = fold(text)
    return any(
        re.search(rf"(?<![a-z]){re.escape(w)}", folded) is not None if w.isascii() else w in folded
        for w in words
    )


def _body(text: str) -> tuple[str, str]:
    """A unit's own label (before its first colon) and the rest."""
    match = _LABEL.match(text)
    return (match.group(1), text[match.end() :]) if match else ("", text)


def _letters(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def listed_places(unit: Unit, units: Sequence[Unit]) -> frozenset[str]:
    """The codes of the places `unit` lists when it is an explicit list of places (see the module
    docstring), else an empty set."""
    _, body = _body(unit.text)
    codes = frozenset(p.code for p in places.places(body))
    if len(codes) < 2 or _letters(places.without_places(body)) > MOST_OTHER * _letters(body):
        return frozenset()
    lead = units[unit.lead].text if unit.lead is not None and unit.lead < len(units) else ""
    # The label may be the unit's own words ("销售地区为美国、加拿大…").
    context = " ".join((unit.text, lead, unit.heading))
    lists, examples = _vocabulary()
    if not _says_any(context, lists) or _says_any(f"{context} {body}", examples):
        return frozenset()
    return codes


def _named(units: Sequence[Unit]) -> frozenset[str]:
    """Every place a document names, in its units or their headings."""
    texts = {u.text for u in units} | {u.heading for u in units if u.heading}
    return frozenset(p.code for text in texts for p in places.places(text))


def _after(unit: Unit, units: Sequence[Unit]) -> Unit | None:
    """The sentence after a list, in its section, when it is about the list: it says what is not
    covered ("其他地區一律唔保") or names what the list is of ("proceedings must be brought in those
    territories")."""
    following = units[unit.order + 1] if unit.order + 1 < len(units) else None
    if following is None or following.chunk.doc_id != unit.chunk.doc_id or following.heading != unit.heading:
        return None
    said = comparing.says_not_covered(following.text) or _says_any(following.text, _vocabulary()[0])
    return following if said and not listed_places(following, units) else None


def place_lists(asked: frozenset[str], doc_id: str, units: Sequence[Unit]) -> list[PlaceList]:
    """The document's explicit lists of places that speak to a place `asked`: it names the place
    nowhere (by its code, or a region containing it), or the list names it."""
    own = [u for u in units if u.chunk.doc_id == doc_id]
    named = _named(own)
    missing = tuple(sorted(c for c in asked if named.isdisjoint({c, *places.containing(c)})))
    found = []
    for unit in own:
        codes = listed_places(unit, units)
        listed = tuple(sorted(c for c in asked if not codes.isdisjoint({c, *places.containing(c)})))
        if codes and (missing or listed):
            found.append(PlaceList(unit, _after(unit, units), missing, listed))
    return found


def asked_places(question: str, titles: Sequence[str]) -> frozenset[str]:
    """The places a question names, less those its plans' names carry ("… for Hong Kong Exporters")."""
    own = {p.code for title in titles for p in places.places(title)}
    return frozenset(p.code for p in places.places(question) if p.code not in own)


def place_name(code: str, language: str) -> str:
    """A place as the reader writes it: CLDR's name of a country, a region's first name in the
    reader's language (knowledge/data/regions.yaml)."""
    country = countries().get(code)
    if country is not None:
        return country.name(language)
    names = places.names_of(code)
    latin = [n for n in names if n.isascii()]
    chinese = [n for n in names if not n.isascii()]
    if language == "en" or not chinese:
        return (latin or list(names) or [code])[0]
    return to_simplified(chinese[0]) if language == "zh-Hans" else chinese[0]


def not_listed(language: str, missing: Sequence[str], title: str) -> str:
    """ "Not among the places <title> lists: Japan. What it says:" in the reader's language."""
    names = messages.list_join([place_name(c, language) for c in missing], language)
    with translation.override(language.lower()):
        return gettext("Not among the places %(title)s lists: %(places)s. What it says:") % {
            "title": title,
            "places": names,
        }


def among_listed(language: str, listed: Sequence[str], codes: frozenset[str], title: str) -> str:
    """ "Among the places <title> lists: France (EU). What it says:" — a place in the
    list through a region is shown with the region the list names."""
    shown = []
    for code in listed:
        regions = sorted(codes & places.containing(code)) if code not in codes else []
        name = place_name(code, language)
        if regions:
            inside = messages.list_join([place_name(r, language) for r in regions], language)
            name = f"{name} ({inside})" if language == "en" else f"{name}（{inside}）"
        shown.append(name)
    with translation.override(language.lower()):
        return gettext("Among the places %(title)s lists: %(places)s. What it says:") % {
            "title": title,
            "places": messages.list_join(shown, language),
        }


def answer(draft: Draft, found: Candidates) -> Answer | None:
    """The documents asked about whose list of places speaks to a place asked (it is not among
    them, or it is, perhaps through a region), each saying so and quoting its list; None when the
    question names no place or no document asked about lists places."""
    from chat.answering import Answer, in_script, quote_picks

    titles = {c.doc_id: (c.title, c.language) for c in draft.chunks}
    asked = asked_places(draft.question, [t for t, _ in titles.values()])
    if not asked:
        return None
    lines: list[str] = []
    picks: list[extractive.Pick] = []
    # Whether no document's list names the place asked.
    missing_everywhere = True
    for doc_id in draft.doc_ids:
        found_lists = place_lists(asked, doc_id, found.units)
        if not found_lists:
            continue
        title = in_script(*titles[doc_id], draft.language)[0]
        first = found_lists[0]
        missing_everywhere = missing_everywhere and bool(first.missing)
        if first.missing:
            lines.append(not_listed(draft.language, first.missing, title))
        else:
            codes = listed_places(first.unit, found.units)
            lines.append(among_listed(draft.language, first.listed, codes, title))
        shown = {u.order: u for pl in found_lists for u in (pl.unit, pl.after) if u is not None}
        picks += [extractive.Pick(u, 1.0) for _, u in sorted(shown.items())]
    if not picks:
        return None
    text, citations, shown_tables = quote_picks(draft, picks)
    if _declines(draft, missing_everywhere):
        # Asked what the list gives a place it omits (its grade, its rate): the document states
        # nothing for it. A decline, whatever found the list, with the list cited.
        decline = messages.fixed_reply("no_answer", draft.language)
        return Answer(
            "\n".join([decline, *lines, text]),
            draft.language,
            "no_answer",
            citations,
            chunks=draft.chunks,
            tables=shown_tables,
            reason="not_listed",
        )
    return Answer(
        "\n".join([*lines, text]),
        draft.language,
        "answer",
        citations,
        chunks=draft.chunks,
        tables=shown_tables,
    )


# Answer types of a question asking whether a place is covered or may be insured: a place its
# document's closed list omits answers it ("not among the places listed"). Other questions ask
# what the list gives a place (a grade, a rate), which the document does not state for one it omits.
WHETHER = frozenset({"yes_no", "eligibility"})


def _declines(draft: Draft, missing_everywhere: bool) -> bool:
    understood = draft.understanding
    return missing_everywhere and understood is not None and understood.answer_type not in WHETHER
