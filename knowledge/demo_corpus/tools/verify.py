"""Check the demo corpus: documents extract, manifest and questions follow the schema,
every must_include_any group is supported by the text of an expected document, and the
manifest agrees with portal/demo/catalogue.yaml. Adapted from eval-dev/tools/verify.py.

Usage (from the demo_corpus folder, with pypdf, python-docx, opencc-python-reimplemented,
jieba and pyyaml installed):
    python tools/verify.py [--verbose]

Exit status 0 when every check passes, 1 otherwise. Informational lines start with "info:".
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTICE = "Sample document for testing — fictional insurer and product."
PRODUCT_LINES = {"gba_medical", "pension", "export_credit", "ecommerce", "overseas_ip"}
DOC_LANGS = {"en", "zh-Hant", "zh-Hans"}
Q_LANGS = {"en", "zh-Hant", "zh-Hans", "yue"}
# Minimum counts per kind (the demo set is larger than eval-dev and not fixed-size).
KINDS_MIN = {"answerable": 34, "compare": 5, "unanswerable": 7, "advice_refusal": 5, "quote_intent": 7}
MIN_QUESTIONS = 64
MIN_CROSS_LINGUAL_ANSWERABLE = 12
MIN_EDITION_QUESTIONS = 3
MIN_DOC_LANGS = {"en": 6, "zh-Hant": 4, "zh-Hans": 4}
MIN_FORMATS = {".md": 1, ".txt": 1, ".html": 1, ".pdf": 2, ".docx": 2}
LATEST_DATE = "2026-06-01"
CATALOGUE = ROOT.parent.parent / "portal" / "demo" / "catalogue.yaml"
MANIFEST_KEYS = {"file", "doc_id", "insurer", "product_line", "language", "title", "effective_date"}
MANIFEST_OPTIONAL: set[str] = set()
MANIFEST_KEYS = MANIFEST_KEYS | {"product"}
Q_KEYS = ["id", "lang", "question", "kind", "expect_docs", "must_include_any", "notes"]

try:  # Traditional -> Simplified, as the scoring rules require
    import opencc  # opencc-python-reimplemented or opencc

    _T2S = opencc.OpenCC("t2s")
    _t2s = _T2S.convert
except Exception:  # pragma: no cover - optional
    _t2s = None


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    if _t2s is not None:
        text = _t2s(text)
    return re.sub(r"\s+", " ", text)


class _HTMLText(HTMLParser):
    # <head> (title, scripts, styles) is metadata, not document text.
    SKIP = {"head", "script", "style", "template", "noscript"}
    BLOCK = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "br",
             "header", "footer", "section", "main", "nav", "table", "ul", "ol", "dl"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append(" | ")

    def handle_endtag(self, tag):
        if tag in self.SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def extract_text(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise ValueError("encrypted PDF")
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    if suffix == ".docx":
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
        lines = []
        for element in document.element.body.iterchildren():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "p":
                lines.append(Paragraph(element, document).text)
            elif tag == "tbl":
                for row in Table(element, document).rows:
                    lines.append(" | ".join(cell.text for cell in row.cells))
        return "\n".join(lines)
    if suffix in (".html", ".htm"):
        parser = _HTMLText()
        parser.feed(path.read_text(encoding="utf-8"))
        text = "".join(parser.parts)
        return "\n".join(line.strip() for line in text.splitlines() if line.strip())
    if suffix in (".md", ".txt"):
        return path.read_text(encoding="utf-8")
    raise ValueError(f"unsupported format: {suffix}")


def word_count(text: str, language: str) -> tuple[int, str]:
    if language == "en":
        return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’.,/$%:-]*", text)), "words"
    try:
        import jieba

        jieba.setLogLevel(60)
        tokens = [t for t in jieba.lcut(text) if re.search(r"[\w]", t)]
        return len(tokens), "jieba words"
    except Exception:  # pragma: no cover - optional
        han = len(re.findall(r"[\u4e00-\u9fff]", text))
        return round(han / 1.6), "estimated words (Han characters / 1.6)"


def check_catalogue(manifest: list[dict]) -> list[str]:
    """The manifest's insurer and product must match portal/demo/catalogue.yaml."""
    if not CATALOGUE.exists():
        return [f"catalogue not found: {CATALOGUE}"]
    try:
        import yaml
    except ImportError:  # pragma: no cover - optional
        return []
    cat = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    errs = []
    insurers = {i["slug"]: i for i in cat["insurers"]}
    products = {p["slug"]: p for p in cat["products"]}
    for p in products.values():
        ins = insurers.get(p["insurer"])
        if ins is None:
            errs.append(f"catalogue: {p['slug']} has unknown insurer {p['insurer']}")
            continue
        if p["product_line"] not in ins["product_lines"]:
            errs.append(f"catalogue: {p['slug']} line not among its insurer's product_lines")
        licensed = ins["ia_authorised"] if p["jurisdiction"] == "HK" else ins["mainland_licensed"]
        if not licensed:
            errs.append(f"catalogue: {p['slug']} insurer holds no {p['jurisdiction']} licence")
    for e in manifest:
        p = products.get(e["product"])
        if p is None:
            errs.append(f"{e['doc_id']}: product {e['product']} not in catalogue")
            continue
        if insurers[p["insurer"]]["name_en"] != e["insurer"]:
            errs.append(f"{e['doc_id']}: insurer {e['insurer']!r} differs from catalogue")
        if p["product_line"] != e["product_line"]:
            errs.append(f"{e['doc_id']}: product_line differs from catalogue")
    return errs


