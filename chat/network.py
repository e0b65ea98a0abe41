""" "Which plans settle bills directly at <hospital>" / "in <city>", answered in the chat from the
compare page's lookup (knowledge.keyfacts.records.hospital_listings): the network lists the plans'
documents print, one row per plan and hospital, each cited to the line it is listed on.

Whether a question asks this, and which hospital it names, comes from the words in
knowledge/data/gba_cities.yaml (settlement words, hospital head nouns), the same file the
lookup reads its cities and network headings from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from chat import messages
from chat.tables import Cell, Row, Table
from knowledge.keyfacts.extract import _find_word, fold
from knowledge.keyfacts.hospitals import _data, city_label, city_names, city_of, names_of_city
from knowledge.keyfacts.records import HospitalMatch, hospital_listings, keyfacts_for, network_for
from knowledge.language import detect_language
from knowledge.text import cantonese_table, latin_words, segments
from portal.models import Product

if TYPE_CHECKING:
    from chat.answering import Answer, Draft
    from chat.comparing import Cited

# The compare page's note on where the lists come from (and what they leave out).
SOURCE_NOTE = gettext_noop(
    "From the network hospital lists printed in the plans' documents. A plan whose document "
    "refers to a list on its website is not found here: ask the insurer."
)
# Longest Chinese hospital name looked for before its head noun ("南山荔枝園" + "醫院").
MAX_CHINESE_NAME = 12


@dataclass(frozen=True)
class Asked:
    """The hospital (as the question writes it) or city a settlement question names."""

    hospital: str
    city: str  # a key of gba_cities.yaml

    def query(self) -> str:
        """What the lookup is given: the hospital's name, else the city's."""
        return self.hospital or city_label(self.city, "en")


@cache
def _words(key: str) -> tuple[str, ...]:
    return tuple(fold(w) for w in _data().get(key, []))


def asks_settlement(question: str) -> bool:
    folded = fold(question)
    return any(_find_word(folded, w) >= 0 for w in _words("settlement_asked"))


def asked(question: str) -> Asked | None:
    """The hospital or city a direct-settlement question names; None when it is not one."""
    if not asks_settlement(question):
        return None
    hospital = hospital_named(question)
    city = city_of(question)
    return Asked(hospital, city) if hospital or city else None


@cache
def _latin_head() -> re.Pattern[str]:
    heads = "|".join(re.escape(h) for h in _words("hospital_heads") if h.isascii())
    # Capitalised words (with "of", "the", "and" inside) up to the head noun: "Nanshan Lychee
    # Garden Hospital", "Hospital of the University of …" is cut at its head.
    return re.compile(rf"((?:[A-Z][\w'’.&-]*\s+(?:(?:of|the|and)\s+)?)+(?i:{heads}))(?![A-Za-z])")


def hospital_named(question: str) -> str:
    """The hospital's name as written: capitalised words before "Hospital" or "Clinic", or the
    Chinese characters before 醫院 (from the last place marker, "在…醫院"); "" when none. A plan's
    own name ("… GBA Hospital Plan") is not a hospital."""
    from chat.entities import _ordinary_words

    ordinary = _ordinary_words()
    for match in _latin_head().finditer(question):
        words = match.group(1).split()
        # The sentence's own opening ("Does", "Which") is no part of the name.
        while len(words) > 2 and words[0].lower() in ordinary:
            words.pop(0)
        name = " ".join(words)
        if not _of_a_plan(name) and not _is_city(_before_head(name)):
            return name
    folded = fold(question)
    for head in (h for h in _words("hospital_heads") if not h.isascii()):
        at = folded.find(head)
        if at <= 0:
            continue
        start = max(0, at - MAX_CHINESE_NAME)
        before = folded[start:at]
        cut = max((before.rfind(m) + len(m) for m in _words("place_markers") if m in before), default=0)
        run = re.search(r"[\u3400-\u9fff]+$", question[start + cut : at])
        own = _after_question_words(run.group(0)) if run else ""
        if len(own) >= 2 and not _is_city(own):
            name = own + question[at : at + len(head)]
            if not _of_a_plan(name):
                return name
    return ""


def _before_head(name: str) -> str:
    """ "Shenzhen Hospital" → "Shenzhen": the words before a Latin hospital head noun."""
    heads = [h for h in _words("hospital_heads") if h.isascii()]
    folded = fold(name)
    return next((folded[: -len(h)].strip() for h in heads if folded.endswith(h)), folded)


def _after_question_words(run: str) -> str:
    """The end of a Chinese run after its last word that asks ("深圳有邊幾間" → ""): words are
    cut as written and read with written Cantonese folded to standard Chinese."""
    asking = _words("question_words")
    table = cantonese_table()
    kept = at = 0
    for word in segments(fold(run)):
        at += len(word)
        if any(w in table.get(word, word) for w in asking):
            kept = at
    return run[kept:]


def _is_city(name: str) -> bool:
    """The words before a hospital's head are a city's name ("Shenzhen", "深圳市"): the question
    asks about the city's hospitals, not one of them."""
    folded = fold(name).strip().removesuffix("市").strip()
    return any(folded == n for n in city_names())


