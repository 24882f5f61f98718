"""`manage.py bench`: generate N suggestions, then measure transitions, pages and statistics."""

from __future__ import annotations

import platform
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench.report import Report

SECTIONS = ("generate", "transitions", "pages", "statistics")


class Command(BaseCommand):
    help = "Scale benchmark against same-run baselines (PostgreSQL only)."

    def add_arguments(self, parser):
        parser.add_argument("--n", type=int, default=100_000, help="suggestions to generate")
        parser.add_argument("--workers", default="1,4,16", help="concurrent workers, e.g. 1,4,16")
        parser.add_argument("--seconds", type=float, default=15.0, help="per transition run")
        parser.add_argument("--requests", type=int, default=40, help="timed requests per page")
        parser.add_argument("--json", dest="json_path", default="", help="write results here")
        parser.add_argument(
            "--only",
            default=",".join(SECTIONS),
            help="comma-separated sections: " + ",".join(SECTIONS),
        )
        parser.add_argument(
            "--keep", action="store_true", help="reuse the data already generated (no generate)"
        )

    def handle(self, *args, **opts):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
        name = connection.settings_dict["NAME"]
        sections = [s for s in opts["only"].split(",") if s]
        if opts["keep"]:
            sections = [s for s in sections if s != "generate"]
        if "generate" in sections and "bench" not in name:
            raise CommandError(
                f"Refusing to wipe database {name!r}: its name must contain 'bench'."
            )
        report = Report(out=self.stdout.write)
        started = time.time()
        if "generate" in sections:
            self._generate(report, opts["n"])
        if "transitions" in sections:
            from bench import transitions

            workers = [int(w) for w in opts["workers"].split(",") if w]
            transitions.run(report, workers=workers, seconds=opts["seconds"])
        if "pages" in sections:
            from bench import pages

            pages.run(report, requests=opts["requests"])
        if "statistics" in sections:
            from bench import stats_timing

            stats_timing.run(report)
        self.stdout.write("\n" + report.table())
        if opts["json_path"]:
            from suggestions.models import Suggestion

            meta = {
                "n": Suggestion.objects.count(),
                "started": started,
                "seconds": round(time.time() - started, 1),
                "machine": platform.node(),
                "cpus": __import__("os").cpu_count(),
                "postgres": connection.cursor().connection.info.server_version,
                "cache": settings.CACHES["default"]["BACKEND"],
            }
            report.write_json(opts["json_path"], meta)
            self.stdout.write(f"written {opts['json_path']}")

    def _generate(self, report: Report, n: int) -> None:
        from bench.generator import generate

        def progress(done, seconds):
            self.stdout.write(f"  generated {done:,} suggestions in {seconds:.0f} s")

        self.stdout.write(f"Generating {n:,} suggestions…")
        result = generate(n, clear=True, progress=progress if n >= 20_000 else None)
        rows = sum(result.rows.values())
        report.add(
            "generate: wall time", result.seconds, "s", target="<= 300 s at N=100,000",
            note=f"{rows:,} rows", **result.rows,
        )  # fmt: skip
