from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hant", "zh-hans"]


def test_root_redirects_to_a_language_prefix(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("en", "Get a quote"), ("zh-hant", "索取報價"), ("zh-hans", "获取报价")],
)
def test_pages_are_translated(client: Client, prefix: str, expected: str) -> None:
    response = client.get(f"/{prefix}/")
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert f'lang="{prefix}"' in response.content.decode()


def _language_links(body: str) -> dict[str, str]:
    nav = body[body.index('class="lang-switch"') :]
    nav = nav[: nav.index("</nav>")]
    return dict((lang, href) for href, lang in re.findall(r'href="([^"]+)" lang="([^"]+)"', nav))


@pytest.mark.parametrize("source", LANGUAGES)
def test_language_switcher_keeps_the_page_from_every_language(
    client: Client, demo_catalogue: None, source: str
) -> None:
    """From a Chinese page the switcher once sent `-hant/…` and landed on an English 404."""
    body = client.get(f"/{source}/products/?line=gba_medical").content.decode()
    links = _language_links(body)
    assert set(links) == set(LANGUAGES)
    for target, href in links.items():
        assert href == f"/{target}/products/?line=gba_medical"
        page = client.get(href)
        assert page.status_code == 200
        assert f'<html lang="{target}">' in page.content.decode()


def test_language_switcher_on_a_missing_page_stays_on_the_localised_404(client: Client) -> None:
    body = client.get("/zh-hant/no-such-page/").content.decode()
    assert _language_links(body)["en"] == "/en/no-such-page/"


@pytest.mark.parametrize(
    ("prefix", "title", "home"),
    [("en", "Page not found", "Home"), ("zh-hant", "找不到頁面", "首頁"), ("zh-hans", "找不到页面", "首页")],
)
def test_404_is_localised_with_navigation(client: Client, prefix: str, title: str, home: str) -> None:
    response = client.get(f"/{prefix}/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in body
    assert f'<a class="chip" href="/{prefix}/">{home}</a>' in body
    assert f'href="/{prefix}/products/"' in body and 'class="site-nav"' in body


@pytest.mark.parametrize(
    ("prefix", "title"), [("en", "Something went wrong"), ("zh-hant", "出現問題"), ("zh-hans", "出现问题")]
)
def test_500_is_localised_with_navigation(settings, prefix: str, title: str) -> None:  # type: ignore[no-untyped-def]
    settings.ROOT_URLCONF = "tests.portal.urls_with_fault"
    response = Client(raise_request_exception=False).get(f"/{prefix}/fault/")
    body = response.content.decode()
    assert response.status_code == 500
    assert f"<h1>{title}</h1>" in body
    assert f'href="/{prefix}/products/"' in body
    assert 'id="chat"' not in body, "the 500 page does not start the chat"


@pytest.mark.parametrize(
    ("prefix", "operated", "licence"),
    [
        ("en", "Operated by", "not a licensed insurance intermediary"),
        ("zh-hant", "營運者：大灣區保障平台", "並非持牌保險中介人"),
        ("zh-hans", "运营方：大湾区保障平台", "并非持牌保险中介"),
    ],
)
def test_operator_footer_is_in_the_page_language(
    client: Client, prefix: str, operated: str, licence: str
) -> None:
    footer = client.get(f"/{prefix}/").content.decode().split('class="site-footer"')[1]
    assert operated in footer and licence in footer


def test_every_page_says_the_data_is_fictional_and_names_the_operator(
    client: Client, demo_catalogue: None
) -> None:
    for path in ["/en/", "/en/products/", "/en/enquiries/"]:
        body = client.get(path).content.decode()
        assert "fictional" in body
        assert "Operated by" in body


def test_chat_launcher_on_public_pages_not_on_insurer_pages(client: Client, demo_catalogue: None) -> None:
    for path in ["/en/", "/en/products/", "/en/enquiries/", "/zh-hant/no-such-page/"]:
        assert 'id="chat-launcher"' in client.get(path).content.decode(), path
    assert 'id="chat-launcher"' not in client.get("/en/enquiries/insurer/login/").content.decode()


def test_each_page_suggests_its_own_questions(client: Client, demo_catalogue: None) -> None:
    home = client.get("/en/").content.decode()
    catalogue = client.get("/en/products/").content.decode()
    starters = re.compile(r"data-chat-ask>([^<]+)<")
    # This catalogue has no plan documents: the home page suggests only questions about plans that
    # have one (tests/knowledge/test_chat_suggestions.py), so here it suggests none of the catalogue's.
    assert starters.findall(catalogue)
    assert not set(starters.findall(home)) & set(starters.findall(catalogue))


def test_catalogue_lists_demo_products_by_line(client: Client, demo_catalogue: None) -> None:
    body = client.get("/en/products/?line=overseas_ip").content.decode()
    lines = re.findall(r'<h2 id="line-[a-z_]+">([^<]+)</h2>', body)
    assert lines == ["Overseas IP"]
    assert len(re.findall(r'<h2 id="line-', client.get("/en/products/").content.decode())) > len(lines)


def test_language_links_on_a_path_without_a_language_lead_home(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert _language_links(response.content.decode()) == {
        "en": "/en/",
        "zh-hant": "/zh-hant/",
        "zh-hans": "/zh-hans/",
    }


def test_every_page_kind_names_a_local_icon_and_favicon_ico_is_it(client: Client) -> None:
    """Public pages and admin link the portal's own icon files (no CDN); /favicon.ico, asked
    for by browsers on pages that name none, leads to the same icon."""
    from django.contrib.staticfiles import finders
    from PIL import Image

    for path in ("/en/", "/zh-hant/admin/login/"):
        icons = re.findall(r'<link rel="icon" href="([^"]+)"', client.get(path).content.decode())
        assert [i.rsplit("/", 1)[-1] for i in icons] == ["favicon.ico", "favicon.svg"], path
        assert all(i.startswith("/static/portal/") for i in icons)
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/portal/favicon.ico"
    found = finders.find("portal/favicon.ico")
    assert isinstance(found, str)
    with Image.open(found) as icon:
        assert icon.format == "ICO" and {(16, 16), (32, 32)} <= icon.info["sizes"]
