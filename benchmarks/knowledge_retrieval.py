"""Retrieval latency (p50/p95) at 1k, 10k and 100k chunks, and memory.

    .venv/bin/python benchmarks/knowledge_retrieval.py [--sizes 1000,10000,100000] [--cache DIR]

What is measured: wall-clock time of `knowledge.retrieval.retrieve(question, k=8)` for each
of the demo corpus's 65 questions, twice, once the index is warm (the first question after
a change builds the in-memory index; that is timed separately as "first question").
Every timed call embeds its question for real with the configured embedder (USE), runs
the Chroma query, BM25, cross-script name matching and the fusion, and reads the index's
change stamp from the database. Nothing about a question is cached.

What the collection holds: the demo corpus (16 documents, indexed for real) plus synthetic
plan documents up to the size. Each synthetic document copies one demo document's chunks
with a generated insurer and product name (in the template's language and script, from
Hong Kong and Shenzhen place names the demo corpus does not use) and every number
scrambled, and opens with a header naming it; so every chunk's text is distinct, names
collide the way many insurers' plans do, and demo names left in copied text only make the
demo questions harder. Every synthetic chunk's vector is a real embedding of its own text
(title, section and text, as ingestion embeds it), computed once in batches and cached in
--cache (about 11 minutes for 100k chunks at ~150 chunks/s); vectors are never copied or
made up. The hit@1/hit@5 printed per size are the demo questions' document ranks among all
these distractors: a sanity check that speed did not come from skipping work.

Runs in a throw-away data dir and a rolled-back transaction: no portal data is touched.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import random
import re
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PORTAL_DATA_DIR", tempfile.mkdtemp(prefix="bench-knowledge-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
GENERATOR_VERSION = "2"
BLOCK = 5000  # synthetic chunks per cached block of vectors
WRITE_BATCH = 2000

# (English, Traditional, Simplified): places the demo corpus does not name.
PLACES = [
    ("Sai Kung", "西貢", "西贡"),
    ("Sha Tin", "沙田", "沙田"),
    ("Tsuen Wan", "荃灣", "荃湾"),
    ("Tuen Mun", "屯門", "屯门"),
    ("Kwai Chung", "葵涌", "葵涌"),
    ("Mong Kok", "旺角", "旺角"),
    ("Wan Chai", "灣仔", "湾仔"),
    ("Causeway Bay", "銅鑼灣", "铜锣湾"),
    ("Aberdeen", "香港仔", "香港仔"),
    ("Stanley", "赤柱", "赤柱"),
    ("Happy Valley", "跑馬地", "跑马地"),
    ("Kowloon Tong", "九龍塘", "九龙塘"),
    ("Tseung Kwan O", "將軍澳", "将军澳"),
    ("Ma On Shan", "馬鞍山", "马鞍山"),
    ("Sheung Shui", "上水", "上水"),
    ("Fanling", "粉嶺", "粉岭"),
    ("Lok Ma Chau", "落馬洲", "落马洲"),
    ("Nanshan", "南山", "南山"),
    ("Luohu", "羅湖", "罗湖"),
    ("Pingshan", "坪山", "坪山"),
    ("Guangming", "光明", "光明"),
    ("Dapeng", "大鵬", "大鹏"),
    ("Qianhai", "前海", "前海"),
    ("Xili", "西麗", "西丽"),
    ("Buji", "布吉", "布吉"),
    ("Meilin", "梅林", "梅林"),
    ("Nantou", "南頭", "南头"),
    ("Xixiang", "西鄉", "西乡"),
    ("Shajing", "沙井", "沙井"),
    ("Songgang", "松崗", "松岗"),
    ("Fuyong", "福永", "福永"),
    ("Henggang", "橫崗", "横岗"),
    ("Bantian", "坂田", "坂田"),
    ("Pinghu", "平湖", "平湖"),
]
BRANDS = [
    ("Care", "安心", "安心"),
    ("Shield", "守護", "守护"),
    ("Secure", "保障", "保障"),
    ("Harmony", "康寧", "康宁"),
    ("Gateway", "通途", "通途"),
    ("Star", "星辰", "星辰"),
    ("Anchor", "錨定", "锚定"),
    ("Compass", "指南", "指南"),
]
INSURER_KINDS = [
    ("General Insurance Limited", "綜合保險有限公司", "综合保险有限公司"),
    ("Life Assurance Limited", "人壽保險有限公司", "人寿保险有限公司"),
    ("Property & Casualty Insurance Co., Ltd.", "財產保險股份有限公司", "财产保险股份有限公司"),
]
SCRIPT = {"en": 0, "zh-Hant": 1, "zh-Hans": 2}


@dataclass(frozen=True)
class SynChunk:
    doc: int
    text: str
    meta: dict[str, Any]

    def embedded_text(self) -> str:
        """What ingestion embeds for a chunk."""
        return f"{self.meta['title']}. {self.meta['section']}\n{self.text}"


def _templates(real: dict[str, Any]) -> list[list[tuple[str, dict[str, Any]]]]:
    """The demo documents' chunks, in document and chunk order."""
    by_doc: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for text, meta in zip(real["documents"], real["metadatas"], strict=True):
        by_doc.setdefault(str(meta["doc_id"]), []).append((text, dict(meta)))
    return [sorted(chunks, key=lambda c: int(c[1]["chunk"])) for _, chunks in sorted(by_doc.items())]


