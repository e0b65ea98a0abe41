"""The insurers, products and editions a question names, grounded in what the portal holds.

A name resolves to documents through the index's cross-script name matching
(knowledge.names: "大帽山" for "Tai Mo Shan"), possessives folded ("BridgeCare's"),
and typos by fuzzy match against the held names' distinctive words ("BrigeCare").

Whether a span is a name at all is decided by its form and place, not by a list of
real insurers: a capitalised, CamelCase or upper-case span in the slot of an owner
("X's", "X plan", "X Life", "X 計劃", "the plan from X"), a brand-shaped span anywhere
(CamelCase, four or more capitals), or in Chinese the part before an
insurer's or plan's head noun ("X人壽", "X保險公司") or inside 「」. Such a
span the portal holds no documents for — none of its words is a held name or a word
the documents use, and it is not a country — is an unknown entity: the question is
declined with what the portal holds for that line. So is an edition year ("the 2027
edition") that no held edition has.

Chinese has no capitals to tell a name by, so real insurers are also recognised by name from a
data file (knowledge/data/insurers.yaml: names only): "保誠危疾計劃", "平安嘅跨境電商保險",
"Prudental's plan". A listed name counts only as a whole word of the question (jieba's cut), not
inside a held name, and an everyday word (平安, 陽光) only where an insurer stands ("平安保險",
"平安嘅…保險"); an insurer the catalogue holds is never caught. A quoted Chinese name in a plan's
place (「安康寶」計劃) is a product the portal does not hold unless a held name has it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from chat import lexicon
from chat.plan_shaped import calques, chinese_plan_places, compared_names, latin_plan_name
from chat.tiers import unheld_tiers
from chat.unheld_products import UnheldProduct, named_unheld, unheld_products
from knowledge import stamps
from knowledge.language import to_simplified
from knowledge.models import PlanDocument
from knowledge.names import NameIndex, Profile, homophones, warm_up
from knowledge.places import is_local_place, is_place, without_local_places
from knowledge.text import (
    EVERYDAY_WORD_FREQUENCY,
    chinese_words,
    compiled,
    dictionary_cut,
    fold,
    is_chinese,
    latin_words,
    normalise,
    stem,
    stopwords,
    tokenize,
    word_frequency,
    years_named,
)
from portal.models import Product

INSURERS = Path(__file__).resolve().parent.parent / "knowledge" / "data" / "insurers.yaml"

# Two plans named by their own names, each at least this share of the best-named one's score, are
# a comparison whatever the wording ("BridgeCare 同雙灣安心，…分別…": a Latin name and a longer
# Chinese brand score 0.67 and 1). A lone shared word ("Hospital" of "… Hospital Plan") scores less.
BOTH_NAMED_SHARE = 0.6
# Plans named at least this share of the best-named one's score are listed in the order the question
# names them: "Lantau Senior" (an insurer's word and a plan's) and "Harbourview" are one mention each.
MENTION_ORDER_SHARE = 0.5
# Edits a misspelling may make, per letter of a held name's word (Latin) or per character of a
# held Chinese name: "brigecare" (9 letters, one edit) and "雙彎安心" (4 characters, one edit) are
# misspellings; "安心" against "放心" (2 characters) is another word.
TYPO_EDITS_PER_LETTER = 1 / 5
TYPO_EDITS_PER_CHINESE_CHARACTER = 1 / 4
# Shortest name compared by sound with every held Chinese name, not only with the held brands.
SOUNDS_HELD_ANYWHERE = 3
# Shortest Chinese name a misspelling is looked for.
TYPO_MIN_CHINESE = 4
# Shorter words are too easily misspellings of each other.
TYPO_MIN_LETTERS = 5

# Head nouns of an owner slot: "the X plan", "X Life", "X's", "X Insurance".
_HEADS = (
    r"plans?|polic(?:y|ies)|insurance|insurers?|cover|annuit(?:y|ies)|products?|schemes?|editions?|"
    r"versions?|life|assurance|group|company|health|medical|credit|care|re"
)
_CAPITAL_SPAN = re.compile(
    r"(?<![A-Za-z'])((?:[A-Z][A-Za-z]*|[A-Z]{2,})(?:[ -](?:[A-Z][A-Za-z]*|[A-Z]{2,}))*)(?![A-Za-z])"
)
_AFTER_OWNER = re.compile(
    rf"^(?:'s\b|’s\b|\s+(?:{_HEADS})\b|\s*(?:嘅|的|之)?\s*(?:计划|計劃|保单|保單|产品|產品|保险|保險|年金|人寿|人壽))",
    re.IGNORECASE,
)
# A product's head noun right after a word: the word is in a plan's slot ("serene annuity").
_HEAD_AFTER = re.compile(
    r"\s+(?:plans?|polic(?:y|ies)|annuit(?:y|ies)|insurance|cover|schemes?)\b", re.IGNORECASE
)
_BEFORE_OWNER = re.compile(r"\b(?:from|by|with|at)\s+$", re.IGNORECASE)
# Chinese: the name before an insurer's own head noun ("X人壽", "X保險公司"), and quoted names.
# ("X的計劃" is not enough: "鋰電池的產品責任險" names no one.)
_ZH_OWNER = re.compile(r"([\u4e00-\u9fffA-Za-z]{2,10}?)(?:人寿|保险公司|保险有限公司|财险|保险集团)")
_ZH_QUOTED = re.compile(r"[「『“\"]([^」』”\"]{2,20})[」』”\"]")
# Words that open a Chinese question or point at something, never a name ("这个计划的").
_ZH_POINTERS = re.compile(r"^(?:这|那|哪|呢|嗰|边|你|我|他|佢|其|该|本|各|每|贵|所有|其他|两|二|一)")
# Where an insurer stands after a name that is also an everyday word (folded): its own head noun
# ("平安保险", "阳光人寿"), or a possessive with a kind of cover later in the clause ("平安嘅跨境电商保险").
_INSURER_AFTER = re.compile(
    r"^\s*(?:保险|人寿|寿险|财险|产险|集团|公司|健康险|insurance|life|group"
    r"|(?:嘅|的|之|'s)[^，。？！?!,.;；]{0,16}?(?:保险|险|计划|保单|产品|年金|保障|plan|policy|cover))",
    re.IGNORECASE,
)
# A quoted Chinese name in a plan's place: 「安康寶」計劃, 「安康寶醫療計劃」 (folded).
_PRODUCT_HEAD = r"(?:计划|保险|险|年金|保单|产品|方案)"
_ZH_QUOTED_PRODUCT = re.compile(
    rf"[「『“]([^」』”]{{2,20}})[」』”]\s*(?:嘅|的)?\s*(?={_PRODUCT_HEAD})|[「『“]([^」』”]{{2,20}}{_PRODUCT_HEAD})[」』”]"
)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_EDITION = re.compile(
    r"(?<!\d)(20\d\d)(?!\d)\s*(?:年)?\s*(?:edition|version|wording|版)"
    r"|(?:edition|version|wording)\s+(?:of\s+)?(?:the\s+)?(20\d\d)(?!\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Held:
    """A document the portal holds, with the names it is known by."""

    doc_id: str
    product: str
    product_line: str
    title: str
    insurer: str
    insurer_slug: str
    year: int | None
    names: tuple[str, ...]
    insurer_names: tuple[str, ...] = ()
    product_name: str = ""
    # The product's name as the catalogue gives it in each language ("en", "zh-Hant", "zh-Hans").
    localised_names: tuple[tuple[str, str], ...] = ()
    # Latin names from the header of a Chinese document (also in `names`): matched as written only,
    # never romanised — "Yinianbao" spells 颐年宝, and any 一年保(费) by accident.
    header_names: tuple[str, ...] = ()

    @property
    def listed_line(self) -> str:
        """The product line the document is listed under: its product's, else the one its title's
        words name ("… Medical Plan", 「…年金計劃」), else "". A document uploaded before staff
        attach it to a product is answered from, so it is listed too."""
        from chat.enquiry import line_of

        return self.product_line or line_of(self.title)

    def product_name_in(self, language: str) -> str:
        """The product's name for a reader of `language`, else in English, else the title."""
        names = dict(self.localised_names)
        return names.get(language) or self.product_name or self.title


