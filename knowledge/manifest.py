"""Reading a manifest: a JSON list of documents, in the format of ../shared/eval-dev/manifest.json."""

from __future__ import annotations

import json
from pathlib import Path

from knowledge.ingest import DocumentMeta
from knowledge.loaders import DocumentError

_KEYS = {
    "file",
    "doc_id",
    "insurer",
    "product",
    "product_line",
    "language",
    "title",
    "effective_date",
}


def read_manifest(path: Path) -> list[tuple[Path, DocumentMeta]]:
    """Entries as (absolute file path, metadata); raise DocumentError naming the bad entry."""
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DocumentError(f"manifest {path}: cannot be read as JSON: {exc}") from None
    if not isinstance(entries, list):
        raise DocumentError(f"manifest {path}: expected a JSON list of documents")
    result = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            raise DocumentError(f"manifest entry {number}: needs a 'file' string")
        unknown = set(entry) - _KEYS
        if unknown:
            raise DocumentError(f"manifest entry {number}: unknown keys {sorted(unknown)}")
        fields = {k: str(entry.get(k) or "") for k in _KEYS - {"file"}}
        result.append(((path.parent / entry["file"]).resolve(), DocumentMeta(**fields)))
    return result
