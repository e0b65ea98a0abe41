from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from crossborder import delivery, services, tasks


class Command(BaseCommand):
    help = "Resume stalled webhook deliveries and reassign unacknowledged leads; --schedule starts the periodic task."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule", action="store_true", help="only make sure a periodic sweep is queued"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            tasks.schedule_sweep()
            return
        resumed = delivery.resume_stalled()
        reassigned = services.reassign_overdue()
        self.stdout.write(f"resumed {resumed} delivery(ies), reassigned {len(reassigned)} lead(s)")