@dataclass(frozen=True)
class Entities:
    documents: list[str] = field(default_factory=list)  # doc ids named, best-named first
    products: list[str] = field(default_factory=list)  # their product slugs
    plans: list[str] = field(default_factory=list)  # products named by their own names (not their insurer's)
    strongly_named: list[str] = field(default_factory=list)  # of those, named about as strongly as the best
    lines: list[str] = field(default_factory=list)  # their product lines
    unknown: list[str] = field(default_factory=list)  # names the portal holds no documents for
    # Some of them a comparison's joining word sets beside a held plan (雙灣安心同康健寶).
    compared_unknown: bool = False
    unknown_editions: list[int] = field(default_factory=list)  # edition years no held edition has
    editions: list[int] = field(default_factory=list)  # edition years asked for that are held
    corrected: str = ""  # the question with misspelt held names spelt as held


@dataclass(frozen=True)
class _Catalogue:
    held: list[Held]
    index: NameIndex  # products by all their names, their insurer's included
    plans: NameIndex  # products by their own names only: naming an insurer names none of its plans
    distinctive: dict[str, str]  # a held name's distinctive word → its doc id
    chinese_names: dict[str, tuple[str, str]]  # a held Chinese name, folded → (as written, product key)

    # What follows from the held names alone, worked out once per catalogue: folding every held
    # and listed name for every question (OpenCC per name) was half of an answer's CPU.

    @cached_property
    def unheld_listed(self) -> tuple[_ListedInsurer, ...]:
        """The listed insurers (data file) sharing no name with a held insurer."""
        held = [fold(n) for h in self.held for n in h.insurer_names]
        return tuple(
            i for i in _listed() if not any(fold(n) in h or h in fold(n) for n in i.names for h in held)
        )

    @cached_property
    def blanked_names(self) -> tuple[str, ...]:
        """Held names (folded, and their Chinese runs) as `_without_held_names` blanks them, longest first."""
        names = {fold(n) for h in self.held for n in h.names} | set(self.chinese_names)
        names |= {fold(run) for h in self.held for n in h.names for run in re.findall(r"[\u4e00-\u9fff]+", n)}
        return tuple(sorted((n.strip() for n in names if len(n.strip()) >= 2), key=len, reverse=True))

    @cached_property
    def folded_names(self) -> tuple[tuple[str, str], ...]:
        """Each held name folded, and its name part (without years) folded and stripped."""
        return tuple((fold(n), fold(_name_part(n)).strip()) for h in self.held for n in h.names if n)

    @cached_property
    def openings(self) -> frozenset[str]:
        """The first Latin word of each held product name: where its brand stands ("Serene" of
        "Serene Deferred Annuity Plan"), not its description ("Inpatient")."""
        return frozenset(
            words[0]
            for h in self.held
            for n in h.names
            if n not in h.insurer_names and (words := latin_words(_name_part(n)))
        )

    @cached_property
    def written_chinese(self) -> str:
        """Every held Chinese name and held name, folded, in one text: a run some held name writes
        ("湾区安享" of 「湾区安享递延年金计划」) is that name in part, not a misspelling of another."""
        return " ".join([*self.chinese_names, *(name for name, _ in self.folded_names)])

    @cached_property
    def compounds(self) -> dict[str, str]:
        """A hyphenated held name ("Twin-Bay") by its letters run together ("twinbay"), of one product
        only: questions write it as one word ("TwinBay") or as two, and either names the plan."""
        owners: dict[str, set[str]] = {}
        written: dict[str, str] = {}
        for h in self.held:
            for name in h.names:
                for compound in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)+", name):
                    joined = compound.replace("-", "").lower()
                    owners.setdefault(joined, set()).add(_key(h))
                    written.setdefault(joined, compound)
        return {j: written[j] for j, keys in owners.items() if len(keys) == 1 and len(j) >= TYPO_MIN_LETTERS}

    @cached_property
    def unheld(self) -> list[UnheldProduct]:
        """The catalogue's products without a live document, by their brands."""
        ordinary = _ordinary_words() | lexicon.english_words()
        return unheld_products({h.product for h in self.held if h.product}, ordinary)

    @cached_property
    def held_folded(self) -> list[str]:
        """Every held name and held Chinese name, folded."""
        return [*(name for name, _ in self.folded_names), *self.chinese_names]

    @cached_property
    def held_runs(self) -> tuple[str, ...]:
        """The Chinese runs of every held name, folded."""
        runs = {fold(run) for h in self.held for n in h.names for run in re.findall(r"[\u4e00-\u9fff]+", n)}
        return tuple(sorted(runs))

    @cached_property
    def describing_words(self) -> frozenset[str]:
        """The Chinese words the catalogue's and the held documents' names describe a plan with,
        their brands (quoted) left out: 住院, 医疗, 出口, 信用, 综合 of 「康桥通」大湾区医疗计划."""
        names = [n for h in self.held for n in h.names if n not in h.insurer_names]
        names += [n for p in Product.objects.all() for n in (p.name_zh_hant, p.name_zh_hans)]
        text = re.sub(r"「[^」]*」", " ", fold(" ".join(names)))
        return frozenset(w for run in re.findall(r"[\u4e00-\u9fff]+", text) for w in chinese_words(run))

    def describes(self, word: str) -> bool:
        """Whether a Chinese word is one plans are described by: in their names (`describing_words`),
        the glossary's domain terms, a product line's words (网店, 年金) or a place (大湾区)."""
        from chat.enquiry import line_of
        from chat.glossary import TERMS

        return (
            word in self.describing_words
            or word in TERMS
            or bool(line_of(word))
            or is_place(word)
            or is_local_place(word)
        )

    @cached_property
    def brands(self) -> dict[str, tuple[str, ...]]:
        """Each held product's English brand, as lower-case words: the leading words of its English
        names up to the first word questions use ("Silver Harbour" of "Silver Harbour Deferred
        Annuity"), CamelCase parted ("GoldenYears" → golden, years)."""
        ordinary = _ordinary_words() | stopwords()
        found: dict[str, tuple[str, ...]] = {}
        for h in self.held:
            for name in (n for n in h.names if n not in h.insurer_names and not is_chinese(n)):
                words: list[str] = []
                for word in re.findall(r"[A-Za-z]+", name):
                    if word.lower() in ordinary:
                        break
                    words += [w.lower() for w in re.findall(r"[A-Z][a-z]+|[a-z]+|[A-Z]+(?![a-z])", word)]
                if len(words) >= 2:
                    found.setdefault(_key(h), tuple(words))
        return found

    @cached_property
    def held_brands(self) -> tuple[str, ...]:
        """The quoted parts of every held Chinese name, folded (穩收 of 「穩收」出口信用保險)."""
        return tuple(
            sorted({fold(b) for h in self.held for n in h.names for b in re.findall(r"「([^」]+)」", n)})
        )

    @cached_property
    def words(self) -> frozenset[str]:
        """The tokens of every held name."""
        return frozenset(t for h in self.held for n in h.names for t in tokenize(n))