def _scramble_numbers(text: str, rng: random.Random) -> str:
    def scramble(match: re.Match[str]) -> str:
        digits = [str(rng.randrange(10)) for _ in match.group(0)]
        if digits[0] == "0" and len(digits) > 1:
            digits[0] = str(rng.randrange(1, 10))
        return "".join(digits)

    return re.sub(r"\d+", scramble, text)


def _names(doc: int, language: str, product_line: str) -> tuple[str, str]:
    rng = random.Random(f"names-{doc}")
    script = SCRIPT.get(language, 0)
    place, brand, kind = rng.choice(PLACES), rng.choice(BRANDS), rng.choice(INSURER_KINDS)
    line = product_line.replace("_", " ")
    if script == 0:
        return f"{place[0]} {brand[0]} {line.title()} Plan", f"{place[0]} {kind[0]} (fictional)"
    quotes = "「{}{}」{}計劃" if script == 1 else "「{}{}」{}计划"
    return quotes.format(place[script], brand[script], line), f"{place[script]}{kind[script]}（虛構）"


def _replacements(template: list[tuple[str, dict[str, Any]]]) -> list[str]:
    """The template's own names, longest first: replaced in copied text where they appear verbatim."""
    meta = template[0][1]
    title, insurer = str(meta["title"]), str(meta["insurer"])
    found = [title, insurer, insurer.replace(" (fictional)", "")]
    found += re.findall(r"「([^」]+)」", title)
    found += [title.split()[0]] if title.isascii() else []
    return sorted({n for n in found if len(n) >= 2}, key=len, reverse=True)


def synthetic_chunks(real: dict[str, Any], count: int) -> Iterator[SynChunk]:
    """The first `count` synthetic chunks; the same prefix for every count (vectors are cached by it)."""
    templates = _templates(real)
    made, doc = 0, 0
    while made < count:
        template = templates[doc % len(templates)]
        first = template[0][1]
        language, product_line = str(first["language"]), str(first["product_line"])
        title, insurer = _names(doc, language, product_line)
        rng = random.Random(f"text-{doc}")
        replace = _replacements(template)
        for text, meta in template:
            if made == count:
                return
            for name in replace:
                text = text.replace(name, title)
            text = _scramble_numbers(text, rng)
            if int(meta["chunk"]) == 0:
                text = f"{title}\n{insurer}\nFictional benchmark document.\n{text}"
            yield SynChunk(
                doc=doc,
                text=text,
                meta={
                    **meta,
                    "doc_id": f"syn-{doc}",
                    "title": title,
                    "insurer": insurer,
                    "product": "",
                    "effective_date": "",
                    "version": "s" * 16,
                },
            )
            made += 1
        doc += 1


def _block_vectors(block: list[SynChunk], path: Path) -> Any:
    """Real embeddings of a block of synthetic chunks, computed once and cached on disk.

    A block is always embedded whole, so a later, larger run reuses it (the chunks are the same).
    """
    import numpy as np

    from knowledge.embeddings import get_embeddings

    if path.exists():
        return np.load(path)
    began = time.perf_counter()
    vectors = np.asarray(
        get_embeddings().embed_documents([c.embedded_text() for c in block]), dtype=np.float32
    )
    np.save(path, vectors)
    print(f"  embedded {len(block)} synthetic chunks at {len(block) / (time.perf_counter() - began):.0f}/s")
    return vectors


