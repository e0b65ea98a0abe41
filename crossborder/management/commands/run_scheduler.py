from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from crossborder import scheduler
from crossborder.models import ScheduledJob


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (settings.SCHEDULED_JOBS: the delivery sweep, service-level "
        "reassignment, retention) until stopped; `manage.py serve` supervises one. --once runs the "
        "due jobs and exits (cron); --run NAME runs one job now."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run the jobs that are due, then exit")
        parser.add_argument("--run", metavar="NAME", help="run this job now, due or not, then exit")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["run"]:
            self._run_now(options["run"])
        elif options["once"]:
            self.stdout.write(f"ran: {', '.join(scheduler.run_due()) or 'nothing due'}")
        else:
            stop = threading.Event()
            # SIGTERM (serve, docker stop) ends the loop after the current job, not inside it.
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            signal.signal(signal.SIGINT, lambda *_: stop.set())
            self.stdout.write(f"scheduler running: {', '.join(scheduler.jobs())}")
            scheduler.serve(stop)

    def _run_now(self, name: str) -> None:
        jobs = scheduler.jobs()
        if name not in jobs:
            raise CommandError(f"no job {name!r}; the jobs are: {', '.join(jobs)}")
        scheduler.run(name, jobs[name][0])
        job = ScheduledJob.objects.get(name=name)
        if job.last_error:
            raise CommandError(job.last_error)
        self.stdout.write(f"{name}: {job.last_result}")
