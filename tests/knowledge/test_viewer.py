"""The document viewer renders every format and language faithfully; the original downloads correctly.

The demo corpus is registered (not embedded: the viewer reads the files, not the index).
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from knowledge.document_html import unit_html
from knowledge.ingest import register_document
from knowledge.loaders import Block, finish, load_blocks
from knowledge.loaders.model import table_block
from knowledge.manifest import read_manifest
from knowledge.models import PlanDocument
from knowledge.retrieval import RetrievedChunk
from knowledge.viewer import Highlight, build_structure
from tests.conftest import DEMO_CORPUS

pytestmark = pytest.mark.django_db

FORMATS = {
    "lantau-bridgecare": ("pdf", "en"),
    "shamshuipo-marketmate": ("pdf", "en"),
    "tungchung-twinbay": ("docx", "zh-Hant"),
    "shekou-kuajing-anxin": ("docx", "zh-Hans"),
    "taipo-familycare": ("html", "en"),
    "tungchung-yinian": ("html", "zh-Hant"),
    "longgang-chuhai-hanghu": ("html", "zh-Hans"),
    "lantau-silverharbour-2025": ("md", "en"),
    "taipo-wangdian-shouwu": ("md", "zh-Hant"),
    "dameisha-gangao-ankang": ("md", "zh-Hans"),
    "kwuntong-patentpursuit": ("txt", "en"),
    "yantian-chuhai-xinbao": ("txt", "zh-Hans"),
}


@pytest.fixture
def corpus(demo_catalogue: None) -> dict[str, PlanDocument]:
    """Every demo document registered and marked indexed (as a version of its own: nothing cached)."""
    docs = {}
    for path, meta in read_manifest(DEMO_CORPUS / "manifest.json"):
        doc = register_document(path, meta)
        PlanDocument.objects.filter(pk=doc.pk).update(
            status=PlanDocument.Status.READY, checksum=f"{doc.pk:064d}"
        )
        doc.refresh_from_db()
        docs[doc.doc_id] = doc
    return docs


def _page(client: Client, url: str) -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return BeautifulSoup(response.content.decode(), "html.parser")


def _blocks(doc: PlanDocument) -> list[Block]:
    return load_blocks(Path(doc.file.name), doc.file.open("rb").read())


@pytest.mark.parametrize("doc_id", sorted(FORMATS))
def test_each_format_and_language_renders_its_structure(corpus: dict[str, PlanDocument], doc_id: str) -> None:
    doc, (kind, language) = corpus[doc_id], FORMATS[doc_id]
    assert doc.file.name.endswith(f".{kind}")
    page = _page(Client(), f"/en/documents/{doc_id}/")
    article = page.find("article", class_="document")
    assert article is not None and article["lang"] == language
    assert page.find("html")["lang"] == "en"  # the portal's chrome stays in the visitor's language
    assert page.find("a", href="/en/products/")  # the portal's layout
    blocks = _blocks(doc)
    # Every heading is a heading with an anchor; every table a table with header cells.
    headings = [b.text for b in blocks if b.kind == "heading"]
    rendered = article.find_all(re.compile(r"^h[2-6]$"))
    assert [h.get_text(" ", strip=True).removesuffix(" #") for h in rendered] == headings
    assert all(h.get("id") and h.find("a", href=f"#{h['id']}") for h in rendered)
    tables = [b for b in blocks if b.kind == "table"]
    html_tables = article.find_all("table")
    assert len(html_tables) == len(tables)
    for table, html in zip(tables, html_tables, strict=True):
        printed = table.header_rows or [table.header]
        assert [th.get_text() for th in html.thead.find_all("tr")[-1].find_all("th")] == printed[-1]
        body_rows = [tr for tr in html.tbody.find_all("tr") if "page-marker" not in (tr.get("class") or [])]
        assert len(body_rows) == len(table.rows)
        named_by = article.find(id=html.get("aria-labelledby"))
        assert named_by is not None and named_by.name.startswith("h"), "a table is named by its heading"
    if kind != "pdf":
        assert tables, "each demo document of this format has a table"
    else:
        # Each page is marked once, where it begins: inside a table that runs onto it, if one does.
        markers = article.find_all(class_="page-marker")
        pages = {b.page for b in blocks if b.page} | {p for t in tables for _, p in t.page_breaks}
        assert [m["id"] for m in markers] == [f"page={n}" for n in sorted(pages)]
        assert markers[0].a["href"] == f"/documents/{doc_id}/original#page=1"


def test_merged_header_cells_span_their_columns_and_rows_carry_their_headers() -> None:
    table = table_block(
        [["Benefit", "Standard", "Standard"], ["", "Hong Kong", "Mainland"]],
        [["Room", "HK$1,000", "HK$800"], ["Surgery", "HK$50,000", "HK$40,000"]],
    )
    structure = build_structure(finish([Block("heading", "Benefits", level=1), table]))
    unit = structure.units[1]
    assert [r.text for r in unit.rows] == [
        "Benefit: Room; Standard / Hong Kong: HK$1,000; Standard / Mainland: HK$800",
        "Benefit: Surgery; Standard / Hong Kong: HK$50,000; Standard / Mainland: HK$40,000",
    ]
    assert structure.locate("Standard / Mainland: HK$40,000") == [unit.rows[1].anchor]
    html = BeautifulSoup(unit_html(unit, "/x", Highlight()), "html.parser")
    top, bottom = html.thead.find_all("tr")
    assert [(th.get_text(), th.get("colspan")) for th in top.find_all("th")] == [
        ("Benefit", None),
        ("Standard", "2"),
    ]
    assert [th.get_text() for th in bottom.find_all("th", scope="col")] == ["", "Hong Kong", "Mainland"]
    assert [th.get_text() for th in html.tbody.find_all("th", scope="row")] == ["Room", "Surgery"]


def test_a_quote_redirects_to_its_unit_which_is_highlighted(corpus: dict[str, PlanDocument]) -> None:
    client = Client()
    doc = corpus["lantau-silverharbour-2025"]
    block = next(b for b in _blocks(doc) if b.kind == "paragraph" and ". " in b.text)
    sentence, quote = block.text, block.text.split(". ")[1]
    response = client.get(f"/en/documents/{doc.doc_id}/", {"q": quote})
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    anchor = target.fragment
    assert parse_qs(target.query)["hl"] == [anchor] and anchor == block.anchor
    page = _page(client, f"{target.path}?{target.query}")
    unit = page.find(id=anchor)
    assert "cited" in unit["class"] and unit.mark.get_text() == quote.strip()
    assert sentence.startswith(unit.get_text()[:20])


def test_the_language_links_keep_the_cited_passage(corpus: dict[str, PlanDocument]) -> None:
    """Journey test E12: switching language on a cited passage opened the page at its top."""
    client = Client()
    doc = corpus["lantau-silverharbour-2025"]
    block = next(b for b in _blocks(doc) if b.kind == "paragraph" and ". " in b.text)
    target = urlsplit(client.get(f"/zh-hant/documents/{doc.doc_id}/", {"q": block.text})["Location"])
    page = _page(client, f"{target.path}?{target.query}")
    links = {a["hreflang"]: a["href"] for a in page.select(".lang-switch a")}
    assert links["en"].startswith(f"/en/documents/{doc.doc_id}/?") and links["en"].endswith(
        f"#{block.anchor}"
    )
    assert urlsplit(links["zh-hans"]).query == target.query
    plain = _page(client, f"/en/documents/{doc.doc_id}/")
    assert all("#" not in a["href"] for a in plain.select(".lang-switch a")), "no passage, no anchor"


def test_a_table_row_quote_highlights_the_row(corpus: dict[str, PlanDocument]) -> None:
    client = Client()
    doc = corpus["tungchung-twinbay"]
    table = next(b for b in _blocks(doc) if b.kind == "table")
    quote = "; ".join(f"{h}: {c}" for h, c in zip(table.header, table.rows[1], strict=True) if c)
    response = client.get(f"/en/documents/{doc.doc_id}/", {"q": quote})
    anchor = urlsplit(response["Location"]).fragment
    page = _page(client, response["Location"])
    row = page.find(id=anchor)
    assert row.name == "tr" and "cited" in row["class"]
    assert [c.get_text() for c in row.find_all(["th", "td"])] == table.rows[1]


def test_several_rows_quoted_as_the_plain_table_renders_them_highlight_each_row(
    corpus: dict[str, PlanDocument],
) -> None:
    """A key fact read from several rows quotes them one per line, cells joined by " | ", the last
    cut short by the link's length: the viewer found no unit for it and highlighted nothing."""
    client = Client()
    doc = corpus["tungchung-twinbay"]
    table = next(b for b in _blocks(doc) if b.kind == "table" and len(b.rows) >= 3)
    lines = [" | ".join(c for c in row if c) for row in table.rows[:3]]
    quote = "\n".join(lines)[: -max(3, len(lines[2]) // 2)]
    response = client.get(f"/en/documents/{doc.doc_id}/", {"q": quote})
    assert response.status_code == 302, "found"
    target = urlsplit(response["Location"])
    anchors = parse_qs(target.query)["hl"][0].split(",")
    page = _page(client, f"{target.path}?{target.query}")
    rows = [page.find(id=a) for a in anchors]
    assert all(r.name == "tr" and "cited" in r["class"] for r in rows)
    shown = [[c.get_text() for c in r.find_all(["th", "td"])] for r in rows]
    assert shown[:2] == table.rows[:2], "each whole row quoted is highlighted, in order"


def test_an_unfound_quote_shows_the_document_and_says_so(corpus: dict[str, PlanDocument]) -> None:
    response = Client().get("/zh-hant/documents/taipo-familycare/", {"q": "nothing like this is in the plan"})
    assert response.status_code == 200
    assert "引文" in response.content.decode() or "quoted passage" in response.content.decode()


def test_a_citation_links_to_the_viewer_with_its_quote_and_a_pdf_to_its_page() -> None:
    chunk = RetrievedChunk(
        "lantau-bridgecare:abc:3", "…", "lantau-bridgecare", "BridgeCare", "Lantau", "lantau-bridgecare",
        "gba_medical", "en", "Benefits", 2, "2026-01-01", True, 1.0,
    )  # fmt: skip
    cited = chunk.citation(quote="Room and board: HK$1,000 a day")
    url = urlsplit(cited["url"])
    assert url.path == "/documents/lantau-bridgecare/"
    assert parse_qs(url.query) == {"q": ["Room and board: HK$1,000 a day"], "page": ["2"]}
    assert cited["original_url"] == "/documents/lantau-bridgecare/original#page=2"
    assert cited["quote"] == "Room and board: HK$1,000 a day"
    # With the unit's anchor (stored with it at ingest) the link opens there, highlighted.
    anchored = urlsplit(chunk.citation(quote="Room and board: HK$1,000 a day", anchor="t4-r2")["url"])
    assert parse_qs(anchored.query)["hl"] == ["t4-r2"] and anchored.fragment == "t4-r2"


def test_a_quoted_bullet_item_shows_without_the_plain_texts_dash() -> None:
    """Journey test E20: 「- 投保年齡：…」 and `q=-+…`; the dash is our rendering's, not the document's."""
    chunk = RetrievedChunk(
        "tungchung-yinian:abc:1", "…", "tungchung-yinian", "Yinian", "Tung Chung", "tungchung-yinian",
        "pension", "zh-Hant", "Eligibility", None, "2026-01-01", True, 1.0,
    )  # fmt: skip
    cited = chunk.citation(quote="- 投保年齡：55歲至80歲\n- 保費：一筆過", anchor="i3")
    assert cited["quote"] == "投保年齡：55歲至80歲\n保費：一筆過"
    assert parse_qs(urlsplit(cited["url"]).query)["q"] == ["投保年齡：55歲至80歲\n保費：一筆過"]
    kept = chunk.citation(quote="Premium - single: HK$100,000 -5% charge")["quote"]
    assert kept == "Premium - single: HK$100,000 -5% charge", "a dash inside a line is the document's"


def test_an_unprefixed_link_reaches_the_viewer_in_the_visitors_language(
    corpus: dict[str, PlanDocument],
) -> None:
    response = Client().get("/documents/taipo-familycare/?q=x", HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert response.status_code == 302 and response["Location"] == "/zh-hant/documents/taipo-familycare/?q=x"


def test_a_superseded_edition_links_the_current_one(corpus: dict[str, PlanDocument]) -> None:
    client = Client()
    old = _page(client, "/en/documents/lantau-silverharbour-2025/")
    banner = old.find("p", class_="superseded")
    assert banner is not None and banner.a["href"] == "/en/documents/lantau-silverharbour-2026/"
    assert _page(client, "/en/documents/lantau-silverharbour-2026/").find("p", class_="superseded") is None
    # An edition not yet in force is upcoming, not superseded, and supersedes nothing yet.
    PlanDocument.objects.filter(doc_id="lantau-silverharbour-2026").update(effective_date=dt.date(2999, 1, 1))
    assert _page(client, "/en/documents/lantau-silverharbour-2025/").find("p", class_="superseded") is None


def test_documents_not_indexed_are_not_shown(corpus: dict[str, PlanDocument]) -> None:
    PlanDocument.objects.filter(doc_id="taipo-familycare").update(status=PlanDocument.Status.PENDING)
    assert Client().get("/en/documents/taipo-familycare/").status_code == 404
    assert Client().get("/documents/taipo-familycare/original").status_code == 404


@pytest.mark.parametrize(
    ("doc_id", "content_type", "disposition"),
    [
        ("lantau-bridgecare", "application/pdf", 'inline; filename="lantau-bridgecare-medical.pdf"'),
        (
            "tungchung-twinbay",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            'attachment; filename="tungchung-twinbay-medical.docx"',
        ),
        (
            "taipo-familycare",
            "text/html; charset=utf-8",
            'attachment; filename="taipo-familycare-medical.html"',
        ),
        (
            "dameisha-gangao-ankang",
            "text/markdown; charset=utf-8",
            'attachment; filename="dameisha-gangao-ankang-medical.md"',
        ),
        (
            "yantian-chuhai-xinbao",
            "text/plain; charset=utf-8",
            'attachment; filename="yantian-chuhai-xinbao-export-credit.txt"',
        ),
        (
            "kwuntong-patentpursuit",
            "text/plain; charset=utf-8",
            'attachment; filename="kwuntong-patentpursuit-ip.txt"',
        ),
    ],
)
def test_the_original_downloads_with_its_type_charset_and_name(
    corpus: dict[str, PlanDocument], doc_id: str, content_type: str, disposition: str
) -> None:
    response = Client().get(f"/documents/{doc_id}/original")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    # Named as uploaded. Storage renames a taken name with a random suffix, which the name drops
    # when it is recognisably storage's (mixed case: see the test below); a rare other one stays.
    name = disposition.rsplit(".", 1)
    assert re.fullmatch(
        rf"{re.escape(name[0])}(_[A-Za-z0-9]{{7}})?\.{name[1]}", response["Content-Disposition"]
    )
    assert "sandbox" in response["Content-Security-Policy"]
    body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    if content_type.startswith("text/"):
        text = body.decode("utf-8")
        assert "â€" not in text and "\ufffd" not in text
        assert corpus[doc_id].title.strip("「」")[:4] in text


def test_a_big5_text_file_downloads_as_utf8(demo_catalogue: None, tmp_path: Path) -> None:
    from knowledge.ingest import DocumentMeta

    text = "保障計劃\n\n住院每日賠償港幣一千元。\n"
    path = tmp_path / "big5-plan.txt"
    path.write_bytes(text.encode("big5"))
    doc = register_document(path, DocumentMeta(doc_id="big5-plan", language="zh-Hant"))
    PlanDocument.objects.filter(pk=doc.pk).update(
        status=PlanDocument.Status.READY, checksum=uuid.uuid4().hex * 2
    )
    response = Client().get("/documents/big5-plan/original")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode("utf-8") == text


def _article(response: Any) -> str:
    return str(BeautifulSoup(response.content.decode(), "html.parser").find("article"))


def test_the_structure_is_cached_per_version(corpus: dict[str, PlanDocument], monkeypatch: Any) -> None:
    import knowledge.viewer

    loads: list[str] = []

    def counting(path: Path, data: bytes) -> list[Block]:
        loads.append(path.name)
        return load_blocks(path, data)

    monkeypatch.setattr(knowledge.viewer, "load_blocks", counting)
    client = Client()
    first = _article(client.get("/en/documents/taipo-familycare/"))
    assert _article(client.get("/en/documents/taipo-familycare/")) == first
    assert len(loads) == 1
    PlanDocument.objects.filter(doc_id="taipo-familycare").update(
        checksum=uuid.uuid4().hex * 2
    )  # a new version
    client.get("/en/documents/taipo-familycare/")
    assert len(loads) == 2


def test_a_document_whose_file_is_gone_says_so(corpus: dict[str, PlanDocument]) -> None:
    doc = corpus["kwuntong-patentpursuit"]
    doc.file.storage.delete(doc.file.name)
    response = Client().get("/en/documents/kwuntong-patentpursuit/")
    assert response.status_code == 503 and "cannot be shown right now" in response.content.decode()
    assert Client().get("/documents/kwuntong-patentpursuit/original").status_code == 404


@pytest.mark.parametrize(
    ("stored", "name"),
    [
        ("plan_documents/2026/12/harbour-plan_2026v01.pdf", "harbour-plan_2026v01.pdf"),
        ("plan_documents/2026/12/harbour-plan_2026v01_aB3dE9x.PDF", "harbour-plan_2026v01.pdf"),
    ],
)
def test_the_original_is_named_as_uploaded_without_storages_suffix_for_a_taken_name(
    stored: str, name: str
) -> None:
    from knowledge.views import _filename

    assert _filename(PlanDocument(doc_id="harbour", file=stored)) == name
