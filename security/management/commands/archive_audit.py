"""Export audit rows older than the retention period to a JSON-lines file and record the archive.

Rows are never deleted by the application (and PostgreSQL refuses it): the archive is the copy kept
offline. A row is archived once; each run continues after the last archived row.
"""

import datetime as dt
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from security import audit
from security.models import AuditArchive, AuditEntry


class Command(BaseCommand):
    help = "Export audit rows older than AUDIT_RETENTION_DAYS to a file (rows are kept)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=settings.AUDIT_ARCHIVE_DIR)

    def handle(self, *args, dir, **options):
        before = timezone.now() - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)
        after = AuditArchive.objects.order_by("-last_id").values_list("last_id", flat=True).first()
        rows = AuditEntry.objects.filter(created_at__lt=before, id__gt=after or 0).order_by("id")
        rows = list(rows)
        if not rows:
            self.stdout.write("Nothing to archive.")
            return
        folder = Path(dir)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"audit-{rows[0].pk:010d}-{rows[-1].pk:010d}.jsonl"
        digest = hashlib.sha256()
        with path.open("w", encoding="utf-8") as out:
            for row in rows:
                line = json.dumps(_as_dict(row), ensure_ascii=False, sort_keys=True) + "\n"
                out.write(line)
                digest.update(line.encode())
        with transaction.atomic():
            archive = AuditArchive.objects.create(
                path=str(path),
                sha256=digest.hexdigest(),
                first_id=rows[0].pk,
                last_id=rows[-1].pk,
                rows=len(rows),
                before=before,
            )
            audit.record(audit.ARCHIVE, obj=archive, rows=len(rows), sha256=archive.sha256)
        self.stdout.write(f"Archived {len(rows)} rows to {path}.")


def _as_dict(row: AuditEntry) -> dict:
    return {
        "id": row.pk,
        "created_at": row.created_at.isoformat(),
        "actor": row.actor_id,
        "username": row.username,
        "ip": row.ip,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "object_repr": row.object_repr,
        "outcome": row.outcome,
        "detail": row.detail,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }
