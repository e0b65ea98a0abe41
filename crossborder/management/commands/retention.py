from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from crossborder.retention import purge_all


class Command(BaseCommand):
    help = (
        "Purge what is past its retention period: enquiries (with conversation and quote files), chat "
        "conversations, audit rows, withdrawal notices, orphan quote files, expired sessions and "
        "finished task results. The scheduler runs this daily; this command runs it now."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for what, count in purge_all().items():
            self.stdout.write(f"{what}: {count}")
