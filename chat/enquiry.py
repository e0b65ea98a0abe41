"""The enquiry fields a quote request already answers, named as the enquiry form expects them.

Rules over the message (lower-cased, Traditional folded to Simplified): the product line from its
words, countries and regions (knowledge.places), GBA cities (knowledge/data/gba_cities.yaml),
amounts with their currency and scale (crossborder.money), and the fields each product line's form
needs. The words are data (chat/data/enquiry_words.yaml; the product lines' words are
knowledge/data/product_lines.yaml, which titles are read with too). What is not understood stays missing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from crossborder.money import Written, amounts_in, convert, rates
from knowledge import places, titles
from knowledge.numerals import in_digits
from knowledge.text import fold

if TYPE_CHECKING:
    from chat.entities import Held

WORDS_FILE = Path(__file__).resolve().parent / "data" / "enquiry_words.yaml"
# Personal lines ask who is insured and how old they are; "我们有3个专利" is a firm.
_PERSONAL = {"gba_medical", "pension", ""}


@cache
def _words() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    return data


@cache
def _patterns(key: str) -> dict[str, re.Pattern[str]]:
    """A table of the words file as compiled patterns, by code, in the file's order."""
    return {str(code): re.compile(pattern) for code, pattern in _words()[key].items()}


@cache
def _pattern(key: str) -> re.Pattern[str]:
    return re.compile(_words()[key])


def _matching(key: str, text: str) -> list[str]:
    """The codes of table `key` whose pattern the text matches, in the file's order."""
    return [code for code, pattern in _patterns(key).items() if pattern.search(text)]


@cache
def _word_table(key: str) -> dict[str, str]:
    """word → code, for tables that list words rather than patterns."""
    return {str(word): str(code) for code, words in _words()[key].items() for word in words}


def line_of(message: str) -> str:
    """The product line a message's words point to ("patent" → overseas_ip), or ""."""
    return titles.line_of(message)


def without_line_words(message: str) -> str:
    """`message` less the words that name its product line ("Which pension plans…?" → "Which
    plans…?"): they choose the documents, and are no part of what is asked of them."""
    text = fold(message)
    if len(text) != len(message):
        return message
    spans = [m.span() for pattern in titles.line_patterns().values() for m in pattern.finditer(text)]
    kept = "".join(" " if any(a <= i < b for a, b in spans) else c for i, c in enumerate(message))
    return " ".join(kept.split()) if kept.strip() else message


def extract_fields(message: str, *, named: Sequence[Held] = ()) -> dict[str, Any]:
    """Prefilled enquiry fields plus `missing`: what the chat asks for first for the product line.

    A product the message names (`named`, grounded by chat.entities) sets the product, its
    line and its insurer; otherwise the line comes from the message's words.
    """
    fields: dict[str, Any] = {}
    products = [h for h in named if h.product]
    # A named plan's own words are not details of the request: 「海外维权」 asks no enforcement cover.
    # Chinese numbers are read as digits once, for every field ("六十五歲", "八千蚊", "九成").
    text = in_digits(_without_names(fold(message), products))
    line = products[0].product_line if products else line_of(message) or _line_of_fields(message, text)
    if products:
        fields["product"] = products[0].product
        # Only insurers of the line asked for: a plan of another line named (or misread) in the
        # message is not an insurer to ask for this quote.
        fields["insurers"] = list(
            dict.fromkeys(h.insurer_slug for h in products if h.insurer_slug and h.product_line == line)
        )
    if line:
        fields["product_line"] = line
    fields.update(_line_fields(message, text, line))
    needed = _words()["asked_first"].get(line, ["product_line"])
    # "limit_rmb|limit_hkd": either field answers; the first names what is still needed.
    groups = [f.split("|") for f in needed]
    fields["missing"] = [
        group[0]
        for group in groups
        if not any(a in fields for a in group) and any(_required(line, a) for a in group)
    ]
    return fields


def _required(line: str, name: str) -> bool:
    """Whether the line's enquiry form requires the field: the chat never says "still needed"
    of one the form marks optional (E22). A field of the form's first step (where the applicant
    is) is not a line field, and is required."""
    from crossborder.line_fields import line_fields

    field = line_fields(line).get(name) if line else None
    return field is None or field.required


