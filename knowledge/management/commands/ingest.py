from __future__ import annotations

from argparse import RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser, DjangoHelpFormatter

from knowledge.ingest import DocumentMeta, Tally, ingest_documents, register_document
from knowledge.loaders import SUPPORTED_SUFFIXES, DocumentError
from knowledge.manifest import read_manifest
from knowledge.models import PlanDocument
from knowledge.vectorstore import (
    EmbeddedStoreBusy,
    EmbedderMismatch,
    StoreUnreachable,
    get_client,
    get_store,
    store_url,
)
from portal.models import ProductLine

MANIFEST_HELP = f"""\
A manifest is a JSON list with one object per document. Keys (only "file" is required;
a blank key is inferred from the file, or the document stays outside the catalogue):
  file            path of the document, relative to the manifest
  doc_id          stable id, used in citation links (default: from the file name)
  insurer         the insurer's English name; an insurer new to the catalogue is added
                  for staff review, taking no leads
  product         the catalogue product's slug; a new slug creates the product
  product_line    one of {", ".join(ProductLine.values)} (needed for a new product)
  language        en, zh-Hant or zh-Hans (default: detected)
  title           the document's title (default: its first heading)
  effective_date  YYYY-MM-DD, the edition's date
Example:
  [{{"file": "docs/harbourcare.pdf", "doc_id": "harbourcare-2026",
    "insurer": "Harbour Mutual Insurance Limited", "product": "harbourcare",
    "product_line": "gba_medical", "language": "en",
    "title": "HarbourCare GBA Medical Plan", "effective_date": "2026-01-01"}}]

While the portal runs (`manage.py serve`, `make run`) documents go to its Chroma server by
themselves; CHROMA_URL chooses another server."""


class _HelpFormatter(DjangoHelpFormatter, RawDescriptionHelpFormatter):
    """Django's option order, with the manifest description and example kept as written."""


class Command(BaseCommand):
    help = (
        "Ingest plan documents (files or folders) into the knowledge index; "
        "exits non-zero if any file failed, after ingesting the others."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument(
            "--manifest", type=Path, help="JSON list of documents with their metadata (see below)"
        )
        parser.epilog = MANIFEST_HELP
        parser.formatter_class = _HelpFormatter

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = self._jobs(options["paths"], options["manifest"])
        self._open_index()
        tally = Tally(total=len(jobs), progress=self._progress)
        docs: list[PlanDocument] = []
        for path, meta in jobs:
            if meta is None:
                tally.fail(path.name, DocumentError("not found"))
                continue
            try:
                docs.append(register_document(path, meta))
            except DocumentError as exc:
                tally.fail(path.name, exc)
        ingest_documents(docs, tally.report)
        self.stdout.write(
            f"{tally.documents} documents, {tally.chunks} chunks, {len(tally.failures)} failures"
        )
        if tally.failures:
            raise CommandError("some files failed:\n" + "\n".join(tally.failures))

    def _open_index(self) -> None:
        """Open the live index before any file, saying which; one line, not a traceback per file,
        when it cannot be opened."""
        try:
            url = store_url()
            get_client()
            get_store()
        except (EmbeddedStoreBusy, StoreUnreachable, EmbedderMismatch) as exc:
            raise CommandError(f"cannot open the index: {exc}") from None
        if url and url != settings.CHROMA_URL:
            self.stdout.write(f"The portal is running: indexing through its Chroma server at {url}")

    def _jobs(self, paths: list[Path], manifest: Path | None) -> list[tuple[Path, DocumentMeta | None]]:
        jobs: list[tuple[Path, DocumentMeta | None]] = []
        if manifest:
            try:
                jobs.extend(read_manifest(manifest))
            except DocumentError as exc:
                raise CommandError(str(exc)) from None
        listed = {path for path, _ in jobs}
        for path in paths:
            if not path.exists():
                jobs.append((path, None))
                continue
            files = (
                sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)
                if path.is_dir()
                else [path]
            )
            jobs.extend((f.resolve(), DocumentMeta()) for f in files if f.resolve() not in listed)
        if not jobs:
            raise CommandError("nothing to ingest: give files, folders or --manifest")
        return jobs

    def _progress(self, number: int, total: int, name: str, outcome: str) -> None:
        stream = self.stderr if outcome.startswith("FAILED") else self.stdout
        stream.write(f"[{number}/{total}] {name}: {outcome}")
