"""The questions the chat panel suggests on a page are answered as asked there.

A suggestion naming no plan ("How long is the waiting period?") was answered for an arbitrary plan;
a product page for a plan with no document suggested questions about its document, which the
assistant can only decline. (Here for the demo corpus's index, built once for tests/knowledge.)
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from chat.answering import answer_question
from portal.models import Product

pytestmark = [pytest.mark.usefixtures("demo_index"), pytest.mark.django_db, pytest.mark.slow]


def _suggested(client: Client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    page = BeautifulSoup(response.content.decode(), "html.parser")
    starters = BeautifulSoup(page.find("template", id="chat-starters").decode_contents(), "html.parser")
    return [b.get_text().strip() for b in starters.select("[data-chat-ask]")]


def _answered_from(question: str, product: Product) -> None:
    answer = answer_question(question, language="en")
    assert answer.kind == "answer", (question, answer.kind, answer.text[:200])
    documents = {d.doc_id for d in product.documents.all()}
    cited = {c["doc_id"] for c in answer.citations}
    assert cited and cited <= documents, (
        f"{question!r} is answered from {product.name_en}'s document: {cited}"
    )


def test_the_home_pages_suggestions_name_a_plan_and_are_answered_from_its_document() -> None:
    client = Client()
    questions = _suggested(client, "/en/")
    assert len(questions) >= 2
    products = list(Product.objects.prefetch_related("documents"))
    for question in questions:
        named = [p for p in products if p.name_en and p.name_en in question]
        assert named, f"{question!r} names a plan"
        _answered_from(question, named[0])


def test_a_product_pages_suggestions_are_answered_and_none_asks_a_document_it_lacks() -> None:
    client = Client()
    with_document = Product.objects.filter(documents__isnull=False).distinct().order_by("pk").first()
    assert with_document is not None
    for question in _suggested(client, f"/en/products/{with_document.slug}/")[:2]:
        assert with_document.name_en in question
        _answered_from(question, with_document)
    # A plan the portal lists without a document: only a quote is offered, which needs no document.
    bare = Product.objects.create(
        insurer=with_document.insurer,
        slug="test-plan-without-document",
        product_line=with_document.product_line,
        jurisdiction=with_document.jurisdiction,
        name_en="Harbour Test Pension Plan",
    )
    questions = _suggested(client, f"/en/products/{bare.slug}/")
    assert questions, "still a suggestion"
    for question in questions:
        assert answer_question(question, language="en").kind == "quote", question
