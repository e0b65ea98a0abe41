"""Every citation of an answer opens the viewer at its passage, highlighted.

Answers over the demo corpus of each kind that cites differently: key-fact comparisons (one of them
with a fact a document does not state), "which plans" answers, a list of network hospitals read
from several table rows (see also tests/knowledge/test_viewer.py), a premium table's cell, and quoted passages in each language.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from chat.answering import answer_question

pytestmark = [pytest.mark.usefixtures("demo_index"), pytest.mark.django_db, pytest.mark.slow]

QUESTIONS = [
    ("en", "Compare the lifetime limit and the maternity waiting period of BayLink and Gang'ao Ankang."),
    ("en", "Which GBA medical plans settle hospital bills directly in Shenzhen?"),
    ("zh-Hant", "邊幾個醫療計劃喺深圳入院可以直接結算？"),
    ("en", "Which BayLink hospitals in Guangzhou settle bills directly?"),
    ("en", "What is the annual premium of FamilyCare for a 30-year-old?"),
    ("zh-Hans", "「跨境安心」锂电池产品的费率是多少？"),
    ("en", "Compare room and board under BridgeCare and Twin-Bay."),
    ("en", "Does TradeGuard cover political risks?"),
]


def _opened(client: Client, url: str) -> tuple[BeautifulSoup, list[str]]:
    """The viewer page a citation link opens (following the redirect to the found unit), and the
    anchors it highlights."""
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    final = response.redirect_chain[-1][0] if response.redirect_chain else url
    query = dict(part.split("=", 1) for part in urlsplit(final).query.split("&") if "=" in part)
    anchors = [a for a in query.get("hl", "").replace("%2C", ",").split(",") if a]
    return BeautifulSoup(response.content.decode(), "html.parser"), anchors


@pytest.mark.parametrize(("language", "question"), QUESTIONS)
def test_every_citation_opens_its_passage_highlighted(language: str, question: str) -> None:
    answer = answer_question(question, language=language)
    assert answer.citations, "the answer cites its passages"
    client = Client()
    for number, cite in enumerate(answer.citations, 1):
        assert cite.get("quote"), (
            f"[{number}] quotes a passage: a link to no passage opens the document's top"
        )
        page, anchors = _opened(client, f"/{language.lower()}{cite['url']}")
        assert anchors, f"[{number}] {cite['url']} found no unit for {cite['quote']!r}"
        for anchor in anchors:
            unit = page.find(id=anchor)
            assert unit is not None and "cited" in unit.get("class", []), f"[{number}] #{anchor} highlighted"
        assert urlsplit(cite["url"]).path == f"/documents/{cite['doc_id']}/"