_lock = threading.Lock()
_cache: dict[tuple[object, ...], _Catalogue] = {}


def holdings() -> list[Held]:
    return _catalogue().held


def _catalogue() -> _Catalogue:
    """The live documents and their names; re-read only when a document changed."""
    # A renamed product or insurer changes the names as much as a new document does.
    stamp = stamps.documents()
    key = (stamp["count"], stamp["latest"], stamp["named"], stamp["insured_by"])
    with _lock:
        cached = _cache.get(key)
    if cached is not None:
        return cached
    rows = stamps.live_documents()
    headers = _header_names(rows)
    held = [_held(row, headers.get(row.pk, ())) for row in rows.select_related("product__insurer")]
    warm_up()
    # Names belong to products: editions share them, and a name shared by two editions of one
    # product still names one thing.
    names: dict[str, list[str]] = {}
    own: dict[str, list[str]] = {}
    written: dict[str, list[str]] = {}
    for h in held:
        names.setdefault(_key(h), []).extend(_name_part(n) for n in h.names if n not in h.header_names)
        own.setdefault(_key(h), []).extend(
            _name_part(n) for n in h.names if n not in h.insurer_names and n not in h.header_names
        )
        written.setdefault(_key(h), []).extend(_name_part(n) for n in h.header_names)

    def profile(key: str, names: list[str]) -> Profile:
        return Profile.of(dict.fromkeys(names), " \n ".join(dict.fromkeys(written.get(key, []))))

    catalogue = _Catalogue(
        held,
        NameIndex({key: profile(key, n) for key, n in names.items()}),
        NameIndex({key: profile(key, n) for key, n in own.items()}),
        _distinctive_words(held),
        _chinese_names(held),
    )
    with _lock:
        _cache.clear()
        _cache[key] = catalogue
    return catalogue


def names_of(doc_ids: Iterable[str], *, insurers: bool = True) -> list[str]:
    """How a message may name the held documents `doc_ids`: their names (their insurers' too, unless
    `insurers` is false), the distinctive words of those ("BridgeCare") and their Chinese names'
    quoted parts; longest first."""
    catalogue = _catalogue()
    wanted = set(doc_ids)
    key_of = {h.doc_id: _key(h) for h in catalogue.held}
    keys = {key_of[d] for d in wanted if d in key_of}
    names = {
        n
        for h in catalogue.held
        if h.doc_id in wanted
        for n in h.names
        if insurers or n not in h.insurer_names
    }
    names |= {word for word, doc in catalogue.distinctive.items() if key_of.get(doc) in keys}
    names |= {run for run, key in catalogue.chinese_names.values() if key in keys}
    return sorted(names, key=len, reverse=True)


# A document's name in its other language is written in its header, before the first section:
# "Twin-Bay Peace of Mind Inpatient Plan" under 「雙灣安心」住院醫療計劃, "NetMerchant Cross-Border
# E-commerce Package — Product summary" under 「網商寶」…. Read from this many opening blocks.
HEADER_BLOCKS = 6
# A header's Latin text, cut where a name ends: a dash, a bar, a bracket, a colon or a full stop.
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’&+ .,-]*[A-Za-z]")
_NAME_END = re.compile(r"\s[—–-]\s|[|｜(（:：]|\.\s|\.$")
# Words a name is written with in lower case ("Peace of Mind", "Insurance for Cross-Border Sellers").
_SMALL_WORDS = frozenset({"of", "and", "for", "the", "in", "on", "to", "a", "an", "&"})
# An insurer's name, not a product's.
_INSURER_WORDS = re.compile(r"\b(?:Limited|Ltd|Co|Company|Corporation|Inc|Insurer|Assurance)\b")
_CHINESE_BRAND = re.compile(r"「[^」]{2,12}」[\u4e00-\u9fff]{0,16}")


