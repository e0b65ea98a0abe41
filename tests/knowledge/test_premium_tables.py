"""Rate tables read generally, money printed one way, and a direct-settlement count read off the
document's network table (classes of the fresh-eyed re-test, not its examples)."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.keyfacts import extract_facts, verify
from knowledge.keyfacts.premiums import Estimate, Refusal, estimate, money, rate_tables
from knowledge.keyfacts.scoring import document_text
from knowledge.loaders import Block, load_blocks

DOCS = Path(__file__).resolve().parents[2] / "knowledge" / "demo_corpus" / "docs"


def _table(section: str, header: list[str], rows: list[list[str]], note: str = "") -> list[Block]:
    blocks = [Block(kind="heading", text=section)]
    if note:
        blocks.append(Block(kind="paragraph", text=note))
    return [*blocks, Block(kind="table", text="", header=header, rows=rows)]


@pytest.mark.parametrize(
    ("value", "currency", "shown"),
    [("4,940", "HK$", "HK$4,940"), ("398元", "RMB", "RMB398"), ("30%", "", "30%"), ("US$500", "", "US$500")],
)
def test_money_is_printed_one_way(value: str, currency: str, shown: str) -> None:
    assert money(value, currency) == shown


def test_a_rate_table_of_worded_rates_with_blank_cells_is_found() -> None:
    blocks = _table(
        "5. Premium rates",
        ["Cover", "Rate", "Minimum premium"],
        [["Returns", "US$0.25 per shipped order", "US$400 a year"], ["Transit", "0.12% of goods value", "—"]],
    )
    (table,) = rate_tables(blocks)
    found = estimate(table, column="Rate", row="Transit")
    assert isinstance(found, Estimate) and found.value == "0.12% of goods value"


def test_a_column_naming_a_cap_is_no_premium_even_of_the_same_kind() -> None:
    blocks = _table(
        "Premium",
        ["Age", "Plan A", "Renewal increase cap"],
        [["18–40", "HK$900", "HK$300"], ["41–60", "HK$1,500", "HK$500"]],
    )
    (table,) = rate_tables(blocks)
    assert table.figure_options == ("Plan A",)
    refused = estimate(table, column="Renewal increase cap", age=30)
    assert isinstance(refused, Refusal) and refused.reason == "option" and refused.detail == "Plan A"


def test_an_age_read_one_year_on_is_named_in_the_refusal() -> None:
    blocks = _table(
        "Premium",
        ["Age", "Plan A"],
        [["0–40", "HK$900"], ["41–60", "HK$1,500"]],
        note="Premiums by age next birthday.",
    )
    (table,) = rate_tables(blocks)
    refused = estimate(table, column="Plan A", age=60)
    assert isinstance(refused, Refusal) and refused.read_on and refused.table_age == 61
    last = rate_tables(_table("Premium", ["Age", "Plan A"], [["0–40", "HK$900"]]))[0]
    refused = estimate(last, column="Plan A", age=41)
    assert isinstance(refused, Refusal) and not refused.read_on


def test_a_direct_settlement_count_is_the_network_tables_direct_rows() -> None:
    # BayLink's sentence says 12 network hospitals; its table marks 8 for direct settlement.
    blocks = load_blocks(DOCS / "taipo-baylink-medical.md")
    fact = extract_facts(blocks, "gba_medical")["network_hospitals"]
    assert fact is not None and fact.value == "8" and fact.quote.count("| Yes") == 8
    assert "Reimbursement" not in fact.quote and verify(fact, document_text(blocks))


def test_a_count_not_of_its_quoted_rows_is_not_verified() -> None:
    blocks = load_blocks(DOCS / "taipo-baylink-medical.md")
    fact = extract_facts(blocks, "gba_medical")["network_hospitals"]
    assert fact is not None
    assert not verify(type(fact)(**{**fact.__dict__, "value": "9"}), document_text(blocks))