def _line_of_fields(message: str, text: str) -> str:
    """The line whose own fields a message without line words fills most ("我40、老婆39，住喺佛山，
    自付費揀零" fills a medical plan's deductible), or "" when none fills any. Where the applicant
    is says nothing of the line: every business line reads it."""
    common = _line_fields(message, text, "").keys()
    counts = {
        line: len(_line_fields(message, text, line).keys() - common - _jurisdiction(text, line).keys())
        for line in _words()["asked_first"]
    }
    best = max(counts, key=lambda line: counts[line])
    return best if counts[best] else ""


def _line_fields(message: str, text: str, line: str) -> dict[str, Any]:
    """The fields a message states, read as a request of `line` ("" when the line is unknown)."""
    fields: dict[str, Any] = {}
    amounts = [a for a in amounts_in(text) if a.currency or a.scaled]
    fields.update(_jurisdiction(text, line))
    fields.update(_money(text, line, amounts))
    fields.update(_trade_terms(text))
    fields.update(_places(message, text, line))
    # "Kids aged 5" in a medical quote is no e-commerce category (a misread trade line still
    # keeps the platforms and goods a seller names).
    fields.update(_ecommerce(text) if line not in {"gba_medical", "pension"} else {})
    fields.update(_ip(text, line))
    fields.update(_people(text) if line in _PERSONAL else {})
    fields.update(_credit_terms(text) if line == "export_credit" else {})
    fields.update(_medical_terms(text, amounts) if line == "gba_medical" else {})
    fields.update(_wanted(text, line))
    return fields


def _without_names(text: str, products: Sequence[Held]) -> str:
    """The folded message less the named plans' own names (and the quoted part of a Chinese name)."""
    own = {n for h in products for n in h.names if n not in h.insurer_names}
    own |= {part for n in own for part in re.findall(r"「(.+?)」", n)}
    for name in sorted({fold(n) for n in own if n.strip()}, key=len, reverse=True):
        pattern = rf"\b{re.escape(name)}\b" if name.isascii() else re.escape(name)
        text = re.sub(pattern, " ", text)
    return text


def _jurisdiction(text: str, line: str) -> dict[str, Any]:
    from knowledge.keyfacts.hospitals import city_of

    where = set(_matching("jurisdiction", text))
    if city_of(text) not in {"", "hong_kong", "macao"}:
        where.add("mainland")  # "a Dongguan ceramics maker"
    if line == "ecommerce":
        if "us_llc" in where:
            return {"seller_jurisdiction": "US_LLC"}
        if "mainland" in where:
            return {"seller_jurisdiction": "mainland"}
        return {"seller_jurisdiction": "HK"} if "hong_kong" in where else {}
    if line in {"export_credit", "overseas_ip"}:
        if "shenzhen" in where:
            return {"entity_jurisdiction": "Shenzhen"}
        if "mainland" in where:
            return {"entity_jurisdiction": "other_mainland"}
        if where & {"hong_kong_firm", "hong_kong"}:
            return {"entity_jurisdiction": "HK"}
    return {}


# Between an amount and a label of another clause: "US$45k a month, want US$2m liability".
_CLAUSE = re.compile(r"[;；。，、]|[,.](?!\d)")


def _label(text: str, amount: Written, window: int = 40) -> str:
    """The amount label whose words stand nearest the amount, within `window`, or "": a label in
    the amount's own clause before any in another."""
    best, distance = "", (2, window + 1)
    start, end = max(0, amount.start - window), amount.start + window
    for label, pattern in _patterns("amount_labels").items():
        for match in pattern.finditer(text[start:end]):
            left, right = start + match.start(), start + match.end()
            between = text[right : amount.start] if right <= amount.start else text[amount.end : left]
            gap = (int(bool(_CLAUSE.search(between))), len(between))
            if gap < distance:
                best, distance = label, gap
    return best


