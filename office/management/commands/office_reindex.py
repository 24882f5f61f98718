"""Rebuild the search index of every suggestion (after an import of old data or a restore)."""

from django.core.management.base import BaseCommand

from office.search.index import reindex_all


class Command(BaseCommand):
    help = "Rebuild the Chinese search index of all suggestions."

    def handle(self, *args, **options):
        self.stdout.write(f"{reindex_all()} suggestions (re)indexed.")