def _header_names(rows: Iterable[PlanDocument]) -> dict[int, tuple[str, ...]]:
    """Per document (pk), the names its header gives the product in the script its title is not
    written in (see HEADER_BLOCKS): how a reader of the other language names the plan. A Latin name
    is a run of capitalised words (small words apart), not an insurer's; a Chinese one is quoted."""
    from knowledge.models import DocumentVersion

    titles = {row.pk: row.title or "" for row in rows}
    found: dict[int, tuple[str, ...]] = {}
    for version in DocumentVersion.objects.filter(document_id__in=list(titles)).order_by(
        "document_id", "-id"
    ):
        if version.document_id in found:
            continue  # an older version still being replaced
        title_is_chinese = is_chinese(titles[version.document_id])
        names: list[str] = []
        for block in version.blocks[:HEADER_BLOCKS]:
            if block.get("kind") == "heading" and block.get("level", 0) == 2:
                break
            text = " ".join(str(block.get("text", "")).split())
            # A line's first name: after it come what the document is ("— Product Brochure").
            names += (_latin_names(text) if title_is_chinese else _CHINESE_BRAND.findall(text))[:1]
        found[version.document_id] = tuple(dict.fromkeys(names))
    return found


def _latin_names(text: str) -> list[str]:
    """The product names in a header line's Latin text ("Serene Deferred Annuity Plan — Product
    Brochure" → "Serene Deferred Annuity Plan"; an insurer's name or a sentence is none)."""
    names = []
    for run in _LATIN_RUN.findall(text):
        name = _NAME_END.split(run)[0].strip(" .,")
        words = name.split()
        if (
            len(words) >= 2
            and words[0][0].isupper()
            and all(w[0].isupper() or w in _SMALL_WORDS or w[0].isdigit() for w in words)
            and not _INSURER_WORDS.search(name)
        ):
            names.append(name)
    return names


def _held(row: PlanDocument, header_names: tuple[str, ...] = ()) -> Held:
    product = row.product
    names = [row.title, *header_names]
    insurer = insurer_slug = ""
    insurer_names: list[str] = []
    if product is not None:
        insurer_slug = product.insurer.slug
        names += [product.name_en, product.name_zh_hant, product.name_zh_hans]
        insurer = product.insurer.name_en
        insurer_names = [insurer, product.insurer.name_zh_hant, product.insurer.name_zh_hans]
        names += insurer_names
    return Held(
        row.doc_id,
        product.slug if product else "",
        product.product_line if product else "",
        row.title or row.doc_id,
        insurer,
        insurer_slug,
        row.effective_date.year if row.effective_date else None,
        tuple(n for n in names if n),
        tuple(n for n in insurer_names if n),
        product.name_en if product else row.title,
        _localised_names(product),
        tuple(n for n in header_names if not is_chinese(n)),
    )


def _localised_names(product: Product | None) -> tuple[tuple[str, str], ...]:
    if product is None:
        return ()
    names = {"en": product.name_en, "zh-Hant": product.name_zh_hant, "zh-Hans": product.name_zh_hans}
    return tuple((language, name) for language, name in names.items() if name)


def _name_part(name: str) -> str:
    """A held name without its years: editions are told apart by `_unknown_editions`, not by name."""
    return _YEAR.sub(" ", name)


def _without_ordinary_words(name: str) -> str:
    """A candidate name less the words any question uses: "Sun Life" must not match "… Life Assurance"."""
    ordinary = _ordinary_words()
    return re.sub(r"[A-Za-z]+", lambda m: " " if m.group(0).lower() in ordinary else m.group(0), name)


def _key(held: Held) -> str:
    return held.product or held.doc_id


def _distinctive_words(held: list[Held]) -> dict[str, str]:
    """Latin name words of one product only, and not words questions use ("bridgecare", not
    "policy"): what a misspelling or a name written in lower case is compared with."""
    ordinary = _ordinary_words()
    owners: dict[str, set[str]] = {}
    first_doc: dict[str, str] = {}
    for h in held:
        for word in set(latin_words(" ".join(h.names))):
            if len(word) >= TYPO_MIN_LETTERS and not word.isdigit() and word not in ordinary:
                owners.setdefault(word, set()).add(h.product or h.doc_id)
                first_doc.setdefault(word, h.doc_id)
    return {w: first_doc[w] for w, products in owners.items() if len(products) == 1}


def _chinese_names(held: list[Held]) -> dict[str, tuple[str, str]]:
    """Held Chinese names long enough to tell a misspelling of them from another word."""
    found: dict[str, tuple[str, str]] = {}
    for h in held:
        # A product's own names: titles and insurers' names hold generic words ("醫療保險計劃").
        for name in (n for n in h.names[1:] if n not in h.insurer_names):
            # Of a quoted Chinese name only the quoted part names the plan: the rest
            # ("短期出口信用保險", "大灣區住院計劃") is how every such plan describes itself, and a
            # question using those words ("中国平安的出口信用保险") names none of them.
            quoted = re.findall(r"「([^」]+)」", name)
            for run in re.findall(r"[\u4e00-\u9fff]+", " ".join(quoted) or _name_part(name)):
                if len(run) >= TYPO_MIN_CHINESE:
                    found.setdefault(fold(run), (run, _key(h)))
    return found


@lru_cache(maxsize=1)
def _ordinary_words() -> frozenset[str]:
    """The lower-case words of the labelled example questions, and the plain capitalised word each
    opens with ("Compare", "Which"): the vocabulary of asking, not of names."""
    from chat.intents import load_exemplars

    texts = [e.text for e in load_exemplars()]
    opening = [m.group(0).lower() for t in texts if (m := re.match(r"[A-Z][a-z]+\b", t))]
    return frozenset([*(w for t in texts for w in re.findall(r"(?<![A-Za-z])[a-z]+", t)), *opening])


