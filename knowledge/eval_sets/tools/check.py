#!/usr/bin/env python3
"""Consistency checks for one evaluation set (adapted from eval-dev-c's tools/check.py). Prints OK.

    python knowledge/eval_sets/tools/check.py SET              # checks, then OK or a list of problems
    python knowledge/eval_sets/tools/check.py SET --verbose    # also counts, slices and distractor hits
    python knowledge/eval_sets/tools/check.py SET --dump DIR   # also writes the extracted text of each document
    python knowledge/eval_sets/tools/check.py SET --editions   # the set must hold a product in two editions
    python knowledge/eval_sets/tools/check.py SET --as-written # an outside writer's set, kept as written

Needs pypdf, python-docx and beautifulsoup4; uses opencc when installed (as the scorer does).
Manifest paths may point outside the set (../../demo_corpus/docs/...): those documents are read in place.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path


LINES = {"gba_medical", "pension", "export_credit", "ecommerce", "overseas_ip"}
DOC_LANGS = {"en", "zh-Hant", "zh-Hans"}
Q_LANGS = {"en", "zh-Hant", "zh-Hans", "yue"}
KINDS = {"answerable", "compare", "unanswerable", "advice_refusal", "quote_intent"}
MANIFEST_KEYS = {"file", "doc_id", "insurer", "product_line", "language", "title", "effective_date"}
MANIFEST_OPTIONAL = {"product"}
Q_KEYS = {"id", "lang", "question", "kind", "expect_docs", "must_include_any", "notes"}
MIN_LENGTH = {"words": 500, "cjk": 800}
FICTIONAL = re.compile(r"fictional|虛構|虚构|test data", re.I)

# extract vocabulary for quote_intent: field -> type spec
ISO2 = re.compile(r"^[A-Z]{2}$")
VOCAB = {
    "product_line": ("enum", LINES),
    "entity_jurisdiction": ("enum", {"HK", "Shenzhen", "other_mainland", "other"}),
    "seller_jurisdiction": ("enum", {"HK", "mainland", "US_LLC", "other"}),
    "destination_countries": ("iso_list", None),
    "markets": ("iso_list", None),
    "territories": ("territory_list", None),
    "annual_turnover_hkd": ("number", None),
    "export_turnover_on_credit_hkd": ("number", None),  # the export-credit form's sales on credit
    "max_monthly_sales_usd": ("number", None),
    "annual_gmv_usd": ("number", None),
    "liability_limit_usd": ("number", None),
    "limit_rmb": ("number", None),
    "limit_hkd": ("number", None),
    "payment_terms": ("enum", {"LC", "DP", "DA", "OA", "CAD", "COD", "CIA"}),
    "credit_period_days": ("int", None),
    "number_of_buyers": ("int", None),
    "indemnity_pct": ("enum", {60, 70, 80, 90}),
    "pre_shipment_cover": ("bool", None),
    "platforms": ("enum_list", {"Amazon", "Shopee", "TikTok Shop", "Temu", "SHEIN", "AliExpress",
                                "Lazada", "eBay", "Walmart", "own_site"}),
    "categories": ("enum_list", {"lithium_batteries", "e_mobility", "childrens_products", "cosmetics",
                                 "supplements", "medical_devices", "general"}),
    "covers_wanted": ("enum_list", {"product_liability", "cargo", "overseas_warehouse",
                                    "return_shipping", "account_freeze"}),
    "cover_types": ("enum_list", {"defence", "enforcement", "invalidation", "legal_expenses"}),
    "patents": ("patents", {"US", "EP", "CN", "JP", "KR", "PCT"}),
    "subsidy_interest": ("bool", None),
    "direct_billing_required": ("bool", None),
    "hk_permanent_resident": ("bool", None),
    "hk_taxpayer": ("bool", None),
    "smoker": ("bool", None),
    "will_sign_in_hk": ("bool", None),
    "residency_status": ("enum", {"hk_permanent", "hk_non_permanent", "mainland", "other"}),
    "city_of_residence": ("enum", {"HK", "Macao", "Guangzhou", "Shenzhen", "Zhuhai", "Foshan", "Huizhou",
                                   "Dongguan", "Zhongshan", "Jiangmen", "Zhaoqing", "other"}),
    "insured_relationships": ("enum_list", {"self", "spouse", "child", "parent"}),
    "ages": ("int_list", None),
    "age": ("int", None),
    "lump_sum_band_hkd": ("enum", {"<50k", "50k-500k", "500k-1m", "1m-5m", ">5m"}),
    "area_of_cover": ("enum", {"HK", "HK+GBA", "Greater China", "Asia", "worldwide excl. US", "worldwide"}),
    "deductible_hkd": ("enum", {0, 5000, 10000, 20000, 50000, 100000}),
    "budget_hkd_per_year": ("number", None),
    "riders": ("enum_list", {"outpatient", "dental", "maternity"}),
    "existing_cover": ("enum_list", {"none", "VHIS", "group", "mainland_basic", "other"}),
    "months_in_mainland_per_year": ("int", None),
    "interest": ("enum_list", {"annuity", "qdap", "mpf_tvc", "hkmc_annuity", "personal_pension"}),
}



try:
    import opencc  # type: ignore[import-untyped]

    _t2s = opencc.OpenCC("t2s").convert
except ImportError:  # stricter without it, never looser
    def _t2s(s: str) -> str:
        return s


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", _t2s(unicodedata.normalize("NFKC", s).casefold()))


def extract_pdf(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def extract_docx(path: Path) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    d = docx.Document(str(path))
    out: list[str] = []
    for section in d.sections:
        out += [p.text for p in section.header.paragraphs]
    for el in d.element.body.iterchildren():
        if el.tag.endswith("}p"):
            out.append(Paragraph(el, d).text)
        elif el.tag.endswith("}tbl"):
            for row in Table(el, d).rows:
                seen: list[object] = []
                cells = []
                for c in row.cells:  # a merged cell comes back once per grid position
                    if c._tc in seen:
                        continue
                    seen.append(c._tc)
                    cells.append(c.text)
                out.append(" | ".join(cells))
    for section in d.sections:
        out += [p.text for p in section.footer.paragraphs]
    return "\n".join(out)


def extract_html(path: Path) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_bytes(), "html.parser")
    for t in soup(["script", "style"]):
        t.decompose()
    return soup.get_text("\n")


def read_text_file(path: Path) -> tuple[str, str]:
    raw = path.read_bytes()
    for enc in ("utf-8", "big5", "gb18030"):
        try:
            return raw.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise ValueError(f"{path.name}: not UTF-8, Big5 or GB18030")


def extract(path: Path) -> tuple[str, str]:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return extract_pdf(path), "pdf"
    if suffix == ".docx":
        return extract_docx(path), "docx"
    if suffix in (".html", ".htm"):
        return extract_html(path), "html"
    text, enc = read_text_file(path)
    return text, ("md" if suffix == ".md" else "txt") + ("" if enc == "utf-8" else f"-{enc}")


def cjk_count(s: str) -> int:
    return sum(1 for ch in s if "\u4e00" <= ch <= "\u9fff")


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.info: list[str] = []

    def err(self, msg: str) -> None:
        self.errors.append(msg)


def check_manifest(rep: Report, root: Path, editions: bool, conventions: bool = True) -> list[dict]:
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    ids = [m.get("doc_id") for m in manifest]
    if len(ids) != len(set(ids)):
        rep.err("duplicate doc_id in manifest")
    products: Counter[str] = Counter()
    for m in manifest:
        keys = set(m)
        if not MANIFEST_KEYS <= keys or keys - MANIFEST_KEYS - MANIFEST_OPTIONAL:
            rep.err(f"{m.get('doc_id')}: manifest keys {sorted(keys)}")
        if m.get("product_line") not in LINES or m.get("language") not in DOC_LANGS:
            rep.err(f"{m.get('doc_id')}: bad product_line or language")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(m.get("effective_date"))) or m["effective_date"] > "2026-12-01":
            rep.err(f"{m.get('doc_id')}: effective_date {m.get('effective_date')}")
        if not (root / m["file"]).is_file():
            rep.err(f"{m['doc_id']}: file {m['file']} not found")
        if m.get("product"):
            products[m["product"]] += 1
    if editions and not any(n >= 2 for n in products.values()):
        rep.err("no product with two editions")
    lines = {m["product_line"] for m in manifest}
    if conventions and lines != LINES:
        rep.err(f"product lines covered: {sorted(lines)}")
    return manifest


def check_documents(
    rep: Report, root: Path, manifest: list[dict], dump: Path | None, conventions: bool = True
) -> dict[str, str]:
    texts: dict[str, str] = {}
    formats: Counter[str] = Counter()
    for m in manifest:
        path = root / m["file"]
        try:
            text, fmt = extract(path)
        except Exception as exc:  # noqa: BLE001 - report every failure, keep going
            rep.err(f"{m['doc_id']}: extraction failed: {exc}")
            continue
        texts[m["doc_id"]] = text
        formats[fmt] += 1
        if dump:
            dump.mkdir(parents=True, exist_ok=True)
            (dump / f"{m['doc_id']}.txt").write_text(text, encoding="utf-8")
        if not FICTIONAL.search(text):
            rep.err(f"{m['doc_id']}: no fictional notice")
        for url in re.findall(r"https?://([\w.-]+)", text):
            if not url.endswith(".example"):
                rep.err(f"{m['doc_id']}: URL host {url} is not .example")
        if not conventions:
            continue  # an outside writer's documents: dates in words, short, any phone number
        if m["effective_date"] not in text:
            rep.err(f"{m['doc_id']}: effective date {m['effective_date']} not in the text")
        size = cjk_count(text) if m["language"] != "en" else len(text.split())
        minimum = MIN_LENGTH["cjk" if m["language"] != "en" else "words"]
        if size < minimum:
            rep.err(f"{m['doc_id']}: too short ({size})")
        for phone in re.findall(r"\(852\) ?\d{4} ?\d{4}|\+852 ?\d{4} ?\d{4}", text):
            digits = re.sub(r"\D", "", phone)[3:]
            if not (digits.startswith("0")):
                rep.err(f"{m['doc_id']}: phone {phone} does not use an invalid prefix")
    rep.info.append(f"formats: {dict(formats)}")
    return texts


def check_extract(rep: Report, qid: str, ex: object) -> None:
    if not isinstance(ex, dict) or "product_line" not in ex:
        rep.err(f"{qid}: extract must be an object with product_line")
        return
    for k, v in ex.items():
        if k not in VOCAB:
            rep.err(f"{qid}: extract field {k} is not in the vocabulary")
            continue
        kind, allowed = VOCAB[k]
        ok = True
        if kind == "enum":
            ok = v in allowed
        elif kind == "number":
            ok = isinstance(v, (int, float)) and not isinstance(v, bool) and v > 0
        elif kind == "int":
            ok = isinstance(v, int) and not isinstance(v, bool)
        elif kind == "bool":
            ok = isinstance(v, bool)
        elif kind == "iso_list":
            ok = isinstance(v, list) and v and all(isinstance(x, str) and ISO2.match(x) for x in v)
        elif kind == "territory_list":
            ok = isinstance(v, list) and v and all(isinstance(x, str) and (ISO2.match(x) or x in ("EU", "ASEAN")) for x in v)
        elif kind == "enum_list":
            ok = isinstance(v, list) and v and all(x in allowed for x in v)
        elif kind == "int_list":
            ok = isinstance(v, list) and v and all(isinstance(x, int) for x in v)
        elif kind == "patents":
            ok = isinstance(v, dict) and v and all(j in allowed and isinstance(n, int) for j, n in v.items())
        if not ok:
            rep.err(f"{qid}: extract {k}={v!r} is not a valid {kind}")


_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(million|萬|万|m\b|k\b)?", re.I)
_SCALE = {"million": 1e6, "m": 1e6, "萬": 1e4, "万": 1e4, "k": 1e3}


def values(text: str) -> set[float]:
    """Numeric values written in a text, with million / 萬 / k scales applied ("3.5 million", "300萬")."""
    out: set[float] = set()
    for digits, scale in _NUMBER.findall(unicodedata.normalize("NFKC", text)):
        try:
            value = float(digits.replace(",", ""))
        except ValueError:
            continue
        out.add(round(value * _SCALE.get(scale.casefold() if scale else "", 1), 4))
    return out


def classify(q: dict, langs: dict[str, str]) -> str:
    ql = "zh-Hant" if q["lang"] == "yue" else q["lang"]
    dl = [langs[d] for d in q["expect_docs"]]
    if ql in dl:
        return "same"
    if ql.startswith("zh") and all(x.startswith("zh") for x in dl):
        return "cross-script"
    return "cross-lingual"


def check_questions(
    rep: Report, root: Path, manifest: list[dict], texts: dict[str, str], verbose: bool, conventions: bool = True
) -> None:
    docs = {m["doc_id"]: m for m in manifest}
    langs = {m["doc_id"]: m["language"] for m in manifest}
    # PDF text breaks lines wherever the layout wraps, also inside Chinese words: join such breaks too
    normed = {d: norm(t) + "\n" + norm(re.sub(r"(?<=[\u4e00-\u9fff\d])\n(?=[\u4e00-\u9fff\d])", "", t))
              for d, t in texts.items()}
    lines = (root / "questions.jsonl").read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line) for line in lines if line.strip()]
    ids = [q.get("id") for q in questions]
    if len(ids) != len(set(ids)):
        rep.err("duplicate question ids")
    seen_text: Counter[str] = Counter(q["question"] for q in questions)
    for text, n in seen_text.items():
        if n > 1:
            rep.err(f"duplicate question text: {text}")
    kinds: Counter[str] = Counter()
    tags: Counter[str] = Counter()
    slices: Counter[str] = Counter()
    for q in questions:
        qid = q.get("id")
        keys = set(q)
        allowed = Q_KEYS | ({"extract"} if q.get("kind") == "quote_intent" else set())
        if not Q_KEYS <= keys or keys - allowed:
            rep.err(f"{qid}: keys {sorted(keys)}")
            continue
        if q["lang"] not in Q_LANGS or q["kind"] not in KINDS:
            rep.err(f"{qid}: bad lang or kind")
        kinds[q["kind"]] += 1
        for tag in re.findall(r"\[[a-z-]+\]", q["notes"]):
            tags[(q["kind"], tag)] += 1
        for d in q["expect_docs"]:
            if d not in docs:
                rep.err(f"{qid}: unknown doc {d}")
        kind = q["kind"]
        if kind in ("answerable", "compare"):
            if not q["expect_docs"] or not q["must_include_any"]:
                rep.err(f"{qid}: answerable/compare needs expect_docs and groups")
            slices[(kind, classify(q, langs))] += 1
            matched_docs: set[str] = set()
            for group in q["must_include_any"]:
                if not group or not all(isinstance(a, str) and a for a in group):
                    rep.err(f"{qid}: empty group or alternative")
                    continue
                hits = {d for d in q["expect_docs"] if d in normed and any(norm(a) in normed[d] for a in group)}
                if not hits:
                    rep.err(f"{qid}: no alternative of {group[:4]}… occurs in {q['expect_docs']}")
                matched_docs |= hits
                # every spelling with digits must denote a value some expected document states
                doc_values = set().union(*(values(texts[d]) for d in q["expect_docs"] if d in texts))
                for alt in group:
                    alt_values = values(alt)
                    if alt_values and not alt_values <= doc_values:
                        rep.err(f"{qid}: alternative {alt!r} gives a value no expected document states")
                if verbose:
                    line = docs[q["expect_docs"][0]]["product_line"]
                    others = [d for d, m in docs.items() if m["product_line"] == line and d not in q["expect_docs"]
                              and d in normed and any(norm(a) in normed[d] for a in group)]
                    if others:
                        rep.info.append(f"{qid}: group {group[0]!r} also in {others}")
            if ("[which-plans]" in q["notes"] or kind == "compare") and matched_docs != set(q["expect_docs"]):
                rep.err(f"{qid}: documents matched by no group: {set(q['expect_docs']) - matched_docs}")
        elif kind == "advice_refusal" and "[refusal-facts]" in q["notes"]:
            # A refusal followed by the documents' facts (the team set's extension): its groups are
            # facts its expected documents state.
            for group in q["must_include_any"]:
                if not any(d in normed and any(norm(a) in normed[d] for a in group) for d in q["expect_docs"]):
                    rep.err(f"{qid}: no alternative of {group[:4]}… occurs in {q['expect_docs']}")
        else:
            if q["must_include_any"]:
                rep.err(f"{qid}: {kind} must have no groups")
        if kind == "unanswerable":
            if q["expect_docs"] or "expected kind no_answer" not in q["notes"]:
                rep.err(f"{qid}: unanswerable needs expect_docs [] and 'expected kind no_answer' in notes")
        if kind == "advice_refusal" and not q["expect_docs"]:
            rep.err(f"{qid}: advice_refusal names the related product(s)")
        if kind == "quote_intent":
            if q["expect_docs"]:
                rep.err(f"{qid}: quote_intent has expect_docs []")
            check_extract(rep, qid, q.get("extract"))
        elif "extract" in q:
            rep.err(f"{qid}: extract only for quote_intent")
    rep.info.append(f"questions: {len(questions)}; kinds {dict(kinds)}")
    rep.info.append(f"langs: {dict(Counter(q['lang'] for q in questions))}")
    rep.info.append(f"kind x lang: {dict(Counter((q['kind'], q['lang']) for q in questions))}")
    rep.info.append(f"slices: {dict(slices)}")
    rep.info.append(f"tags: {dict(tags)}")
    for kind in KINDS if conventions else ():
        if kinds[kind] == 0:
            rep.err(f"no {kind} questions")


def check_no_local_paths(rep: Report, root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file() and path.suffix in (".json", ".jsonl", ".md", ".txt", ".html", ".py"):
            text = path.read_bytes().decode("utf-8", "replace")
            if re.search(r"/(work|home|tmp|Users)/\w", text):
                rep.err(f"{path.relative_to(root)}: holds an absolute path")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("set", type=Path, help="the set's folder, e.g. knowledge/eval_sets/team")
    ap.add_argument("--editions", action="store_true", help="require a product in two editions")
    ap.add_argument(
        "--as-written",
        action="store_true",
        help="an outside writer's set kept as written (fresh-holdout): skip the team's authoring conventions "
        "(every line and kind, minimum length, ISO date in the text, invalid phone prefixes)",
    )
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--dump", type=Path)
    args = ap.parse_args(argv)
    rep = Report()
    root = args.set.resolve()
    conventions = not args.as_written
    manifest = check_manifest(rep, root, args.editions, conventions)
    texts = check_documents(rep, root, manifest, args.dump, conventions)
    check_questions(rep, root, manifest, texts, args.verbose, conventions)
    check_no_local_paths(rep, root)
    if args.verbose:
        print("\n".join(rep.info))
    if rep.errors:
        print("\n".join(rep.errors))
        print(f"{len(rep.errors)} problem(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
