"""Print the demo logins after `make run` has seeded the demo district."""

from django.core.management.base import BaseCommand

from suggestions.management.commands.seed_demo import DEMO_PASSWORD
from suggestions.models import User

SHOWN = [
    ("deputy01", "代表 Deputy"),
    ("deputy02", "代表 Deputy (co-signer)"),
    ("staff", "代表工委工作人员 Committee staff"),
    ("leader", "常委会领导 Committee leader"),
    ("jtj", "承办人 Unit handler (区交通运输局)"),
    ("jtj_head", "单位负责人 Unit head (区交通运输局)"),
    ("jyj", "承办人 Unit handler (区教育局)"),
]


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args, **options):
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write("  http://127.0.0.1:8000/")
        names = dict(
            User.objects.filter(username__in=[u for u, _ in SHOWN]).values_list(
                "username", "full_name"
            )
        )
        for username, role in SHOWN:
            if username in names:
                self.stdout.write(f"  {username:<10} {role:<40} {names[username]}")
        self.stdout.write(
            "  Other deputies: deputy03 … deputy48; other units: <code> and <code>_head "
            "(e.g. jyj, wjw, zjj)\n"
        )
