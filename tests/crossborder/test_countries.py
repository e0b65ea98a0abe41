"""Countries by name in three languages or by code, from pycountry and CLDR (no hand list)."""

from __future__ import annotations

import pytest

from crossborder.countries import names, picker_data, read


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("UK", ["GB"]),  # CLDR's alias, not a hand rule
        ("Germany, 德國, 德国, de, DEU", ["DE"]),
        ("United States of America; 美國、japan", ["JP", "US"]),
        ("Côte d’Ivoire, cote d'ivoire", ["CI"]),
        ("香港", ["HK"]),  # a part of one CLDR name (中國香港特別行政區)
        ("韓國", ["KR"]),  # Traditional script of the Simplified name 韩国 (HK's own is 南韓)
        ("ＵＳ，ｊｐ", ["JP", "US"]),  # full-width
    ],
)
def test_names_and_codes_are_read(typed: str, codes: list[str]) -> None:
    reading = read(typed)
    assert (reading.codes, reading.unknown, reading.ambiguous) == (codes, [], {})


def test_unknown_and_ambiguous_names_are_reported_not_guessed() -> None:
    assert read("Mars, US").unknown == ["Mars"]  # not Marshall Islands
    assert read("Korea").ambiguous == {"Korea": ["KP", "KR"]}
    assert read("EU").codes == [] and read("EU", extra=("EU", "ASEAN")).codes == ["EU"]


def test_names_are_shown_in_the_page_language() -> None:
    assert names(["GB", "DE"], "zh-hant") == ["英國", "德國"]
    assert names(["GB", "DE"], "zh-hans") == ["英国", "德国"]
    assert names(["GB"], "en") == ["United Kingdom"]
    rows = picker_data("zh-hans")
    assert len(rows) >= 249 and any(r["code"] == "DE" and "germany" in str(r["search"]) for r in rows)