def is_hospital(name: str) -> bool:
    """The name ends in a hospital's head noun ("… Hospital", "…醫院"): a hospital, not an
    insurer or plan."""
    folded = fold(name.strip())
    return any(folded.endswith(h) for h in _words("hospital_heads"))


def _of_a_plan(name: str) -> bool:
    """Every word of `name` is a word of one plan's name (in any of its languages)."""
    words = set(latin_words(name))
    folded = fold(name)
    for product in Product.objects.all():
        names = [n for n in (product.name_en, product.name_zh_hant, product.name_zh_hans) if n]
        if words and words <= {w for n in names for w in latin_words(n)}:
            return True
        if not name.isascii() and any(folded in fold(n) for n in names):
            return True
    return False


def _candidates(question: str, wanted: Asked) -> list[Product]:
    """The plans the question names (the hospital's own words aside: "… Hospital" is no plan's),
    else all."""
    from chat.entities import ground

    named = ground(question.replace(wanted.hospital, " ") if wanted.hospital else question).products
    chosen = Product.objects.select_related("insurer").prefetch_related("documents")
    return list(chosen.filter(slug__in=named)) if named else list(chosen.all())


def _stated_in_city(products: list[Product], wanted: Asked, language: str, cited: Cited) -> list[str]:
    """For a city asked about: plans whose document prints no list but says it has network
    hospitals there ("22 network hospitals in Shenzhen, Dongguan and Huizhou"), the sentence cited."""
    from chat.answering import in_script
    from chat.comparing import _citation, _document_language, _plan_name

    if wanted.hospital or not wanted.city:
        return []
    names = [n for n in names_of_city(wanted.city) if n]
    lines = []
    for product in products:
        fact = next((f for f in keyfacts_for(product) if f.attribute.key == "network_hospitals"), None)
        record = fact.record if fact else None
        if record is None or not record.quote or network_for(product):
            continue
        if not any(_find_word(fold(record.quote), n) >= 0 for n in names):
            continue
        number = cited.add(_citation(product, record.doc_id, record.quote, record.section, record.page))
        quote, _ = in_script(record.quote, _document_language(product, record.doc_id), language)
        says = gettext(
            "%(plan)s prints no list of its hospitals; its document says it has network hospitals in "
            "%(city)s (ask the insurer which):"
        ) % {"plan": _plan_name(product, language), "city": city_label(wanted.city, language)}
        lines.append(f"{says} {quote} [{number}]")
    return lines


