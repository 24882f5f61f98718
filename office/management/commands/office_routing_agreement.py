"""Report how often routing help agrees with the units staff chose (leave-one-out)."""

from django.core.management.base import BaseCommand

from office.routing_eval import routing_agreement
from office.search.index import reindex_all
from suggestions.models import Role, User


class Command(BaseCommand):
    help = "Measure routing help against the units staff chose (run after seed_demo)."

    def handle(self, *args, **options):
        reindex_all()
        staff = User.objects.filter(role=Role.STAFF, is_active=True).first()
        if staff is None:
            self.stderr.write("No committee staff account: run seed_demo first.")
            return
        self.stdout.write("all others: " + routing_agreement(staff).as_text())
        self.stdout.write(
            "copies of the same text left out: "
            + routing_agreement(staff, exclude_same_content=True).as_text()
        )
