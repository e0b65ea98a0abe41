from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from portal.models import Insurer, Product, ProductLine

pytestmark = pytest.mark.django_db


def test_product_needs_insurer_licence_in_its_jurisdiction() -> None:
    insurer = Insurer.objects.create(
        slug="hk-only", name_en="HK Only", ia_authorised=True, product_lines=["pension"]
    )
    product = Product(
        insurer=insurer,
        slug="p",
        name_en="P",
        product_line=ProductLine.PENSION,
        jurisdiction="mainland",
    )
    with pytest.raises(ValidationError) as error:
        product.full_clean()
    assert "jurisdiction" in error.value.message_dict


def test_unknown_product_line_is_refused() -> None:
    insurer = Insurer(slug="x", name_en="X", product_lines=["gba_medical", "car"])
    with pytest.raises(ValidationError):
        insurer.full_clean()


def test_names_follow_the_active_language() -> None:
    insurer = Insurer(slug="x", name_en="Lantau Life", name_zh_hant="大嶼人壽", name_zh_hans="大屿人寿")
    with translation.override("zh-hans"):
        assert insurer.name == "大屿人寿"
    with translation.override("zh-hant"):
        assert insurer.name == "大嶼人壽"
    with translation.override("en"):
        assert insurer.name == "Lantau Life"


def test_demo_catalogue_is_fictional_and_covers_every_line(demo_catalogue: None) -> None:
    assert Insurer.objects.count() >= 8
    assert not Insurer.objects.filter(is_fictional=False).exists()
    lines = set(Product.objects.values_list("product_line", flat=True))
    assert lines == set(ProductLine.values)
    for product in Product.objects.select_related("insurer"):
        product.full_clean()  # licensed where sold


def test_load_demo_twice_duplicates_nothing(demo_catalogue: None) -> None:
    from django.core.management import call_command

    before = (Insurer.objects.count(), Product.objects.count())
    call_command("load_demo", skip_index=True, verbosity=0)
    assert (Insurer.objects.count(), Product.objects.count()) == before


def _starters(client: Client, path: str) -> list[str]:
    page = BeautifulSoup(client.get(path).content.decode(), "html.parser")
    template = BeautifulSoup(page.find("template", id="chat-starters").decode_contents(), "html.parser")
    return [b.get_text().strip() for b in template.select("[data-chat-ask]")]


def test_the_catalogue_suggests_chat_questions_of_the_line_it_lists(
    client: Client, demo_catalogue: None
) -> None:
    """Journey test E23: the GBA medical listing suggested 「哪些計劃保障海外專利？」."""
    medical = _starters(client, "/zh-hant/products/?line=gba_medical")
    assert medical and not any("專利" in q for q in medical), medical
    assert _starters(client, "/zh-hant/products/?line=overseas_ip") == ["哪些計劃保障海外專利？"]
    assert len(_starters(client, "/en/products/")) == 5, "the whole catalogue: one question per line"