def answer(draft: Draft) -> Answer | None:
    """The plans that settle directly at the hospital or in the city the question names, cited;
    a plain no when no plan's list names it; None when the question asks something else."""
    from chat.answering import Answer
    from chat.comparing import Cited

    wanted = asked(draft.question)
    if wanted is None:
        return None
    candidates = _candidates(draft.question, wanted)
    products = [p for p in candidates if network_for(p)]
    language = draft.language
    cited = Cited([])
    with translation.override(language.lower()):
        stated = _stated_in_city(candidates, wanted, language, cited)
    if not products and not stated:
        # The plans named print no list (one may refer to its website): the documents say where.
        return None
    listed = hospital_listings(query=wanted.query(), products=products)
    matches = [m for m in listed if m.hospital.direct]
    with translation.override(language.lower()):
        if not matches and stated:
            text = "\n".join([*stated, gettext(SOURCE_NOTE)])
            return Answer(text, language, "answer", cited.citations, chunks=draft.chunks)
        if not matches:
            text = gettext("No plan's document lists a direct-settlement hospital matching “%(query)s”.") % {
                "query": wanted.hospital or city_label(wanted.city, language)
            }
            if listed:
                # Listed for reimbursement only: the documents do answer, and say how instead.
                cited = Cited([])
                lines = [_reimbursed(m, language, cited) for m in listed]
                text = "\n".join([text, *lines, gettext(SOURCE_NOTE)])
                return Answer(text, language, "answer", cited.citations, chunks=draft.chunks)
            note = gettext(SOURCE_NOTE)
            reply = messages.fixed_reply("no_answer", language)
            return Answer(f"{text}\n{note}\n{reply}", language, "no_answer", chunks=draft.chunks)
        table = _table(matches, language, cited)
    text = "\n".join([table.as_text(), *stated])
    return Answer(text, language, "answer", cited.citations, chunks=draft.chunks, tables=[table])


def _reimbursed(match: HospitalMatch, language: str, cited: Cited) -> str:
    """'<plan> lists this hospital for reimbursement only …: <hospital> (<city>) [n]'."""
    from chat.answering import in_script
    from chat.comparing import _citation, _plan_name

    printed = match.hospital.name_in(language)
    name, _ = in_script(printed, detect_language(printed), language)
    number = cited.add(_citation(match.product, match.doc_id, match.hospital.quote, match.hospital.section))
    says = gettext(
        "%(plan)s lists this hospital for reimbursement only (you pay the hospital and claim "
        "afterwards), not for direct settlement:"
    ) % {"plan": _plan_name(match.product, language)}
    city = city_label(match.hospital.city, language)
    return f"{says} {name} ({city}) [{number}]" if language == "en" else f"{says}{name}（{city}）[{number}]"


def _table(matches: list[HospitalMatch], language: str, cited: Cited) -> Table:
    from chat.answering import in_script
    from chat.comparing import _citation, _language_notes, _plan_name

    rows = []
    for match in matches:
        document = next((d for d in match.product.documents.all() if d.doc_id == match.doc_id), None)
        written_in = (document.language if document else "") or "en"
        number = cited.add(
            _citation(match.product, match.doc_id, match.hospital.quote, match.hospital.section)
        )
        # The name the document prints in the reader's script, where it prints one ("天河珠月醫院").
        printed = match.hospital.name_in(language)
        shown_in = detect_language(printed) if printed != match.hospital.name else written_in
        name, converted = in_script(printed, shown_in, language)
        rows.append(
            Row(
                Cell(_plan_name(match.product, language)),
                (
                    Cell(name, number, language if converted else shown_in),
                    Cell(city_label(match.hospital.city, language)),
                ),
            )
        )
    columns = (Cell(gettext("Plan")), Cell(gettext("Hospital")), Cell(gettext("City")))
    languages = [c.lang for row in rows for c in row.cells if c.cite]
    notes = (gettext(SOURCE_NOTE), *_language_notes(languages, language))
    return Table(gettext("Direct settlement at a hospital"), columns, tuple(rows), notes, language=language)
