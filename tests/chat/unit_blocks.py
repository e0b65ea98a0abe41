"""Answer units for tests, built as ingest builds them: lines → loader blocks → stored units."""

from __future__ import annotations

from collections.abc import Sequence

from chat.units import Unit, numbered, units_of
from knowledge.loaders import Block
from knowledge.loaders.model import finish, item_of, table_block
from knowledge.retrieval import RetrievedChunk
from knowledge.units import build_units

# A chunk of a fictional plan, for tests that need one; vary it with dataclasses.replace.
TEST_CHUNK = RetrievedChunk(
    chunk_id="plan:abc:3",
    text="",
    doc_id="plan",
    title="Test Plan",
    insurer="Test Insurer",
    product="test-plan",
    product_line="gba_medical",
    language="en",
    section="Test Plan > 4. Exclusions",
    page=None,
    effective_date="2026-01-01",
    is_current=True,
    score=1.0,
)


def blocks_of(text: str, section: str = "") -> list[Block]:
    """A heading per section name ("Plan > Premiums"), then one block per line: a bulleted or
    numbered line is a list item, a line with " | " a table row (the first such line the header)."""
    blocks = [
        Block("heading", name, level=n + 1)
        for n, name in enumerate(s.strip() for s in section.split(">"))
        if name
    ]
    table: list[list[str]] = []
    for line in text.splitlines():
        if " | " in line:
            table.append([c.strip() for c in line.split(" | ")])
            continue
        if table:
            blocks.append(table_block(table[:1], table[1:]))
            table = []
        blocks.append(item_of(line) or Block("paragraph", line))
    if table:
        blocks.append(table_block(table[:1], table[1:]))
    return finish(blocks)


def chunk_units(chunks: Sequence[RetrievedChunk]) -> list[Unit]:
    """The units of each chunk's text as its own document version, numbered across them."""
    documents = [numbered(c, build_units(blocks_of(c.text, c.section), title=c.title)) for c in chunks]
    return units_of(documents)