def _money(text: str, line: str, amounts: list[Written]) -> dict[str, Any]:
    """Each amount in the field its label, currency and the line name (the words file's
    `amount_fields`, the first row that fits); a row without a field keeps the amount out. A row's
    `convert` fills the form's field in its own currency, and `converted` says from what, at what."""
    fields: dict[str, Any] = {}
    for amount in amounts:
        label = _label(text, amount)
        rows: list[dict[str, Any]] = _words()["amount_fields"]
        row = next((r for r in rows if _fits(r, label, amount.currency, line)), {})
        if row.get("field"):
            fields.setdefault(row["field"], _band(amount.value) if row.get("band") else amount.value)
        target = row.get("convert")
        if target and target["field"] not in fields:
            found = _converted(amount, target["field"], target["into"], band=bool(row.get("band")))
            notes = {**fields.get("converted", {}), **found.pop("converted", {})}
            fields.update(found, **({"converted": notes} if notes else {}))
    return fields


def _converted(amount: Written, field: str, into: str, *, band: bool) -> dict[str, Any]:
    """`field` holding the amount in `into` at the fixed rates, and the note of the conversion
    (`converted`: field → what was written and the rate); nothing for a currency without a rate."""
    written = amount.currency or into
    value = convert(amount.value, written, into)
    if value is None:
        return {}
    note = {"amount": amount.value, "currency": written, "into": into, "as_of": rates().as_of.isoformat()}
    return {field: _band(float(value)) if band else int(value), "converted": {field: note}}


def _fits(row: dict[str, Any], label: str, currency: str | None, line: str) -> bool:
    return (
        row.get("label", label) == label
        and currency in row.get("currency", [currency])
        and line in row.get("lines", [line])
    )


def _band(value: float) -> str:
    for upper, band in ((5e4, "<50k"), (5e5, "50k-500k"), (1e6, "500k-1m"), (5e6, "1m-5m")):
        if value < upper:
            return band
    return ">5m"


