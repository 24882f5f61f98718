"""Run the periodic jobs (reminders, escalations, digests, outbox sweep) without Celery beat.

`make run` starts `run_periodic --loop` next to the development server; `--once` runs one pass.
"""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from delivery import periodic


class Command(BaseCommand):
    help = "Run reminders, escalations, unit digests and the outbox sweep (once, or every minute)."

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--once", action="store_true", help="one pass, then exit (default)")
        mode.add_argument("--loop", action="store_true", help="a pass every --interval seconds")
        parser.add_argument("--interval", type=float, default=60.0)

    def handle(self, *args, once, loop, interval, **options):
        while True:
            results = periodic.run_all()
            if options["verbosity"] > 1 or (options["verbosity"] and not loop):
                self.stdout.write(" · ".join(f"{k}: {v}" for k, v in results.items()))
            if not loop:
                return
            close_old_connections()
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                return
