"""A key fact's label must not assert more than the text its value is read from."""

from __future__ import annotations

import re

from knowledge.keyfacts import vocabulary
from knowledge.keyfacts.extract import fold

# A guarantee claimed ("guaranteed", 保證), not denied ("non-guaranteed", 非保證).
_CLAIMS_GUARANTEE = re.compile(r"(?<!non-)(?<!非)(?:guarantee|保證|保证)")


def test_a_label_claims_a_guarantee_only_when_every_synonym_states_one() -> None:
    for attributes in vocabulary().attributes.values():
        for attribute in attributes:
            if any(_CLAIMS_GUARANTEE.search(fold(label)) for label in attribute.labels.values()):
                assert all(_CLAIMS_GUARANTEE.search(fold(s)) for s in attribute.synonyms), attribute.key