def _trade_terms(text: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    payment = _matching("payment_terms", text)
    if payment:
        fields["payment_terms"] = payment[0]
    days = re.search(r"(\d{2,3})[- ]?(?:day|天|日)", text)
    if days:
        fields["credit_period_days"] = int(days.group(1))
    return fields


def places_named(message: str) -> list[str]:
    """The countries and regions a message names, as codes, in any of the three languages
    (knowledge.places). "US" counts only as written, in capitals and not as a currency ("US$"):
    lower-cased it is the pronoun ("quote us")."""
    codes = [p.code for p in places.places(message)]
    if re.search(r"(?<![A-Za-z])US(?![A-Za-z$])", message):
        codes.append("US")
    return list(dict.fromkeys(codes))


def _places(message: str, text: str, line: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if line == "overseas_ip":
        message = _without_patent_offices(message)
    # Where the applicant is (Hong Kong, the mainland) is not where it sells or protects patents.
    named = [c for c in places_named(message) if c not in _words()["home_places"]]
    countries = [c for c in named if len(c) == 2 and c != "EU"]
    offered = _words()["form_regions"]
    nearest = [_words()["form_region_for"].get(c, c) for c in named if c not in countries]
    regions = list(dict.fromkeys(c for c in nearest if c in offered))
    if line == "export_credit" and countries:
        fields["destination_countries"] = countries
    elif line == "ecommerce" and countries:
        fields["markets"] = countries
    elif line == "overseas_ip" and (countries or regions):
        fields["territories"] = countries + regions
    if line in _PERSONAL:
        city = _residence(text)
        if city:
            fields["city_of_residence"] = city
    return fields


def _residence(text: str) -> str:
    """The form's code of the GBA city the text says someone lives in ("住喺東莞"), or ""."""
    from knowledge.keyfacts.hospitals import city_of

    for match in _pattern("lives_in").finditer(text):
        key = city_of(text[match.end() : match.end() + 16])
        if key:
            return _city_codes().get(key, "")
    return ""


@cache
def _city_codes() -> dict[str, str]:
    """gba_cities.yaml key → the enquiry form's city code, joined on the English name."""
    from django.utils.translation import override

    from crossborder.line_fields import CITIES
    from knowledge.keyfacts.hospitals import _data

    with override("en"):
        by_name = {str(label): code for code, label in CITIES}
    return {key: by_name[city["en"]] for key, city in _data()["cities"].items() if city["en"] in by_name}


def _terms(text: str, table: dict[str, str]) -> list[str]:
    hits = []
    for word, code in table.items():
        # A Latin word beside Chinese ("TikTok卖") has no \b there: letters are looked at instead.
        pattern = re.escape(word) if not word.isascii() else rf"(?<![a-z]){re.escape(word)}(?![a-z])"
        if re.search(pattern, text) and code not in hits:
            hits.append(code)
    return hits


def _ecommerce(text: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    platforms = _terms(text, _word_table("platforms"))
    if platforms:
        fields["platforms"] = platforms
    categories = _matching("categories", text)
    if len(categories) > 1:
        # General goods are the goods of no other category: "children's clothing" is children's.
        categories = [c for c in categories if c != "general"]
    if categories:
        fields["categories"] = categories
    return fields


def _office(word: str) -> str:
    """The patent office a word before or after a count names ("japanese", "美国", "欧洲")."""
    office = _word_table("patent_offices").get(word)
    if office:
        return office
    if not places.is_place(word):
        return ""
    code = places.places(word)[0].code
    return code if code in _word_table("patent_offices").values() else ""


_PATENT_WORD = re.compile(r"patent|专利|申请|application")
_COUNT_OFFICE = re.compile(r"(\d+)\s*(?:项|件|个)?\s*([a-z]+|[\u4e00-\u9fff]{2})")
# Between two counts of one list: the noun of the first, then a comma or "and".
_LIST_GAP = re.compile(r"\s*(?:patents?|专利|applications?|申请)?\s*(?:[,、;]|and|和|及|与)?\s*")


# "美国专利5件", "美国3个、欧洲2个专利": an office, then its count.
_OFFICE_COUNT = re.compile(
    r"([a-z]+|[\u4e00-\u9fff]{2})\s*(?:(?:发明|实用新型|外观设计)?(?:专利|申请)\s*(\d+)"
    r"|(\d+)\s*(?:项|件|个)(?=.{0,20}专利))"
)


def _count_runs(text: str) -> list[list[tuple[int, str, int, int]]]:
    """Lists of (count, office, start, end) written one after another ("12 US patents, 5 EP, 30 CN")."""
    runs: list[list[tuple[int, str, int, int]]] = []
    for match in _COUNT_OFFICE.finditer(text):
        code = _office(match.group(2))
        if not code:
            continue
        item = (int(match.group(1)), code, match.start(), match.end())
        if runs and _LIST_GAP.fullmatch(text[runs[-1][-1][3] : match.start()]):
            runs[-1].append(item)
        else:
            runs.append([item])
    return runs


def _patent_runs(text: str) -> list[list[tuple[int, str, int, int]]]:
    """The count runs that are patents: the noun stands in the list, after it, or just before
    it ("Patent portfolio: 8 US, 3 EP")."""
    return [
        run
        for run in _count_runs(text)
        if _PATENT_WORD.search(text[max(0, run[0][3] - 40) : run[-1][3] + 40])
    ]


def _without_patent_offices(message: str) -> str:
    """`message` with the offices of its patent counts blanked ("3 US patents", "美国专利5件"):
    where a patent is held is not where cover is asked for (a US patent asks no US cover, E22)."""
    text = fold(message)
    if len(text) != len(message):  # positions would not carry over: keep every place
        return message
    spans = [(start, end) for run in _patent_runs(text) for _count, _code, start, end in run]
    spans += [m.span(1) for m in _OFFICE_COUNT.finditer(text) if _office(m.group(1))]
    return "".join(" " if any(a <= i < b for a, b in spans) else c for i, c in enumerate(message))


def _ip(text: str, line: str) -> dict[str, Any]:
    if line != "overseas_ip":
        return {}
    fields: dict[str, Any] = {}
    covers = _matching("ip_covers", text)
    if covers:
        fields["cover_types"] = covers
    patents: dict[str, int] = {}
    # "8件美国专利", "3件PCT申请", "6 Japanese and 4 Korean patents", "12 US patents, 5 EP, 30 CN":
    # a list of counts with their offices, patents (or applications) named in it or soon after.
    for run in _patent_runs(text):
        for count, code, _start, _end in run:
            patents[code] = patents.get(code, 0) + count
    # "美国专利5件", "美国3个、欧洲2个专利": the office first, then its count.
    for word, written_after, counted in _OFFICE_COUNT.findall(text):
        code = _office(word)
        if code:
            patents[code] = patents.get(code, 0) + int(written_after or counted)
    if patents:
        fields["patents"] = patents
    if _pattern("subsidy").search(text):
        fields["subsidy_interest"] = True
    return fields


def _flag(text: str, name: str) -> bool | None:
    """True when the text says it, False when it says it with a negation before it, None if silent."""
    match = _patterns("flags")[name].search(text)
    if match is None:
        return None
    return not _pattern("negation").search(text[max(0, match.start() - 12) : match.start()])


_AGE_WORDS = re.compile(r"(?<![\d.,])(\d{1,3})\s*(?:岁|years? old|yrs? old|-year-old)")
# "I'm 42", "she is 72", "we're 40 and 38", "aged 9 and 6": a subject, then one or more ages
# ("she's 37" is folded to "she 37": the text module drops an apostrophe-s as a possessive).
_SUBJECT_AGES = re.compile(
    r"(?:\baged?|\bi'm|\bi am|\b(?:he|she)(?: is|'s)?|\b(?:we|they)(?: are|'re)|\b(?:dad|mum|mom) is)\s*"
    r"(\d{1,2}(?:\s*(?:,|and|&)\s*\d{1,2})*)\b"
)
# A person's age written straight after them ("me (38)", "my wife (36)", "for me, 51,", "我40、老婆39"):
# a number of one or two digits, then a separator, not a count of something ("我有3个专利").
_AGE_AFTER = re.compile(
    r"\s*[,，:：]?\s*[(（]?\s*(\d{1,2})\s*[)）]?(?=\s*(?:[,，、;；.。]|and\b|和|同|岁|$))"
)


def ages_in(message: str) -> list[int]:
    """The ages a message states, in the order written ("35-year-old", "I'm 42", "we're 40 and
    38", "35岁", "me (38) and my wife (36)", "我40、老婆39")."""
    text = in_digits(fold(message))  # "六十五歲"
    found: dict[int, int] = {}  # where the number is written → the age
    for match in _AGE_WORDS.finditer(text):
        found[match.start(1)] = int(match.group(1))
    for match in _SUBJECT_AGES.finditer(text):
        for age in re.finditer(r"\d{1,2}", match.group(1)):
            found[match.start(1) + age.start()] = int(age.group())
    for person in _pattern("people").finditer(text):
        after = _AGE_AFTER.match(text, person.end())
        if after:
            found[after.start(1)] = int(after.group(1))
    for both in _pattern("same_age").finditer(text):  # "we are both 60"
        after = _BOTH_AGED.match(text, both.end())
        if after:
            found[after.start(1)] = int(after.group(1))
    return [found[at] for at in sorted(found)]


_BOTH_AGED = re.compile(r"\s*(?:aged\s*)?(\d{1,2})(?!\d|\s*(?:%|k\b|m\b|万|萬))")


def _people(text: str) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    residency = _matching("residency", text)
    if residency:
        fields["residency_status"] = residency[0]
        fields["hk_permanent_resident"] = residency[0] == "hk_permanent"
    for name in ("hk_taxpayer", "direct_billing_required", "smoker"):
        said = _flag(text, name)
        if said is not None:
            fields[name] = said
    ages = ages_in(text)
    if len(ages) == 1 and _pattern("same_age").search(text):
        ages = ages * 2  # "my wife and I are both 55", "我同老婆都係55歲": two people of one age
    if ages:
        fields["ages"] = ages
        fields["age"] = ages[0]
    if len(ages) == 1 and "smoker" in fields:
        fields["smokers"] = [fields["smoker"]]  # the form asks it per person: one person, one answer
    relationships = _matching("relationships", text)
    if relationships:
        fields["insured_relationships"] = relationships
    return fields


def _credit_terms(text: str) -> dict[str, Any]:
    """Export credit fields: how many buyers, the indemnity asked for, pre-shipment cover."""
    fields: dict[str, Any] = {}
    buyers = re.search(r"(\d{1,4})\s*(?:buyers|customers|个买家|家买家|个客户|家客户|个买方)", text)
    if buyers:
        fields["number_of_buyers"] = int(buyers.group(1))
    indemnity = re.search(
        r"(\d{2})\s*%\s*(?:indemnity|赔偿|赔付)|(?:indemnity|赔偿比例|赔付比例)\D{0,12}(\d{2})\s*%", text
    )
    if indemnity:
        fields["indemnity_pct"] = int(indemnity.group(1) or indemnity.group(2))
    pre_shipment = _flag(text, "pre_shipment_cover")
    if pre_shipment is not None:
        fields["pre_shipment_cover"] = pre_shipment
    return fields


def _wanted(text: str, line: str) -> dict[str, Any]:
    """What cover is asked for: e-commerce covers, or a medical plan's area and deductible."""
    fields: dict[str, Any] = {}
    if line == "ecommerce":
        covers = _matching("covers_wanted", text)
        if covers:
            fields["covers_wanted"] = covers
    if line == "gba_medical":
        existing = _matching("existing_cover", text)
        if existing:
            fields["existing_cover"] = ["none"] if "none" in existing else existing
        area = _matching("areas", text)
        if area:
            fields["area_of_cover"] = area[0]
        deductible = _deductible(text)
        if deductible is not None:
            fields["deductible_hkd"] = deductible
    return fields


def _deductible(text: str) -> int | None:
    """The deductible a message chooses: zero ("zero deductible", "自付费拣零") or the amount
    written beside the word (in digits or Chinese numerals), if it is one the form offers."""
    from crossborder.line_fields import DEDUCTIBLES_HKD

    word = _words()["deductible"]
    if re.search(rf"(zero|no|nil|\$0|冇|无|没有)\s*({word})|({word})\D{{0,4}}(零|zero|nil|\b0\b)", text):
        return 0
    offered = {value for value, _label in DEDUCTIBLES_HKD}
    for amount in amounts_in(text):  # Chinese numerals are digits already (extract_fields)
        value = round(amount.value)
        if value in offered and _near(text, amount.start, word, window=20):
            return value
    return None


def _near(text: str, position: int, pattern: str, window: int = 40) -> bool:
    return bool(re.search(pattern, text[max(0, position - window) : position + window]))


def _medical_terms(text: str, amounts: list[Written]) -> dict[str, Any]:
    """GBA medical fields: months a year on the mainland, and a yearly budget."""
    fields: dict[str, Any] = {}
    months = re.search(
        r"(\d{1,2})\s*(?:months?|个月)[^.,;，。；]{0,20}(?:mainland|内地|大陆)", text
    ) or re.search(r"(?:mainland|内地|大陆)[^.,;，。；]{0,12}?(\d{1,2})\s*(?:months?|个月)", text)
    if months:
        fields["months_in_mainland_per_year"] = int(months.group(1))
    budget = _nearest(text, [a for a in amounts if a.currency in {"HKD", None}], _pattern("budget"))
    if budget is not None:
        fields["budget_hkd_per_year"] = budget.value
    return fields


def _nearest(text: str, amounts: list[Written], word: re.Pattern[str], window: int = 20) -> Written | None:
    """The amount written nearest after (else before) one of `word`'s matches within `window`, in
    its clause: "免賠額一萬港元，預算每年三萬港元" budgets the second."""
    best, distance = None, (2, window + 1)
    for match in word.finditer(text):
        for amount in amounts:
            after = amount.start >= match.end()
            between = text[match.end() : amount.start] if after else text[amount.end : match.start()]
            gap = (int(bool(_CLAUSE.search(between))), len(between) if after else len(between) + window)
            if len(between) <= window and gap < distance:
                best, distance = amount, gap
    return best
