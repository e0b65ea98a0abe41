from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from knowledge.ingest import DocumentMeta, ingest_document, register_document
from knowledge.loaders import SUPPORTED_SUFFIXES, DocumentError
from knowledge.manifest import read_manifest


class Command(BaseCommand):
    help = "Ingest plan documents (files or folders) into the knowledge index."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="*", type=Path)
        parser.add_argument("--manifest", type=Path, help="JSON list of documents with their metadata")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs: list[tuple[Path, DocumentMeta]] = []
        failures: list[str] = []
        if options["manifest"]:
            try:
                jobs.extend(read_manifest(options["manifest"]))
            except DocumentError as exc:
                raise CommandError(str(exc)) from None
        listed = {path for path, _ in jobs}
        for path in options["paths"]:
            if not path.exists():
                failures.append(f"{path}: not found")
                continue
            files = (
                sorted(p for p in path.rglob("*") if p.suffix.lower() in SUPPORTED_SUFFIXES)
                if path.is_dir()
                else [path]
            )
            jobs.extend((f.resolve(), DocumentMeta()) for f in files if f.resolve() not in listed)
        if not jobs and not failures:
            raise CommandError("nothing to ingest: give files, folders or --manifest")
        chunks = documents = 0
        for number, (path, meta) in enumerate(jobs, start=1):
            try:
                doc = register_document(path, meta)
                count = ingest_document(doc)
            except DocumentError as exc:
                failures.append(f"{path.name}: {exc}")
                self.stderr.write(f"[{number}/{len(jobs)}] {path.name}: FAILED: {exc}")
                continue
            documents += 1
            chunks += count
            self.stdout.write(f"[{number}/{len(jobs)}] {path.name}: {count} chunks")
        self.stdout.write(f"{documents} documents, {chunks} chunks, {len(failures)} failures")
        if failures:
            raise CommandError("some files failed:\n" + "\n".join(failures))