def main(verbose: bool) -> int:
    errors: list[str] = []
    info: list[str] = []
    if _t2s is None:
        info.append("opencc not installed: Traditional/Simplified folding skipped")

    manifest = json.loads((ROOT / "manifest.json").read_text(encoding="utf-8"))
    docs: dict[str, dict] = {}
    texts: dict[str, str] = {}
    for entry in manifest:
        keys = set(entry)
        if not MANIFEST_KEYS <= keys or keys - MANIFEST_KEYS - MANIFEST_OPTIONAL:
            errors.append(f"manifest entry has wrong keys: {sorted(keys)}")
        doc_id = entry["doc_id"]
        if doc_id in docs:
            errors.append(f"duplicate doc_id {doc_id}")
        docs[doc_id] = entry
        if entry["product_line"] not in PRODUCT_LINES:
            errors.append(f"{doc_id}: bad product_line {entry['product_line']}")
        if entry["language"] not in DOC_LANGS:
            errors.append(f"{doc_id}: bad language {entry['language']}")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", entry["effective_date"]):
            errors.append(f"{doc_id}: bad effective_date")
        path = ROOT / entry["file"]
        try:
            text = extract_text(path)
        except Exception as exc:
            errors.append(f"{doc_id}: cannot extract {path.name}: {exc}")
            continue
        texts[doc_id] = text
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        if first.strip("*# ") != NOTICE:
            errors.append(f"{doc_id}: first line is not the sample notice: {first!r}")
        match = re.search(r"Effective date\W*(\d{4}-\d{2}-\d{2})", text)
        if not match or match.group(1) != entry["effective_date"]:
            errors.append(f"{doc_id}: 'Effective date' line missing or not {entry['effective_date']}")
        if entry["title"].split(" — ")[0].replace(" ", "") not in text.replace(" ", ""):
            errors.append(f"{doc_id}: title not found in text")
        count, unit = word_count(text, entry["language"])
        if entry["language"] == "en":
            if not 500 <= count <= 1200:
                errors.append(f"{doc_id}: {count} {unit}, outside 500–1,200")
        else:
            chars = len(re.sub(r"\s", "", text))
            if not 1500 <= chars <= 3000:
                errors.append(f"{doc_id}: {chars} non-space characters, outside 1,500–3,000")
            unit += f", {chars} non-space characters"
        if entry["effective_date"] > LATEST_DATE:
            errors.append(f"{doc_id}: effective_date after {LATEST_DATE}")
        if path.suffix.lower() in (".html", ".htm"):
            raw = path.read_text(encoding="utf-8")
            for tag in ("<title>", "<style>", "<thead>", "<tbody>"):
                if tag not in raw:
                    errors.append(f"{doc_id}: HTML without {tag}")
        info.append(f"{doc_id:28} {path.suffix[1:]:5} {entry['language']:8} {count:5} {unit}, "
                    f"{len(text)} characters extracted")

    fmt = Counter(Path(e["file"]).suffix.lower() for e in manifest)
    lang = Counter(e["language"] for e in manifest)
    lines = Counter(e["product_line"] for e in manifest)
    info.append(f"formats {dict(fmt)}; languages {dict(lang)}; product lines {dict(lines)}")
    if set(lines) != PRODUCT_LINES or min(lines.values()) < 3:
        errors.append("every product line needs at least 3 documents")
    for suffix, n in MIN_FORMATS.items():
        if fmt[suffix] < n:
            errors.append(f"fewer than {n} {suffix} documents")
    for language, n in MIN_DOC_LANGS.items():
        if lang[language] < n:
            errors.append(f"fewer than {n} {language} documents")
    if len({e["insurer"] for e in manifest}) < 8:
        errors.append("fewer than 8 insurers")
    raw_html = [(ROOT / e["file"]).read_text(encoding="utf-8") for e in manifest if e["file"].endswith(".html")]
    if not any("<script" in h and "<nav" in h for h in raw_html):
        errors.append("no HTML document with an inline <script> and a <nav>")
    editions = Counter(e["product"] for e in manifest)
    if not any(n >= 2 for n in editions.values()):
        errors.append("no product with two editions")
    errors += check_catalogue(manifest)

    norm = {doc_id: normalise(text) for doc_id, text in texts.items()}
    questions = [json.loads(line) for line in (ROOT / "questions.jsonl").read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    ids = Counter(q["id"] for q in questions)
    errors += [f"duplicate question id {i}" for i, n in ids.items() if n > 1]
    kinds = Counter(q["kind"] for q in questions)
    if len(questions) < MIN_QUESTIONS:
        errors.append(f"only {len(questions)} questions (< {MIN_QUESTIONS})")
    for kind, n in KINDS_MIN.items():
        if kinds[kind] < n:
            errors.append(f"only {kinds[kind]} {kind} questions (< {n})")
    if set(kinds) - set(KINDS_MIN):
        errors.append(f"unknown kinds {set(kinds) - set(KINDS_MIN)}")
    multi_edition = {p for p, n in Counter(e["product"] for e in manifest).items() if n > 1}
    edition_qs = [q for q in questions if q["kind"] in ("answerable", "compare")
                  and any(docs.get(d, {}).get("product") in multi_edition for d in q["expect_docs"])]
    if len(edition_qs) < MIN_EDITION_QUESTIONS:
        errors.append(f"only {len(edition_qs)} edition questions")
    cross = Counter()
    for q in questions:
        qid = q["id"]
        expected_keys = Q_KEYS + (["extract"] if q["kind"] == "quote_intent" else [])
        if sorted(q) != sorted(expected_keys):
            errors.append(f"{qid}: keys {sorted(q)}")
            continue
        if q["lang"] not in Q_LANGS:
            errors.append(f"{qid}: bad lang {q['lang']}")
        unknown = [d for d in q["expect_docs"] if d not in docs]
        if unknown:
            errors.append(f"{qid}: unknown expect_docs {unknown}")
        groups = q["must_include_any"]
        if q["kind"] in ("answerable", "compare"):
            if not q["expect_docs"] or not groups:
                errors.append(f"{qid}: {q['kind']} needs expect_docs and must_include_any")
            qlang = "zh-Hant" if q["lang"] == "yue" else q["lang"]
            doc_langs = {docs[d]["language"] for d in q["expect_docs"] if d in docs}
            if doc_langs and qlang not in doc_langs:
                cross[q["kind"]] += 1
        elif q["kind"] == "unanswerable" and (q["expect_docs"] or groups):
            errors.append(f"{qid}: unanswerable must have empty expect_docs and must_include_any")
        if q["kind"] == "quote_intent":
            extract = q["extract"]
            if not isinstance(extract, dict) or extract.get("product_line") not in PRODUCT_LINES:
                errors.append(f"{qid}: extract needs a valid product_line")
        for group in groups:
            if not group or not all(isinstance(s, str) and s for s in group):
                errors.append(f"{qid}: empty group or string")
                continue
            hits = {d: [s for s in group if normalise(s) in norm.get(d, "")] for d in q["expect_docs"]}
            supported = {d: h for d, h in hits.items() if h}
            if not supported:
                errors.append(f"{qid}: no alternative of {group} occurs in {q['expect_docs']}")
            elif verbose:
                info.append(f"{qid}: {group[0]!r} found in {sorted(supported)}")
            others = [d for d in norm if d not in q["expect_docs"]
                      and docs[d]["product_line"] in {docs[e]["product_line"] for e in q["expect_docs"]}
                      and any(normalise(s) in norm[d] for s in group)]
            if others and verbose:
                info.append(f"{qid}: note — {group[0]!r} also occurs in same-line doc(s) {others}")
    if cross["answerable"] < MIN_CROSS_LINGUAL_ANSWERABLE:
        errors.append(f"only {cross['answerable']} cross-lingual answerable questions")
    info.append(f"edition questions: {[q['id'] for q in edition_qs]}")
    info.append(f"questions {len(questions)}; kinds {dict(kinds)}; "
                f"langs {dict(Counter(q['lang'] for q in questions))}; cross-lingual {dict(cross)}")

    for line in info:
        print("info:", line)
    for line in errors:
        print("ERROR:", line)
    print("OK" if not errors else f"{len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main("--verbose" in sys.argv))
