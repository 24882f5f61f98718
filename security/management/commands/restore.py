"""`manage.py restore <dir>`: load a backup made by `backup` into an empty, migrated database,
put the uploaded files back, then check row counts and the audit chain against the manifest."""

import json
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from security.audit import first_broken
from security.management.commands.backup import DUMP, MANIFEST, MEDIA, row_counts, sha256
from suggestions.models import Suggestion, User


class Command(BaseCommand):
    help = "Restore a backup directory into an empty database (run `migrate` first)."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory, **options):
        source = Path(directory)
        manifest = json.loads((source / MANIFEST).read_text())
        dump = source / DUMP
        if sha256(dump) != manifest["sha256"]:
            raise CommandError("The database dump does not match its checksum: not restoring.")
        if User.objects.exists() or Suggestion.objects.exists():
            raise CommandError("The database is not empty: restore only into a fresh database.")
        with transaction.atomic():
            call_command("loaddata", str(dump), verbosity=0)
            counts = row_counts()
            expected = manifest["rows"]
            wrong = {k: (v, counts.get(k)) for k, v in expected.items() if counts.get(k) != v}
            if wrong:
                raise CommandError(f"Row counts differ after loading (expected, found): {wrong}")
        if (source / MEDIA).exists():
            shutil.copytree(source / MEDIA, Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
        broken = first_broken()
        if broken is not None:
            raise CommandError(f"Restored audit chain is broken at row {broken.pk}.")
        self.stdout.write(
            f"Restored {sum(manifest['rows'].values())} rows and {manifest['files']} files."
        )
