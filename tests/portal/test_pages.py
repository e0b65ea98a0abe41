from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_root_redirects_to_a_language_prefix(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("en", "Request a quote"), ("zh-hant", "索取報價"), ("zh-hans", "索取报价")],
)
def test_pages_are_translated(client: Client, prefix: str, expected: str) -> None:
    response = client.get(f"/{prefix}/")
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert f'lang="{prefix}"' in response.content.decode()


def test_language_switcher_sets_the_language(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/en/products/"})
    assert response.status_code == 302
    assert response["Location"].startswith("/zh-hans/")


def test_every_page_says_the_data_is_fictional_and_names_the_operator(
    client: Client, demo_catalogue: None
) -> None:
    for path in ["/en/", "/en/products/", "/en/enquiries/"]:
        body = client.get(path).content.decode()
        assert "fictional" in body
        assert "Operated by" in body


def test_catalogue_lists_demo_products_by_line(client: Client, demo_catalogue: None) -> None:
    body = client.get("/en/products/?line=overseas_ip").content.decode()
    assert "Overseas IP" in body
    assert "products" in body
