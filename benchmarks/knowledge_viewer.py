"""Document viewer render time: the longest demo document's page, cold and from the structure cache.

    .venv/bin/python benchmarks/knowledge_viewer.py [--repeat 30]

What is measured: wall-clock time of a full GET of `/en/documents/<doc_id>/` through Django's
test client (URL routing, middleware, the database reads, the structure, the template and the
portal's layout), for the demo document with the most units, and the same page opened at a
quote (`?q=`, following the redirect to the unit's anchor, with the unit highlighted). "cold"
is the first request after the structure cache is cleared (as in a process that has not shown
the version yet: the structure stored at ingest is read from the database, the file is not);
"warm" requests find the structure of this version in the cache. p50/p95/max over --repeat.
Also the cold and warm times of every demo document, the slowest of each printed.

Runs in a throw-away data dir with SQLite and the local-memory cache; no portal data is
touched, nothing is embedded: each document's blocks are stored as ingest stores them
(`knowledge.units.store_version`), without units, which the viewer does not read. The target
(issue 10) is under 100 ms for the longest document.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["PORTAL_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-viewer-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
for name in ("DATABASE_URL", "REDIS_URL"):
    os.environ.pop(name, None)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from knowledge.ingest import register_document
    from knowledge.loaders import load_blocks
    from knowledge.manifest import read_manifest
    from knowledge.models import PlanDocument
    from knowledge.units import store_version
    from knowledge.viewer import structure_of

    call_command("migrate", verbosity=0)
    call_command("load_demo", skip_index=True, verbosity=0)
    docs = []
    for path, meta in read_manifest(ROOT / "knowledge" / "demo_corpus" / "manifest.json"):
        doc = register_document(path, meta)
        PlanDocument.objects.filter(pk=doc.pk).update(
            status=PlanDocument.Status.READY, checksum=f"{doc.pk:064d}"
        )
        doc = PlanDocument.objects.get(pk=doc.pk)
        store_version(doc, doc.checksum[:16], load_blocks(path), [], "")
        docs.append(doc)
    client = Client()

    def get(url: str, follow: bool = False) -> float:
        started = time.perf_counter()
        response = client.get(url, follow=follow)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        return elapsed

    sizes = {
        d.doc_id: len(structure_of(d).units) + sum(len(u.rows) for u in structure_of(d).units) for d in docs
    }
    get("/en/")  # warm imports, templates and translations
    cold_all, warm_all = {}, {}
    for doc in docs:
        cache.clear()
        cold_all[doc.doc_id] = get(f"/en/documents/{doc.doc_id}/")
        warm_all[doc.doc_id] = get(f"/en/documents/{doc.doc_id}/")
    longest = max(docs, key=lambda d: sizes[d.doc_id])
    url = f"/en/documents/{longest.doc_id}/"
    structure = structure_of(longest)
    quote = next(u.text for u in reversed(structure.units) if u.kind == "paragraph")

    cold, warm, quoted = [], [], []
    for _ in range(args.repeat):
        cache.clear()
        cold.append(get(url))
        warm.append(get(url))
        quoted.append(get(f"{url}?q={quote[:120]}", follow=True))

    print(
        f"Longest demo document: {longest.doc_id} ({longest.file.name.rsplit('.', 1)[-1]}), {sizes[longest.doc_id]} units and rows"
    )
    for name, times in (("cold", cold), ("warm", warm), ("at a quote (redirect + page)", quoted)):
        ordered = sorted(times)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        print(f"  {name:30s} p50 {_ms(statistics.median(times))}  p95 {_ms(p95)}  max {_ms(max(times))}")
    slow_cold = max(cold_all, key=cold_all.__getitem__)
    slow_warm = max(warm_all, key=warm_all.__getitem__)
    print(
        f"All {len(docs)} demo documents: slowest cold {slow_cold} {_ms(cold_all[slow_cold])}, "
        f"slowest warm {slow_warm} {_ms(warm_all[slow_warm])}"
    )
    print("Target: under 100 ms for the longest document.")


if __name__ == "__main__":
    main()
