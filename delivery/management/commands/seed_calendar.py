"""Seed the working-day calendar with every year chinese-calendar knows (idempotent)."""

from django.core.management.base import BaseCommand

from suggestions.workdays import known_years, package_years, seed_from_package


class Command(BaseCommand):
    help = "Load official holidays and make-up working days; years already present are kept."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="only these years")

    def handle(self, *args, years, **options):
        unknown = sorted(set(years) - set(package_years()))
        if unknown:
            self.stderr.write(
                f"chinese-calendar does not know {unknown}: add them in the admin "
                "(Calendar years / Calendar days) once the State Council publishes them."
            )
        added = seed_from_package(years or None)
        self.stdout.write(f"Added years: {added or 'none'}; calendar has {sorted(known_years())}.")
