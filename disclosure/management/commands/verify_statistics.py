"""Recompute every figure from the event log alone and report any difference from the pages."""

from django.core.management.base import BaseCommand, CommandError

from disclosure import cache, verify
from suggestions.models import Session


class Command(BaseCommand):
    help = "Recompute the statistics from the event log and compare them with what pages show."

    def add_arguments(self, parser):
        parser.add_argument("--session", type=int, help="session id (default: every session)")

    def handle(self, *args, session=None, **options):
        sessions = Session.objects.all()
        if session is not None:
            sessions = sessions.filter(pk=session)
            if not sessions.exists():
                raise CommandError(f"No session with id {session}.")
        problems: list[str] = []
        for s in sessions:
            for round_ in ("latest", "first"):
                shown = cache.session_stats(s, round_)
                fresh = cache.session_stats(s, round_, use_cache=False)
                problems += verify.differences(s, round_, shown)
                if fresh != shown:
                    problems += verify.differences(s, round_, fresh)
                self.stdout.write(f"{s.name} · {round_}: {fresh['assigned']} suggestions checked")
        for line in dict.fromkeys(problems):
            self.stdout.write(self.style.ERROR(line))
        if problems:
            raise CommandError(f"{len(set(problems))} difference(s) between pages and event log.")
        self.stdout.write(self.style.SUCCESS("Every figure matches the event log."))