def ground(question: str, vocabulary: frozenset[str] | None = None) -> Entities:
    """The held documents a question names, and the names and editions it asks about that are not held."""
    catalogue = _catalogue()
    if not catalogue.held:
        return Entities(corrected=question)
    corrected = _corrected(question, catalogue)
    words = vocabulary if vocabulary is not None else _vocabulary()
    as_names = _unknown_words_as_names(corrected, words)
    # A name matched only by words a better-named product's name shares is not that product's.
    by_product = catalogue.index.match(as_names).distinct()
    plans = catalogue.plans.match(as_names).distinct()
    # A Chinese name in a plan's place (恒福延期年金計劃) is asked about when the question names no
    # held plan by its own name: beside one, it is that plan's name in the other script
    # (銀港延期年金（Silver Harbour）). A calque of a held English brand (銀港 for Silver Harbour)
    # names that plan; any other is a plan the portal does not hold.
    unheld_chinese = []
    places = chinese_plan_places(corrected, catalogue.describes, words.__contains__) if not plans else []
    for place in places:
        calqued = _calqued(place.before, catalogue)
        if calqued:
            by_product[calqued] = plans[calqued] = 1.0
        elif (
            place.name and not _holds_name(place.name, catalogue) and not _sounds_held(place.name, catalogue)
        ):
            unheld_chinese.append(place.name)
    # A held Chinese name written whole (or spelt so by `_corrected`) names its product, by its
    # own name: a plan.
    folded_question = fold(corrected)
    for folded, (_, key) in catalogue.chinese_names.items():
        if folded in folded_question:
            by_product[key] = max(by_product.get(key, 0.0), 1.0)
            plans[key] = max(plans.get(key, 0.0), 1.0)
    # Each named product's editions, in the order held (an edition is chosen by retrieval).
    scores = {h.doc_id: by_product[_key(h)] for h in catalogue.held if _key(h) in by_product}
    # Every product a name of it is mentioned for, best-named first: names are matched without
    # the words questions use, so what is left names the product.
    named = _in_mention_order(
        corrected, sorted((d for d, s in scores.items() if s > 0), key=lambda d: -scores[d]), scores
    )
    by_id = {h.doc_id: h for h in catalogue.held}
    from chat.network import is_hospital

    # A hospital is looked up in the plans' network lists (chat.network), not among insurers.
    found = [
        *_listed_insurers(corrected, catalogue, words),
        *(n for n in _quoted_products(corrected) if not _holds_name(n, catalogue)),
        *unheld_chinese,
        *(
            name
            for name in _candidate_names(corrected)
            if not is_hospital(name) and not _is_held(name, catalogue, named, by_id, words)
        ),
    ]
    # A name found that misspells a catalogue product without a document is that product, named as
    # the catalogue names it ("Meisha Yeeyang pension insurance" is Meisha Yiyang's).
    found = [n for n in found if not named_unheld(n, catalogue.unheld, catalogue.held_folded)]
    # A Chinese name set beside a held plan's by a comparison's joining word (雙灣安心同康健寶).
    compared = (
        compared_names(
            corrected,
            lambda run: _names_held(run, catalogue),
            lambda run: any(fold(run) in name for name in catalogue.held_folded),
            words.__contains__,
        )
        if named
        else []
    )
    found += _not_within(compared, found)
    # Then what the names found so far do not already say: a tier the named plans' documents do
    # not have ("ExportEase 嘅 Gold 版"), a catalogue product without a document however spelt
    # (美沙颐养 for 梅沙颐养).
    found += _not_within(
        [
            *unheld_tiers(corrected, named, names_of(named), found),
            *named_unheld(question, catalogue.unheld, catalogue.held_folded),
        ],
        found,
    )
    unknown = _as_written(question, found)
    return Entities(
        documents=named,
        products=list(dict.fromkeys(by_id[d].product for d in named if by_id[d].product)),
        plans=list(plans),
        strongly_named=[p for p, score in plans.items() if score >= BOTH_NAMED_SHARE],
        lines=list(dict.fromkeys(by_id[d].product_line for d in named if by_id[d].product_line)),
        unknown=unknown,
        compared_unknown=bool(compared),
        unknown_editions=_unknown_editions(corrected, [by_id[d] for d in named], catalogue.held),
        editions=sorted(years_named(corrected) & {h.year for h in catalogue.held if h.year}),
        corrected=corrected,
    )


def _in_mention_order(question: str, named: list[str], scores: dict[str, float]) -> list[str]:
    """`named` (best-named first), the plans named about as strongly as the best in the order the
    question names them: "Compare Harbourview and Lantau Senior" sets them side by side in that
    order, though the second is named by more of its words. A plan whose name the question does
    not write as held (romanised) keeps its place after them."""
    strong = [d for d in named if scores[d] >= MENTION_ORDER_SHARE]
    folded = fold(question)

    def first_mention(doc_id: str) -> int:
        found = [folded.find(fold(n)) for n in names_of([doc_id])]
        return min((at for at in found if at >= 0), default=len(folded))

    ordered = sorted(strong, key=first_mention)  # stable: ties keep the better-named first
    return ordered + [d for d in named if d not in strong]


def _unknown_words_as_names(question: str, vocabulary: frozenset[str]) -> str:
    """`question` with each lower-case word that is no word of the questions, the documents or the
    dictionary capitalised, as a name is: "kangkiu essential" romanises 康橋 as "Tai Mo Shan" does
    大帽山. (For name matching only: a capital does not make it a product the portal lacks.)"""
    ordinary = _ordinary_words() | stopwords()
    english = lexicon.english_words()

    def capitalised(match: re.Match[str]) -> str:
        word = match.group(0)
        known = word in ordinary or stem(word) in vocabulary or word in vocabulary or stem(word) in english
        return word if known else word.capitalize()

    return re.sub(r"(?<![A-Za-z'])[a-z]{4,}(?![A-Za-z])", capitalised, question)


def named_beyond_places(question: str) -> bool:
    """Whether `question` names a held plan or insurer by more than a place: "Sham Shui Po" in a
    message about dim sum is where to eat, not the insurer "Sham Shui Po General Insurance"; with
    every district, area, city and country blanked (knowledge.places), is anything still named?"""
    catalogue = _catalogue()
    if not catalogue.held:
        return False
    rest = without_local_places(_corrected(question, catalogue))
    folded = fold(rest)
    return bool(catalogue.index.match(rest).scores) or any(name in folded for name in catalogue.chinese_names)


def _vocabulary() -> frozenset[str]:
    from knowledge.retrieval import index_vocabulary

    return index_vocabulary()


