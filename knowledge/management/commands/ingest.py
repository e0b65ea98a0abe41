from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from knowledge.ingest import DocumentMeta, Tally, ingest_documents, register_document
from knowledge.loaders import SUPPORTED_SUFFIXES, DocumentError
from knowledge.manifest import read_manifest
from knowledge.models import PlanDocument


class Command(BaseCommand):
    help = (
        "Ingest plan documents (files or folders) into the knowledge index; "
        "exits non-zero if any file failed, after ingesting the others."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument("--manifest", type=Path, help="JSON list of documents with their metadata")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = self._jobs(options["paths"], options["manifest"])
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
