"""`manage.py backup <dir>`: the whole database (dumpdata, every app, natural keys for content
types and permissions) and the uploaded files, with a manifest of row counts and checksums.

One portable format for SQLite and PostgreSQL, so a backup restores on either. Restore with
`manage.py migrate && manage.py restore <dir>` into an empty database.
"""

import hashlib
import json
import shutil
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

DUMP = "db.json.gz"
MEDIA = "media"
MANIFEST = "manifest.json"
# Rebuilt by `migrate`, or worthless in a restore.
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def row_counts() -> dict[str, int]:
    skipped = {"contenttypes", "sessions"}
    return {
        model._meta.label_lower: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in skipped
        and model._meta.label_lower != "auth.permission"
        and not model._meta.proxy
        and model._meta.managed
    }


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new directory."

    def add_arguments(self, parser):
        parser.add_argument("directory")

    def handle(self, *args, directory, **options):
        target = Path(directory)
        if target.exists() and any(target.iterdir()):
            raise CommandError(f"{target} is not empty; choose a new directory.")
        target.mkdir(parents=True, exist_ok=True)
        dump = target / DUMP
        call_command(
            "dumpdata",
            "--natural-foreign",
            *[f"--exclude={e}" for e in EXCLUDED],
            output=str(dump),
            verbosity=0,
        )
        media = Path(settings.MEDIA_ROOT)
        files = 0
        if media.exists():
            shutil.copytree(media, target / MEDIA)
            files = sum(1 for p in (target / MEDIA).rglob("*") if p.is_file())
        manifest = {
            "created_at": timezone.now().isoformat(),
            "database": DUMP,
            "sha256": sha256(dump),
            "rows": row_counts(),
            "files": files,
        }
        (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
        self.stdout.write(f"Backed up {sum(manifest['rows'].values())} rows and {files} files.")