def _corrected(question: str, catalogue: _Catalogue) -> str:
    """Words that misspell a held name's distinctive word, replaced by it ("BrigeCare" → "bridgecare")."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    choices = list(catalogue.distinctive)
    if not choices:
        return question

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        folded = latin_words(word)
        if not folded or len(folded[0]) < TYPO_MIN_LETTERS:
            return word
        # Capitalised, it is the name run together ("TwinBay"); in lower case it may be a word
        # written without its hyphen ("crossborder").
        if folded[0] in catalogue.compounds and not word.islower():
            return catalogue.compounds[folded[0]]
        if folded[0] in catalogue.distinctive:
            # Written in lower case ("bridgecare"), it is still the name: spelt as held, it reads as
            # one; so is a plain word in a plan's slot ("serene annuity", "the serene plan").
            opening = folded[0] in catalogue.openings
            if word.islower() and opening and _HEAD_AFTER.match(match.string[match.end() :]):
                return word.capitalize()
            # A coined name ("harbourview", "steadypay") is no dictionary word: a name in any case.
            if word.islower() and stem(folded[0]) not in lexicon.english_words() | _ordinary_words():
                return _held_spelling(folded[0], catalogue)
            return _as_held(word, folded[0], catalogue) if word.islower() else word
        found = process.extractOne(
            folded[0],
            choices,
            scorer=Levenshtein.distance,
            score_cutoff=_edits(folded[0], TYPO_EDITS_PER_LETTER),
        )
        return _as_held(word, found[0], catalogue) if found else word

    return _corrected_chinese(re.sub(r"[A-Za-z]{2,}", fix, _joined_names(question, catalogue)), catalogue)


def _joined_names(question: str, catalogue: _Catalogue) -> str:
    """A one-word name written as two or three words ("Bay Link", "Patent Pursuit", "export-ease"),
    or misspelt so, spelt as held ("BayLink"): capitalised words or a hyphenated run whose letters,
    run together, are (or misspell) a held name's distinctive word. Lower-case words apart stay
    words ("family care" is what a plan may offer)."""
    from rapidfuzz import process

    words = list(re.finditer(r"[A-Za-z]+", question))
    replacements: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        for size in (3, 2):
            run = words[i : i + size]
            if len(run) < size:
                continue
            gaps = [question[a.end() : b.start()] for a, b in pairwise(run)]
            if not all(g in (" ", "-") for g in gaps):
                continue
            if "-" not in gaps and not all(w.group(0)[0].isupper() for w in run):
                continue
            joined = "".join(w.group(0) for w in run).lower()
            if len(joined) < TYPO_MIN_LETTERS:
                continue
            if joined in catalogue.compounds:
                replacements.append((run[0].start(), run[-1].end(), catalogue.compounds[joined]))
                i += size - 1
                break
            held = joined if joined in catalogue.distinctive else None
            if held is None:
                found = process.extractOne(
                    joined,
                    list(catalogue.distinctive),
                    scorer=Levenshtein.distance,
                    score_cutoff=_edits(joined, TYPO_EDITS_PER_LETTER),
                )
                held = found[0] if found else None
            spelt = _held_spelling(held, catalogue) if held else ""
            if spelt:
                replacements.append((run[0].start(), run[-1].end(), spelt))
                i += size - 1
                break
        i += 1
    for start, end, spelt in reversed(replacements):
        question = question[:start] + spelt + question[end:]
    return question


def _as_held(word: str, held_word: str, catalogue: _Catalogue) -> str:
    """`word` spelt as the held name writes `held_word`; but a held word spelt as a plain word
    ("Exporters" of "… for Hong Kong Exporters") is that word in a title's capitals: written in
    lower case, it is the word, not the name ("BridgeCare", "PatentWatch" are names either way)."""
    spelt = _held_spelling(held_word, catalogue)
    return spelt if _is_name_shaped(spelt) or not word.islower() else word


def _edits(word: str, per_letter: float) -> int:
    """The edits a misspelling of `word` may make: one at least, more for longer names."""
    return max(1, int(len(word) * per_letter))


def _corrected_chinese(question: str, catalogue: _Catalogue) -> str:
    """A run of the question as long as a held Chinese name and a character or so from it, in
    either script ("雙彎安心" → "雙灣安心"), spelt as held. A held name written exactly is left as it
    is, and so is a run some held name writes or as near to two held names: 「灣區安心」 and 「灣區安享」
    are one character apart, and each, written right, is its own plan, not a misspelling of the other."""
    from rapidfuzz.distance import Levenshtein

    if not any("\u4e00" <= ch <= "\u9fff" for ch in question):
        return question  # no window could be a Chinese name
    folded_question = fold(question)
    exact = [
        (start, start + len(folded))
        for folded in catalogue.chinese_names
        for start in _occurrences(folded_question, folded)
    ]
    # Windows recur across the names (each name's length): each folded once.
    folds: dict[str, str] = {}
    replacements: list[tuple[int, int, str]] = []
    for start in range(len(question)):
        if any(a <= start < b for a, b, _ in replacements):
            continue
        nearest: dict[int, list[str]] = {}
        for folded, (written, _) in catalogue.chinese_names.items():
            end = start + len(folded)
            window = question[start:end]
            if len(window) < len(folded) or any(not "\u4e00" <= ch <= "\u9fff" for ch in window):
                continue
            if window not in folds:
                folds[window] = fold(window)
            if any(a < end and start < b for a, b in exact) or folds[window] in catalogue.written_chinese:
                continue
            allowed = _edits(folded, TYPO_EDITS_PER_CHINESE_CHARACTER)
            distance = Levenshtein.distance(folds[window], folded, score_cutoff=allowed)
            if distance <= allowed:
                nearest.setdefault(distance, []).append(written)
        if nearest:
            best = nearest[min(nearest)]
            if len(set(best)) == 1:
                replacements.append((start, start + len(best[0]), best[0]))
    for start, end, written in reversed(replacements):
        question = question[:start] + written + question[end:]
    return question


def _occurrences(text: str, part: str) -> list[int]:
    """Every start of `part` in `text`."""
    return [m.start() for m in re.finditer(re.escape(part), text)] if part else []


def _held_spelling(word: str, catalogue: _Catalogue) -> str:
    """The word as a held name writes it ("bridgecare" → "BridgeCare")."""
    for h in catalogue.held:
        for name in h.names:
            match = re.search(rf"\b{re.escape(word)}\b", name, re.IGNORECASE)
            if match:
                return match.group(0)
    return word


def _candidate_names(question: str) -> list[str]:
    """Spans in a name's slot, by form and place (see the module's docstring)."""
    text = normalise(question)
    found = []
    for match in _CAPITAL_SPAN.finditer(question.replace("’", "'")):
        span = _without_opening_words(match.group(1))
        if not span:
            continue
        after = question[match.end() :]
        before = question[: match.end() - len(span)]
        sentence_start = not before.strip() or before.rstrip()[-1:] in ".?!:;\n"
        # A lone capitalised word opening a sentence ("Which plan…") is the sentence's own.
        if sentence_start and " " not in span and not _is_name_shaped(span):
            continue
        # A brand-shaped span ("HKECIC", "ShieldPlus") is a name wherever it stands, and so is a
        # run of capitalised words with an initialism or a numeral in it ("AXA Sunny Saver II").
        if (
            _AFTER_OWNER.match(after)
            or _BEFORE_OWNER.search(before)
            or any(map(_is_brand_shaped, span.split()))
            or _is_product_shaped(span)
            or latin_plan_name(span, after)
        ):
            found.append(span)
    simplified = fold(text)
    for match in _ZH_OWNER.finditer(simplified):
        owner = _owner_words(match.group(1))
        if owner:
            found.append(owner)
    found += [m.group(1) for m in _ZH_QUOTED.finditer(simplified)]
    return found


def _without_opening_words(span: str) -> str:
    """ "Does ShieldPlus" → "ShieldPlus": a sentence's own capitalised opening is no part of a name."""
    words = span.split(" ")
    while words and words[0].lower() in _ordinary_words() and not _is_name_shaped(words[0]):
        words.pop(0)
    return " ".join(words)


