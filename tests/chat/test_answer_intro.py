"""An answer's first line names its document and insurer; a staff-uploaded document with no product
has no insurer, and was shown as "(—)" / "（—）" (a tester's D10): it is named by its title alone."""

from __future__ import annotations

import pytest

from chat.messages import answer_intro


@pytest.mark.parametrize(
    ("language", "with_insurer", "title_only"),
    [
        ("en", "From Plan A (Insurer B):", "From Plan A:"),
        ("zh-Hant", "根據《Plan A》（Insurer B）：", "根據《Plan A》："),
        ("zh-Hans", "根据《Plan A》（Insurer B）：", "根据《Plan A》："),
    ],
)
def test_a_document_without_an_insurer_is_named_by_its_title_alone(
    language: str, with_insurer: str, title_only: str
) -> None:
    assert answer_intro(language, "Plan A", "Insurer B") == with_insurer
    assert answer_intro(language, "Plan A", "") == title_only
