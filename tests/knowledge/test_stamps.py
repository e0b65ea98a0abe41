"""Within one answer the documents' change stamp is read once; between answers, every time."""

from __future__ import annotations

from typing import Any

import pytest

from knowledge import stamps

pytestmark = pytest.mark.django_db


def test_one_answer_reads_the_stamp_once(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1), stamps.one_answer():
        first = stamps.documents()
        assert stamps.documents() == first


def test_outside_an_answer_every_read_queries(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(2):
        stamps.documents()
        stamps.documents()


def test_each_answer_reads_its_own_stamp(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(2):
        for _ in range(2):
            with stamps.one_answer():
                stamps.documents()
                stamps.documents()


def test_the_documents_stamp_counts_live_documents_and_moves_with_their_names() -> None:
    from knowledge.models import PlanDocument
    from portal.models import Insurer, Product

    assert stamps.documents() == {"count": 0, "latest": None, "named": None, "insured_by": None}
    owner = Insurer.objects.create(slug="st", name_en="Stamp Test General", product_lines=["ecommerce"])
    product = Product.objects.create(
        insurer=owner, slug="st-plan", name_en="Stamp Plan", product_line="ecommerce", jurisdiction="HK"
    )
    PlanDocument.objects.create(doc_id="pending", product=product, file="x.pdf")  # not live
    live = PlanDocument.objects.create(
        doc_id="live", product=product, file="y.pdf", status=PlanDocument.Status.READY, checksum="c"
    )
    PlanDocument.objects.create(doc_id="alone", file="z.pdf", status=PlanDocument.Status.READY, checksum="d")
    first = stamps.documents()
    assert first["count"] == 2 and None not in first.values()
    stamps_seen = [first]
    for change in (product, owner, live):  # a renamed plan or insurer, an edited document
        change.save()
        stamps_seen.append(stamps.documents())
        assert stamps_seen[-1] != stamps_seen[-2]
    live.status = PlanDocument.Status.FAILED
    live.save()
    assert stamps.documents()["count"] == 1


def test_everything_moves_with_a_corrected_key_fact() -> None:
    from portal.models import Insurer, KeyFact, Product

    owner = Insurer.objects.create(slug="st", name_en="Stamp Test General", product_lines=["ecommerce"])
    product = Product.objects.create(
        insurer=owner, slug="st-plan", name_en="Stamp Plan", product_line="ecommerce", jurisdiction="HK"
    )
    fact = KeyFact.objects.create(product=product, attribute="limit", value="1")
    before = stamps.everything()
    fact.corrected_value = "2"
    fact.save()
    assert stamps.everything() != before
    fact.delete()
    assert stamps.everything()[6] == 0  # no key facts left