def _is_brand_shaped(word: str) -> bool:
    """CamelCase ("BridgeCare") or four or more capitals ("HKECIC"); "AIA" or "HPV" may be a term."""
    return bool(re.fullmatch(r"[A-Z]{4,}|[A-Z][a-z]+[A-Z][A-Za-z]*", word))


def _is_product_shaped(span: str) -> bool:
    """Several capitalised words, one of them an initialism, CamelCase or a Roman or Arabic numeral."""
    words = span.split()
    return len(words) >= 2 and any(_is_name_shaped(w) or re.fullmatch(r"[IVX]+|\d+", w) for w in words)


def _is_name_shaped(word: str) -> bool:
    """CamelCase ("BridgeCare") or upper case ("AIA"): a name whatever its place."""
    return bool(re.fullmatch(r"[A-Z]{2,}|[A-Z][a-z]+[A-Z][A-Za-z]*", word))


def _owner_words(run: str) -> str:
    """The last word of a Chinese run, when it can be a name: "请问友邦" → "友邦", "这个" → ""."""
    words = chinese_words(run) if not run.isascii() else [run]
    owner = words[-1] if words else ""
    return owner if len(owner) >= 2 and not _ZH_POINTERS.match(owner) else ""


def _is_held(
    name: str, catalogue: _Catalogue, named: list[str], by_id: dict[str, Held], vocabulary: frozenset[str]
) -> bool:
    """A span names something the portal holds or speaks of: a held name, a word of its documents, a country."""
    folded = fold(name)
    if is_place(name):
        return True
    if any(folded in fold(n) or fold(n) in folded for h in catalogue.held for n in h.names):
        return True
    # Every word of it is a word the documents (their titles included) use: a place, a tier, a term
    # ("Hong Kong", "Premier", "BridgeCare Premier").
    tokens = [t for t in tokenize(_without_ordinary_words(name)) if len(t) > 1]
    if tokens and all(
        t in vocabulary or t in catalogue.words or lexicon.rendered_in(t, vocabulary) for t in tokens
    ):
        return True
    # A lone word may be part of a held name ("Bridge"); several words with one unknown among them
    # are another product ("Global Elite" is not "GlobalTrade", "BridgeCare Elite" not BridgeCare),
    # but several that all name a held plan together are its name in another spelling: "Yee Nin"
    # and "Wangdian Shouwu" romanise 「頤年」 and 「網店守護」.
    # The name as written is tried too: its function words may be syllables ("On" of "Seung Wan On
    # Sam", 雙灣安心).
    for text in dict.fromkeys([_without_ordinary_words(name), name]):
        match = catalogue.index.match(text)
        if len(name.split()) < 2:
            if match.scores:
                return True
            continue
        spans = {fold(s) for s in match.spans}
        words = [w for w in latin_words(_without_ordinary_words(name)) if w not in stopwords()]
        if match.scores and words and all(w in spans or w in vocabulary for w in words):
            return True
    return False


def _not_within(names: list[str], found: list[str]) -> list[str]:
    """`names` that neither hold nor are part of a name `found` ("Harbourview Elite plan" adds
    nothing to "Harbourview Elite")."""
    folded = [fold(f) for f in found]
    return [n for n in names if not any(fold(n) in f or f in fold(n) for f in folded)]


def _as_written(question: str, names: list[str]) -> list[str]:
    """Each name once (`_without_overlaps`), as the question writes it: names are matched folded
    (lower case, Simplified), and a reply that repeats 尖沙咀保險 to its writer says it as they did."""
    written = []
    for name in _without_overlaps(names):
        folded = fold(name)
        spans = (question[i : i + len(name)] for i in range(len(question) - len(name) + 1))
        written.append(next((span for span in spans if fold(span) == folded), name))
    return written


def _without_overlaps(names: list[str]) -> list[str]:
    """Each name once, written in full: of two names one of which is part of the other ("友邦人壽"
    found by the list, "友邦" by its form; "HKECIC" and "HKECIC SBP"), the longer, else the first."""
    kept: list[str] = []
    for name in names:
        folded = fold(name)
        same = [k for k in kept if folded in fold(k) or fold(k) in folded]
        if not same:
            kept.append(name)
        elif len(folded) > len(fold(same[0])):
            kept[kept.index(same[0])] = name
    return kept


@dataclass(frozen=True)
class _ListedInsurer:
    """A real insurer's names (knowledge/data/insurers.yaml): Latin as written, Chinese folded."""

    latin: tuple[str, ...]
    chinese: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return self.latin + self.chinese


@lru_cache(maxsize=1)
def _listed() -> tuple[_ListedInsurer, ...]:
    import yaml

    entries = yaml.safe_load(INSURERS.read_text("utf-8"))
    return tuple(
        _ListedInsurer(
            tuple(str(n) for n in e.get("en", [])),
            tuple(dict.fromkeys(fold(str(n)) for n in e.get("zh", []))),
        )
        for e in entries
    )


def _listed_insurers(question: str, catalogue: _Catalogue, vocabulary: frozenset[str]) -> list[str]:
    """Real insurers (from the data file) a question names, as written, that the portal holds nothing
    from: an insurer sharing a name with a held one is the held one, and a listed name written
    inside a held name ("平安" in a held "出入平安…") is that name's part, not an insurer."""
    listed = list(catalogue.unheld_listed)
    if not listed:
        return []
    text = _without_held_names(question.replace("’", "'"), catalogue)
    return _chinese_insurers(text, listed) + _latin_insurers(text, listed, vocabulary)


