"""Check the audit log's hash chain; exit status 1 and the first broken row when it was altered."""

from django.core.management.base import BaseCommand, CommandError

from security.audit import first_broken
from security.models import AuditEntry


class Command(BaseCommand):
    help = "Verify the audit log's hash chain and report the first broken row."

    def handle(self, *args, **options):
        broken = first_broken()
        if broken is not None:
            raise CommandError(
                f"Audit chain broken at row {broken.pk} ({broken.created_at.isoformat()}, "
                f"{broken.action}): its hash or its link to the previous row does not match."
            )
        last = AuditEntry.objects.order_by("-id").first()
        head = f" Last row {last.pk}, hash {last.hash}." if last else ""
        # Keep the printed head hash elsewhere (e.g. a signed log): it also proves no row was
        # cut off the end.
        self.stdout.write(f"Audit chain intact: {AuditEntry.objects.count()} rows.{head}")
