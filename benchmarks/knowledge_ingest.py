"""Ingestion throughput, as a ratio to the embedder's raw throughput on the same texts.

    .venv/bin/python benchmarks/knowledge_ingest.py [SET_DIR ...]

Indexes each set (default: the demo corpus) into a temporary collection and a
rolled-back transaction, in a throw-away data dir, so no portal data is touched.

Both figures are for the same texts — every chunk and every answer unit (ingestion embeds
both) — and the same embedder object (so the same settings, one BLAS thread). One-off per-process costs are paid before either clock
starts, as a long-running ingest worker pays them once: the embedder's model load, and
opening the Chroma client (chromadb imports its bindings then, ~0.1 s). The garbage
collector is run before each timed part, so a full collection of the start-up heap
(~0.1 s) does not land in one figure by chance. Everything else counts: registering the
documents, loading, chunking, embedding, the Chroma writes, the switches, the teardown.
"""

from __future__ import annotations

import gc
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PORTAL_DATA_DIR", tempfile.mkdtemp(prefix="bench-knowledge-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def main() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from knowledge.chunking import chunk_blocks
    from knowledge.embeddings import get_embeddings
    from knowledge.evaluation import load_set, temporary_index
    from knowledge.loaders import load_blocks
    from knowledge.manifest import read_manifest
    from knowledge.units import build_units
    from knowledge.vectorstore import get_client

    call_command("migrate", verbosity=0)
    sets = [Path(p) for p in sys.argv[1:]] or [ROOT / "knowledge" / "demo_corpus"]
    embeddings = get_embeddings()
    embeddings.embed_documents(["warm-up"])
    get_client()

    texts: list[str] = []
    chunks = 0
    for directory in sets:
        for path, meta in read_manifest(directory / "manifest.json"):
            blocks = load_blocks(path)
            for chunk in chunk_blocks(blocks):
                texts.append(f"{meta.title}. {chunk.section}\n{chunk.text}")
                chunks += 1
            texts += [u.text for u in build_units(blocks, title=meta.title)]
    gc.collect()
    start = time.perf_counter()
    embeddings.embed_documents(texts)
    raw = len(texts) / (time.perf_counter() - start)

    gc.collect()
    start = time.perf_counter()
    for directory in sets:
        with temporary_index(load_set(directory)) as failures:
            if failures:
                raise SystemExit(f"ingest failures: {failures}")
    ingest = len(texts) / (time.perf_counter() - start)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"texts embedded                  {len(texts)}  ({chunks} chunks, {len(texts) - chunks} answer units)"
    )
    print(f"embedder raw throughput         {raw:8.1f} texts/s")
    print(
        f"ingestion throughput            {ingest:8.1f} texts/s  (load, chunk, units, embed, write, switch)"
    )
    print(f"ratio ingestion / raw embedder  {ingest / raw:8.2f}  (target >= 0.8)")
    print(f"peak memory (max RSS)           {peak_mb:8.0f} MB")


if __name__ == "__main__":
    main()
