from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from knowledge.ingest import reindex_all


class Command(BaseCommand):
    help = (
        "Rebuild the knowledge index from the stored plan documents with the configured embedder "
        "(run after changing EMBEDDINGS_* settings)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(number: int, total: int, doc_id: str, outcome: str) -> None:
            self.stdout.write(f"[{number}/{total}] {doc_id}: {outcome}")

        tally = reindex_all(progress=progress)
        self.stdout.write(
            f"{tally.documents} documents, {tally.chunks} chunks, {len(tally.failures)} failures"
        )
        if tally.failures:
            raise CommandError("some documents failed:\n" + "\n".join(tally.failures))