def _without_held_names(question: str, catalogue: _Catalogue) -> str:
    """The question with each held name it writes blanked out (same length, so spans keep their place)."""
    folded = to_simplified(question.lower())
    if len(folded) != len(question):
        folded = fold(question)
        question = folded
    for name in catalogue.blanked_names:
        for match in compiled(re.escape(name)).finditer(folded):
            start, end = match.span()
            folded = folded[:start] + " " * (end - start) + folded[end:]
            question = question[:start] + " " * (end - start) + question[end:]
    return question


def _chinese_insurers(question: str, listed: list[_ListedInsurer]) -> list[str]:
    """Listed Chinese names written as whole words of the question (jieba's cut without guessing
    unknown words: "出入平安" is not 平安, "保誠危疾" is 保誠), longest first."""
    folded = to_simplified(question.lower())
    if len(folded) != len(question):
        return []
    bounds = {0}
    for word in dictionary_cut(folded):
        bounds.add(max(bounds) + len(word))
    taken: list[tuple[int, int]] = []
    found = []
    for name in sorted({n for i in listed for n in i.chinese}, key=len, reverse=True):
        if name not in folded:
            continue  # most listed names: no match to look for
        everyday = word_frequency(name) >= EVERYDAY_WORD_FREQUENCY
        for match in compiled(re.escape(name)).finditer(folded):
            start, end = match.span()
            if start not in bounds or end not in bounds or any(s < end and start < e for s, e in taken):
                continue
            if everyday and not _INSURER_AFTER.match(folded[end:]):
                continue
            taken.append((start, end))
            found.append((start, question[start:end]))
    return [name for _, name in sorted(found)]


# The letters outside ASCII that re.IGNORECASE matches to ASCII ones (see the `re` docs).
_IGNORECASE_ASCII = str.maketrans("\u0130\u0131\u017f\u212a", "iisk")


def _latin_insurers(question: str, listed: list[_ListedInsurer], vocabulary: frozenset[str]) -> list[str]:
    """Listed Latin names as whole words: initialisms ("AIA") and names of several words ("Sun
    Life") as written, others in any case unless a question's word ("manulife"); a capitalised word that is no word of the
    questions or the documents and is a typo of a one-word name ("Prudental") too."""
    ordinary = _ordinary_words() | stopwords()
    found: list[str] = []
    lowered = question.translate(_IGNORECASE_ASCII).lower()
    for name in sorted({n for i in listed for n in i.latin}, key=len, reverse=True):
        # A name whose first word the question does not write, in any case, cannot match: most.
        if name.isascii() and name.split()[0].lower() not in lowered:
            continue
        words = re.findall(r"[A-Za-z]+", name)
        # Two lookups: a union with the index's vocabulary, per name, copied the vocabulary each time.
        as_written = (
            name.isupper() or len(words) > 1 or words[0].lower() in ordinary or words[0].lower() in vocabulary
        )
        flags = 0 if as_written else re.IGNORECASE
        pattern = r"(?<![A-Za-z])" + r"[\s-]?".join(map(re.escape, name.split())) + r"(?![A-Za-z])"
        for match in compiled(pattern, flags).finditer(question):
            found.append(match.group(0))
            question = question[: match.start()] + " " * len(match.group(0)) + question[match.end() :]
    one_word = [
        n.lower()
        for i in listed
        for n in i.latin
        if re.fullmatch(r"[A-Za-z]+", n) and len(n) >= TYPO_MIN_LETTERS
    ]
    for word in re.findall(r"(?<![A-Za-z])[A-Z][a-z]{4,}(?![A-Za-z])", question):
        lower = word.lower()
        if lower in ordinary or stem(lower) in vocabulary:
            continue
        if any(Levenshtein.distance(lower, n) <= _edits(n, TYPO_EDITS_PER_LETTER) for n in one_word):
            found.append(word)
    return found


def _calqued(before: tuple[str, ...], catalogue: _Catalogue) -> str:
    """The one held product whose English brand the last of `before` render ("銀港" → Silver
    Harbour's key), else ""."""
    found = {
        key
        for start in range(len(before))
        for key, brand in catalogue.brands.items()
        if calques(before[start:], brand)
    }
    return found.pop() if len(found) == 1 else ""


def _sounds_held(name: str, catalogue: _Catalogue) -> bool:
    """`name` sounds as a held plan's Chinese name, or part of it, in one language: 康乔通 typed by
    pinyin for 康桥通 is that plan's name, not another plan's. A two-character name is compared with
    the held brands only (the quoted 「穩收」), not with the words plans describe themselves with."""
    runs = catalogue.held_brands if len(name) < SOUNDS_HELD_ANYWHERE else catalogue.held_runs
    return any(
        homophones(name, run[start : start + len(name)])
        for run in runs
        for start in range(len(run) - len(name) + 1)
    )


def _quoted_products(question: str) -> list[str]:
    """Chinese names quoted in a plan's place (「安康寶」計劃), as folded."""
    return [a or b for a, b in _ZH_QUOTED_PRODUCT.findall(fold(question))]


def _names_held(run: str, catalogue: _Catalogue) -> bool:
    """A run of a question's characters names a held plan: it has, or is part of, a held name, by
    its characters or its sound (埋雙灣安心 of 「同埋雙灣安心」)."""
    folded = fold(run)
    return (
        _holds_name(run, catalogue)
        or _sounds_held(run, catalogue)
        or any(name in folded for name in catalogue.chinese_names)
    )


def _holds_name(name: str, catalogue: _Catalogue) -> bool:
    """A held name has it, or it has a held name ("頤年" of 「頤年」即期終身年金計劃)."""
    folded = fold(name)
    return any(folded in name or part in folded for name, part in catalogue.folded_names)


def _unknown_editions(question: str, named: Iterable[Held], held: list[Held]) -> list[int]:
    """Edition years asked for that no held edition (of the named products, or of any) has."""
    asked = {int(a or b) for a, b in _EDITION.findall(question)}
    if not asked:
        return []
    named = list(named)
    products = {h.product for h in named}
    pool = [h for h in held if h.product in products] if named else held
    years = {h.year for h in pool if h.year}
    return sorted(asked - years)
