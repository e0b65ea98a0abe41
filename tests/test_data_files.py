"""The YAML data files hold each key once: YAML keeps the last of two equal keys silently, and a
second `money_units` in knowledge/data/keyfacts.yaml once erased the first (the key-fact extractor
lost its currencies, and comparison cells read "Not stated")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DATA_FILES = sorted([*ROOT.glob("chat/data/*.yaml"), *ROOT.glob("knowledge/data/*.yaml")])


class _UniqueKeys(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        keys = [self.construct_object(key, deep=deep) for key, _ in node.value]
        repeated = sorted({str(k) for k in keys if keys.count(k) > 1})
        if repeated:
            raise yaml.constructor.ConstructorError(None, None, f"keys repeated: {repeated}", node.start_mark)
        return super().construct_mapping(node, deep=deep)


def test_there_are_data_files() -> None:
    assert len(DATA_FILES) > 10


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_data_file_holds_each_key_once(path: Path) -> None:
    assert yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeys) is not None
