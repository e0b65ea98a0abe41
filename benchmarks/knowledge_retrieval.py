"""Retrieval latency (p50/p95) at 1k, 10k and 100k chunks, and peak memory.

    .venv/bin/python benchmarks/knowledge_retrieval.py [--sizes 1000,10000,100000]

The demo corpus is indexed for real. Larger collections are filled with synthetic
chunks made from it: each copies a real chunk's text (plus a unique reference) and
its real vector with a little noise, under one of many synthetic documents (20
chunks each) that get real PlanDocument rows. Embedding 100k chunks with the USE
model would take about 11 minutes, so those vectors are inserted directly; the
query path measured is the real one: `retrieve()` embeds the question, queries
Chroma, runs BM25 and name matching, and fuses. Runs in a throw-away data dir.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PORTAL_DATA_DIR", tempfile.mkdtemp(prefix="bench-knowledge-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
CHUNKS_PER_DOC = 20


def _fill(real: dict[str, Any], size: int) -> None:
    import numpy as np

    from knowledge.models import PlanDocument
    from knowledge.vectorstore import get_store

    rng = np.random.default_rng(7)
    vectors = np.asarray(real["embeddings"], dtype=np.float32)
    collection: Any = get_store()._collection
    docs = []
    for start in range(0, size, 2000):
        ids, texts, metas, batch = [], [], [], []
        for i in range(start, min(start + 2000, size)):
            source = i % len(real["ids"])
            doc = i // CHUNKS_PER_DOC
            vector = vectors[source] + rng.normal(0, 0.02, vectors.shape[1]).astype(np.float32)
            batch.append(vector / np.linalg.norm(vector))
            ids.append(f"syn-{doc}:v:{i}")
            texts.append(f"{real['documents'][source]} (ref {i})")
            meta = dict(real["metadatas"][source])
            meta.update(
                doc_id=f"syn-{doc}",
                version="v" * 16,
                chunk=i % CHUNKS_PER_DOC,
                product="",
                title=f"Plan {doc}",
            )
            metas.append(meta)
            if i % CHUNKS_PER_DOC == 0:
                docs.append(
                    PlanDocument(
                        doc_id=f"syn-{doc}",
                        title=f"Plan {doc}",
                        file="synthetic.md",
                        status="ready",
                        checksum="v" * 16,
                        language=meta["language"],
                    )
                )
        collection.add(ids=ids, embeddings=np.stack(batch).tolist(), documents=texts, metadatas=metas)
    PlanDocument.objects.bulk_create(docs, batch_size=1000)


def _measure(questions: list[str]) -> tuple[float, list[float]]:
    from knowledge.retrieval import retrieve

    start = time.perf_counter()
    retrieve(questions[0], k=8)  # builds the BM25 and name indexes for this collection
    warm_up = time.perf_counter() - start
    latencies = []
    for question in questions * 2:
        start = time.perf_counter()
        chunks = retrieve(question, k=8)
        latencies.append((time.perf_counter() - start) * 1000)
        assert chunks, "retrieval never returns nothing for a real question"
    return warm_up, latencies


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.test.utils import override_settings

    from knowledge import vectorstore
    from knowledge.evaluation import load_set, temporary_index

    call_command("migrate", verbosity=0)
    demo = load_set(ROOT / "knowledge" / "demo_corpus")
    questions = [q["question"] for q in demo.questions]
    with temporary_index(demo):
        collection: Any = vectorstore.get_store()._collection
        real = collection.get(include=["documents", "metadatas", "embeddings"])
        print(f"{'chunks':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'first query s':>14} {'fill s':>8}")
        for size in sizes:
            with override_settings(CHROMA_COLLECTION=f"bench_{size}"), transaction.atomic():
                vectorstore.get_store.cache_clear()
                start = time.perf_counter()
                _fill(real, size)
                filled = time.perf_counter() - start
                warm_up, latencies = _measure(questions)
                vectorstore.reset_store()
                transaction.set_rollback(True)
            p95 = statistics.quantiles(latencies, n=20)[18]
            print(
                f"{size:>8} {statistics.median(latencies):8.1f} {p95:8.1f} {max(latencies):8.1f} "
                f"{warm_up:14.2f} {filled:8.1f}",
                flush=True,
            )
        vectorstore.get_store.cache_clear()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (max RSS): {peak_mb:.0f} MB; {len(questions) * 2} timed questions per size")


if __name__ == "__main__":
    main()
