"""Key facts per product: typed values quoted from the plan documents, with citations."""

from knowledge.keyfacts.extract import (
    LOW_CONFIDENCE,
    Fact,
    Unit,
    extract_attribute,
    extract_facts,
    units_from_blocks,
    value_key,
    verify,
)
from knowledge.keyfacts.spec import Attribute, Vocabulary, vocabulary

__all__ = [
    "LOW_CONFIDENCE",
    "Attribute",
    "Fact",
    "Unit",
    "Vocabulary",
    "extract_attribute",
    "extract_facts",
    "units_from_blocks",
    "value_key",
    "verify",
    "vocabulary",
]