def _fill(real: dict[str, Any], size: int, cache: Path) -> int:
    """Write the demo chunks and synthetic ones up to `size`; return the synthetic chunk count.

    Streams block by block, so the benchmark's own copy of the chunks never inflates its memory.
    """
    from knowledge.models import PlanDocument
    from knowledge.vectorstore import get_store

    collection: Any = get_store()._collection
    collection.add(
        ids=real["ids"],
        embeddings=real["embeddings"],
        documents=real["documents"],
        metadatas=real["metadatas"],
    )
    wanted = max(0, size - len(real["ids"]))
    key = hashlib.sha256((GENERATOR_VERSION + "".join(real["documents"])).encode()).hexdigest()[:12]
    cache.mkdir(parents=True, exist_ok=True)
    stream = synthetic_chunks(real, -(-wanted // BLOCK) * BLOCK)
    written = 0
    for number in itertools.count():
        block = list(itertools.islice(stream, BLOCK))
        if not block or written == wanted:
            break
        vectors = _block_vectors(block, cache / f"{key}-{number:04d}.npy")
        keep = min(len(block), wanted - written)
        for start in range(0, keep, WRITE_BATCH):
            batch = block[start : min(start + WRITE_BATCH, keep)]
            collection.add(
                ids=[f"syn-{c.doc}:{'s' * 16}:{c.meta['chunk']}" for c in batch],
                embeddings=vectors[start : start + len(batch)],
                documents=[c.text for c in batch],
                metadatas=[c.meta for c in batch],
            )
        _add_documents([c for c in block[:keep] if int(c.meta["chunk"]) == 0], PlanDocument)
        written += keep
    return written


def _add_documents(firsts: list[SynChunk], model: Any) -> None:
    model.objects.bulk_create(
        [
            model(
                doc_id=c.meta["doc_id"],
                title=c.meta["title"],
                file="synthetic.md",
                status="ready",
                checksum="s" * 64,
                language=c.meta["language"],
            )
            for c in firsts
        ],
        batch_size=1000,
    )


def _measure(questions: list[str]) -> tuple[float, list[float]]:
    from knowledge.retrieval import retrieve

    start = time.perf_counter()
    retrieve(questions[0], k=8)  # builds this generation's in-memory index
    warm_up = time.perf_counter() - start
    latencies = []
    for question in questions * 2:
        start = time.perf_counter()
        chunks = retrieve(question, k=8)
        latencies.append((time.perf_counter() - start) * 1000)
        assert chunks, "retrieval never returns nothing for a real question"
    return warm_up, latencies


def _memory() -> str:
    status = Path("/proc/self/status").read_text()
    fields = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", status, flags=re.MULTILINE))
    return f"{int(fields.get('VmRSS', 0)) // 1024}/{int(fields.get('VmHWM', 0)) // 1024}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--cache", type=Path, default=ROOT / "var" / "benchmark-cache")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.test.utils import override_settings

    from knowledge import vectorstore
    from knowledge.evaluation import load_set, score_retrieval, temporary_index
    from knowledge.retrieval import retrieve

    call_command("migrate", verbosity=0)
    demo = load_set(ROOT / "knowledge" / "demo_corpus")
    questions = [q["question"] for q in demo.questions]
    with temporary_index(demo):
        collection: Any = vectorstore.get_store()._collection
        real = collection.get(include=["documents", "metadatas", "embeddings"])
        print(f"{len(questions) * 2} timed questions per size; real question embedding in every call")
        print(
            f"{'chunks':>8} {'synthetic':>9} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>7} {'first q s':>9} "
            f"{'fill s':>7} {'hit@1':>6} {'hit@5':>6} {'RSS/peak MB':>12} {'load avg':>9}"
        )
        for size in sizes:
            with override_settings(CHROMA_COLLECTION=f"bench_{size}"), transaction.atomic():
                vectorstore.get_store.cache_clear()
                start = time.perf_counter()
                synthetic = _fill(real, size, args.cache)
                filled = time.perf_counter() - start
                load = os.getloadavg()[0]
                warm_up, latencies = _measure(questions)
                quality = score_retrieval(demo, lambda q: retrieve(q, k=30))["overall"]
                memory = _memory()
                vectorstore.reset_store()
                transaction.set_rollback(True)
            p95 = statistics.quantiles(latencies, n=20)[18]
            print(
                f"{size:>8} {synthetic:>9} {statistics.median(latencies):7.1f} {p95:7.1f} {max(latencies):7.1f} "
                f"{warm_up:9.2f} {filled:7.1f} {quality['hit@1']:6.3f} {quality['hit@5']:6.3f} "
                f"{memory:>12} {load:4.1f}/{os.getloadavg()[0]:4.1f}",
                flush=True,
            )
        vectorstore.get_store.cache_clear()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"peak memory of the process (max RSS): {peak_mb:.0f} MB (includes the embedder and embedded Chroma)"
    )


if __name__ == "__main__":
    main()
