"""Staff's plan-document pages in admin: the list's status and flags, the no-product warning,
the split preview, and the effective date read from the document (never over a typed one)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from knowledge.effective_date import effective_date_in, effective_date_in_text
from knowledge.ingest import ingest_document
from knowledge.loaders import load_blocks
from knowledge.models import PlanDocument
from portal.models import Product

LIST_URL = "/en/admin/knowledge/plandocument/"

PLAN = """# Harbour Test Care Plan

Sample document for testing — fictional insurer and product.

{effective}

## Benefits

| Benefit | Annual limit |
|---|---|
| Room and board | HK$1,000 a day |
| Surgeon's fee | HK$80,000 |

Covered services:

- Specialist consultations
- Diagnostic imaging

## Claims

Submit claims within 90 days of discharge.
"""


def _staff() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("staff", "staff@example.com", "pw-for-tests-only"))
    return client


def _doc(
    doc_id: str, *, status: str = "ready", product: Product | None = None, **fields: object
) -> PlanDocument:
    doc = PlanDocument(doc_id=doc_id, status=status, product=product, title=f"Title of {doc_id}", **fields)
    doc.file.save(f"{doc_id}.md", ContentFile(PLAN.format(effective="").encode()), save=False)
    doc.save()
    return doc


# --- the effective date, read from the text -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Effective date: 2026-01-01", dt.date(2026, 1, 1)),
        ("This edition takes effect on 1 July 2026.", dt.date(2026, 7, 1)),
        ("Effective from April 1, 2026", dt.date(2026, 4, 1)),
        ("生效日期：2026年1月1日", dt.date(2026, 1, 1)),
        ("生效日期：２０２６年３月１日", dt.date(2026, 3, 1)),
        ("本計劃自2026年5月1日起生效。", dt.date(2026, 5, 1)),
        ("生效日期：2026年2月15日", dt.date(2026, 2, 15)),
        ("本计划于2026年3月15日开始生效。", dt.date(2026, 3, 15)),
    ],
)
def test_effective_date_is_read_in_three_languages(text: str, expected: dt.date) -> None:
    assert effective_date_in_text(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Policy issued 2026-01-01",  # a date, but not the effective one
        "The effective date of cover is the date we accept your application.",
        "Effective date: 30/02/2026",  # not a date
        "保單簽發日期：2026年1月1日",
    ],
)
def test_no_effective_date_is_invented(text: str) -> None:
    assert effective_date_in_text(text) is None


def test_effective_date_is_read_from_a_table_row_of_the_loaders_blocks() -> None:
    text = "# Key facts\n\n| Item | Detail |\n|---|---|\n| Effective date | 1 March 2026 |\n"
    blocks = load_blocks(__import__("pathlib").Path("facts.md"), text.encode())
    assert effective_date_in(blocks) == dt.date(2026, 3, 1)


@pytest.mark.usefixtures("knowledge_index", "transactional_db")
def test_ingest_fills_an_empty_effective_date_and_keeps_a_typed_one() -> None:
    stated = PLAN.format(effective="生效日期：2026年3月1日").encode()
    empty = PlanDocument(doc_id="stated", title="Stated")
    empty.file.save("stated.md", ContentFile(stated), save=False)
    empty.save()
    typed = PlanDocument(doc_id="typed", title="Typed", effective_date=dt.date(2025, 7, 1))
    # Another file (the same bytes under a second id are refused: test_ingest, E7).
    typed.file.save("typed.md", ContentFile(stated + b"\nTyped edition.\n"), save=False)
    typed.save()

    ingest_document(empty)
    ingest_document(typed)

    empty.refresh_from_db()
    typed.refresh_from_db()
    assert empty.effective_date == dt.date(2026, 3, 1)
    assert typed.effective_date == dt.date(2025, 7, 1), "a date staff typed is never replaced"
    assert ingest_document(empty) == empty.chunk_count  # the read date is stable: no re-index


# --- the list --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_list_shows_status_early_and_flags_a_document_without_a_product(demo_catalogue: None) -> None:
    product = Product.objects.order_by("slug").first()
    _doc("with-product", product=product)
    _doc("no-product", status="failed", error="the file is empty " * 20)
    _doc("unknown-insurer", product=product, review_note="Insurer 'Shatin Mutual' was added.", chunk_count=3)
    page = _staff().get(LIST_URL).content.decode()

    names = re.findall(r'<th scope="col"\s+class="[^"]*column-(\w+)', page)
    assert names == ["document_column", "status_column", "product_column", "language", "effective_date"]
    assert 'data-status="failed"' in page and 'data-status="ready"' in page
    assert page.count("No product: shown on no page") == 1
    assert page.count("Needs review") == 1 and "3 chunks" in page
    assert "the file is empty the file is empty" in page and "the file is empty " * 20 not in page
    assert "knowledge/admin.css" in page and "knowledge/admin.js" in page
    assert "doc-refresh" not in page, "nothing is in progress: no polling"


@pytest.mark.django_db
def test_list_polls_only_while_a_document_is_being_indexed() -> None:
    doc = _doc("waiting", status="pending")
    client = _staff()
    page = client.get(LIST_URL).content.decode()
    assert 'class="doc-refresh" data-refresh="5"' in page
    assert 'data-status="pending"' in page
    PlanDocument.objects.filter(pk=doc.pk).update(status="ready")
    assert "doc-refresh" not in client.get(LIST_URL).content.decode()


# --- the warning on save ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_without_a_product_warns_and_with_one_does_not(demo_catalogue: None) -> None:
    client = _staff()
    data = PLAN.format(effective="").encode()
    response = client.post(
        f"{LIST_URL}add/",
        {"file": SimpleUploadedFile("orphan.md", data), "doc_id": "", "title": "", "language": ""},
        follow=True,
    )
    assert "This document has no product" in response.content.decode()
    assert 'class="warning"' in response.content.decode()

    product = Product.objects.order_by("slug").first()
    assert product is not None
    response = client.post(
        f"{LIST_URL}add/",
        {"file": SimpleUploadedFile("owned.md", data), "doc_id": "", "product": product.pk},
        follow=True,
    )
    assert response.status_code == 200
    assert "This document has no product" not in response.content.decode()


@pytest.mark.django_db
def test_zh_hant_warning_is_translated() -> None:
    client = _staff()
    response = client.post(
        "/zh-hant/admin/knowledge/plandocument/add/",
        {"file": SimpleUploadedFile("orphan.md", PLAN.format(effective="").encode()), "doc_id": ""},
        follow=True,
    )
    page = response.content.decode()
    assert "This document has no product" not in page
    assert "您" in page


# --- the split preview -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_preview_shows_units_with_table_headers_and_the_chunks() -> None:
    doc = _doc("harbour")
    client = _staff()
    change = client.get(f"{LIST_URL}{doc.pk}/change/").content.decode()
    preview_url = f"{LIST_URL}{doc.pk}/preview/"
    assert f'href="{preview_url}"' in change
    assert "Leave blank to read it from the document" in change

    page = client.get(preview_url).content.decode()
    assert '<th scope="col">Benefit</th>' in page and '<th scope="col">Annual limit</th>' in page
    assert '<th scope="row">Room and board</th>' in page
    assert re.search(r"<h\d id=\"[^\"]+\">Benefits ", page)
    assert re.search(r"<li id=\"[^\"]+\">Specialist consultations</li>", page)
    assert "Chunks indexed" in page and "Submit claims within 90 days of discharge." in page
    assert re.search(r"tables</?[^>]*>?: 1|tables: 1", page)


@pytest.mark.django_db
def test_the_change_forms_file_link_opens_the_original_route_not_media() -> None:
    """/media/ is served only in development: the "Currently" link must work in production."""
    doc = _doc("pending-doc", status="pending")
    client = _staff()
    change = client.get(f"{LIST_URL}{doc.pk}/change/").content.decode()
    assert 'href="/documents/pending-doc/original"' in change
    assert "/media/" not in change
    response = client.get("/documents/pending-doc/original")
    assert response.status_code == 200 and b"Harbour Test Care Plan" in b"".join(response)
    assert "no-store" in response["Cache-Control"]
    assert Client().get("/documents/pending-doc/original").status_code == 404, "the public: indexed only"


@pytest.mark.django_db
def test_preview_of_an_unreadable_file_says_why() -> None:
    doc = PlanDocument(doc_id="empty", status="failed")
    doc.file.save("empty.md", ContentFile(b"   "), save=False)
    doc.save()
    page = _staff().get(f"{LIST_URL}{doc.pk}/preview/").content.decode()
    assert "The file could not be read" in page and "the file is empty" in page


@pytest.mark.django_db
def test_preview_needs_staff() -> None:
    doc = _doc("private")
    response = Client().get(f"{LIST_URL}{doc.pk}/preview/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_effective_dates_of_the_demo_corpus_are_read_as_its_manifest_states_them() -> None:
    """Held out: the patterns were written without this corpus; 16 files, five formats, three languages."""
    import json

    from tests.conftest import DEMO_CORPUS

    entries = json.loads((DEMO_CORPUS / "manifest.json").read_text(encoding="utf-8"))
    read = {e["file"]: effective_date_in(load_blocks(DEMO_CORPUS / e["file"])) for e in entries}
    stated = {e["file"]: dt.date.fromisoformat(e["effective_date"]) for e in entries}
    assert read == stated


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("en", {"Catalogue", "Chat", "Enquiries and leads", "Knowledge base", "Sign-in attempts"}),
        ("zh-hant", {"產品目錄", "對話", "查詢及潛在客戶", "知識庫", "登入嘗試", "背景任務"}),
        ("zh-hans", {"产品目录", "对话", "询价及潜在客户", "知识库", "登录尝试", "后台任务"}),
    ],
)
def test_every_app_in_admin_is_named_in_the_pages_language(language: str, names: set[str]) -> None:
    page = _staff().get(f"/{language}/admin/").content.decode()
    shown = set(re.findall(r"<caption>\s*<a[^>]*>([^<]*)</a>", page))
    assert names <= shown
    if language != "en":
        assert not {n for n in shown if re.search(r"[A-Za-z]{3}", n)}, "no English app name left"


@pytest.mark.django_db
def test_the_preview_title_of_a_title_in_corner_brackets_is_not_wrapped_in_them_again() -> None:
    doc = _doc("shuangwan")
    PlanDocument.objects.filter(pk=doc.pk).update(title="「雙灣安心」住院醫療計劃")
    page = _staff().get(f"/zh-hant/admin/knowledge/plandocument/{doc.pk}/preview/").content.decode()
    assert "《「雙灣安心」住院醫療計劃》的分拆方式" in page
    assert "「「" not in page
