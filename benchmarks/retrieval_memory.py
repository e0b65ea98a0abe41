"""Memory per process of the retrieval snapshot at 100k chunks, with 1 and 4 processes reading it.

    .venv/bin/python benchmarks/retrieval_memory.py [--chunks 100000] [--processes 1,4]

The snapshot of one index generation is written once to the data folder and memory-mapped by
every process (knowledge/snapshot.py). This writes a generation of `--chunks` chunks, then for
each process count starts that many processes which each load it, answer the demo corpus's 65
questions through its BM25 index, names and exact vector search, and then read every page of
it (as a long-running web process eventually does), and prints, per process, RSS and PSS (from
/proc/<pid>/smaps_rollup: shared pages divided among the processes mapping them) before the
load and after, all processes alive at once.

What the chunks are: the demo corpus (indexed for real, with real embeddings) plus synthetic
documents copied from it as in benchmarks/knowledge_retrieval.py (distinct texts, generated
names). Each synthetic chunk carries the vector of the demo chunk it copies: memory does not
depend on the vectors' values, and embedding 100k chunks would take 11 minutes. Runs in a
throw-away data folder; no portal data is touched.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PORTAL_DATA_DIR", tempfile.mkdtemp(prefix="bench-memory-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
GENERATION = "benchmark"


class Collection:
    """The paged `get` a Chroma collection offers, over chunks held in this process."""

    id = "benchmark-collection"
    name = "benchmark"

    def __init__(self, ids: list[str], texts: list[str], metas: list[dict[str, Any]], vectors: Any) -> None:
        self.ids, self.texts, self.metas, self.vectors = ids, texts, metas, vectors

    def get(self, *, include: list[str], limit: int, offset: int) -> dict[str, Any]:
        end = offset + limit
        return {
            "ids": self.ids[offset:end],
            "documents": self.texts[offset:end],
            "metadatas": self.metas[offset:end],
            "embeddings": self.vectors[offset:end],
        }


def memory(pid: int) -> dict[str, int]:
    """RSS, PSS (a page shared by n processes counts 1/n in each) and private memory, in MB."""
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    found = {k: int(v) for k, v in re.findall(r"^(\w+):\s+(\d+) kB", rollup, flags=re.MULTILINE)}
    private = found.get("Private_Clean", 0) + found.get("Private_Dirty", 0)
    return {"rss": found["Rss"] // 1024, "pss": found["Pss"] // 1024, "private": private // 1024}


def mapped(pid: int, folder: Path) -> dict[str, int]:
    """RSS and PSS of the snapshot's files as this process maps them, in MB."""
    totals = {"rss": 0, "pss": 0}
    inside = False
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = line.split()
        if head and re.fullmatch(r"[0-9a-f]+-[0-9a-f]+", head[0]):
            inside = len(head) >= 6 and head[5].startswith(str(folder))
        elif inside and head[0] in ("Rss:", "Pss:"):
            totals[head[0][:-1].lower()] += int(head[1])
    return {k: v // 1024 for k, v in totals.items()}


def write(chunks: int, folder: Path) -> tuple[dict[str, list[str]], list[str]]:
    """Write the generation; return the documents' names and the demo questions."""
    import django
    import numpy as np

    django.setup()
    from django.core.management import call_command

    from benchmarks.knowledge_retrieval import synthetic_chunks
    from knowledge import snapshot, vectorstore
    from knowledge.evaluation import load_set, temporary_index

    call_command("migrate", verbosity=0)
    demo = load_set(ROOT / "knowledge" / "demo_corpus")
    with temporary_index(demo):
        real = vectorstore.get_store()._collection.get(include=["documents", "metadatas", "embeddings"])
    vector_of = {
        (str(m["doc_id"]), int(m["chunk"])): np.asarray(v, dtype=np.float32)
        for m, v in zip(real["metadatas"], real["embeddings"], strict=True)
    }
    ids, texts, metas, vectors = list(real["ids"]), list(real["documents"]), list(real["metadatas"]), []
    vectors = [np.asarray(v, dtype=np.float32) for v in real["embeddings"]]
    # The generator copies the demo documents in doc_id order.
    templates = sorted({str(m["doc_id"]) for m in real["metadatas"]})
    for chunk in synthetic_chunks(real, max(0, chunks - len(ids))):
        ids.append(f"syn-{chunk.doc}:{'s' * 16}:{chunk.meta['chunk']}")
        texts.append(chunk.text)
        metas.append(chunk.meta)
        vectors.append(vector_of[(templates[chunk.doc % len(templates)], int(chunk.meta["chunk"]))])
    names = {}
    for meta in metas:
        names.setdefault(str(meta["doc_id"]), [str(meta.get("title", "")), str(meta.get("insurer", ""))])
    started = time.perf_counter()
    snapshot._write(folder, Collection(ids, texts, metas, np.vstack(vectors)))
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    print(
        f"wrote a generation of {len(ids)} chunks ({len(names)} documents) in "
        f"{time.perf_counter() - started:.1f} s: {size / 2**20:.0f} MB of files",
        flush=True,
    )
    return names, [q["question"] for q in demo.questions]


def child(folder: Path, names_file: Path) -> None:
    """One reading process: load, answer, read every page, report, wait to be told to exit."""
    import django
    import numpy as np

    django.setup()
    from knowledge import names as naming
    from knowledge import snapshot
    from knowledge.text import tokenize

    payload = json.loads(names_file.read_text(encoding="utf-8"))
    names = {doc: tuple(n) for doc, n in payload["names"].items()}
    # The tokeniser's dictionary and the romanisation tables cost the same at any index size.
    tokenize("warm up 熱身 热身")
    naming.warm_up()
    naming.NameIndex({"warm-up": naming.Profile.of(["Sai Kung 西貢 Plan"])}).match("西貢 plan")
    before = memory(os.getpid())
    loaded = snapshot.load(folder, GENERATION, Collection([], [], [], None), names)
    rng = np.random.default_rng(0)
    for question in payload["questions"]:
        hits = loaded.lexical.search(question, 40)
        named = [d for d, s in loaded.names.match(question).scores.items() if s >= 0.5][:5]
        vector = rng.standard_normal(loaded.vectors.shape[1]).tolist()
        found = loaded.nearest_in(named or list(loaded.doc_rows)[:3], vector, lambda _: True, 40)
        for cid, _ in hits:
            loaded.chunks[cid].metadata()
        for cid in found:
            loaded.chunks[cid].metadata()
    # Every page, as a long-lived process answering varied questions ends up touching.
    float(np.asarray(loaded.vectors).sum())
    int(np.asarray(loaded.chunks.texts.data).sum())
    for array in (loaded.lexical.retriever.scores["data"], loaded.lexical.retriever.scores["indices"]):
        float(np.asarray(array).sum())
    after = memory(os.getpid())
    print(json.dumps({"before": before, "after": after}), flush=True)
    sys.stdin.read()  # held until every process has been measured


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--processes", default="1,4")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    folder = Path(os.environ["PORTAL_DATA_DIR"]) / "retrieval" / "benchmark"
    names, questions = write(args.chunks, folder)
    names_file = folder.parent / "names.json"
    names_file.write_text(json.dumps({"names": names, "questions": questions}), encoding="utf-8")
    for count in [int(p) for p in args.processes.split(",")]:
        load = os.getloadavg()[0]
        readers = [
            subprocess.Popen(
                [sys.executable, __file__, "--child", str(folder), str(names_file)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for _ in range(count)
        ]
        reports = [json.loads(r.stdout.readline()) for r in readers if r.stdout]
        # Measured again with every reader alive: PSS divides the shared pages among them.
        now = [(memory(r.pid), mapped(r.pid, folder)) for r in readers]
        for reader in readers:
            reader.communicate("")
        for i, (report, (current, files)) in enumerate(zip(reports, now, strict=True)):
            print(
                f"{count} process(es), #{i + 1}: RSS {current['rss']} MB, PSS {current['pss']} MB, private "
                f"{current['private']} MB (before loading, tokeniser and name tables warm: RSS {report['before']['rss']} MB, private "
                f"{report['before']['private']} MB); the snapshot's mapped files: RSS {files['rss']} MB, "
                f"PSS {files['pss']} MB  [load average {load:.1f}]",
                flush=True,
            )


if __name__ == "__main__":
    main()
