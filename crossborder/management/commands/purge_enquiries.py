from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from crossborder.services import purge_older_than


class Command(BaseCommand):
    help = "Delete enquiries (and their leads, consents, attempts) older than the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=settings.ENQUIRY_RETENTION_DAYS)

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"purged {purge_older_than(options['days'])} enquiry(ies)")
