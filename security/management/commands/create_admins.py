"""Create the three separate administrators (三员分立) with one-time initial passwords.

Run once on the server by the person responsible for the installation; no shared superuser is
created. Each administrator must change the password at first login and, when OTP_REQUIRED,
enrol an authenticator app.
"""

import secrets
import string

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from security import audit, roles
from security.policy import flag_initial_password
from suggestions.models import User

ALPHABET = string.ascii_letters + string.digits + "-_.!"


def initial_password() -> str:
    while True:
        candidate = "".join(secrets.choice(ALPHABET) for _ in range(16))
        kinds = [
            any(c.islower() for c in candidate),
            any(c.isupper() for c in candidate),
            any(c.isdigit() for c in candidate),
        ]
        if all(kinds):
            return candidate


class Command(BaseCommand):
    help = "Create the system, security and audit administrators (three different people)."

    def add_arguments(self, parser):
        parser.add_argument("--sysadmin", required=True, help="user name of the system admin")
        parser.add_argument("--secadmin", required=True, help="user name of the security admin")
        parser.add_argument("--auditor", required=True, help="user name of the audit admin")

    @transaction.atomic
    def handle(self, *args, **options):
        wanted = {role: options[role] for role in roles.ADMIN_ROLES}
        if len(set(wanted.values())) != 3:
            raise CommandError("The three administrators must be three different accounts.")
        taken = User.objects.filter(username__in=wanted.values()).values_list("username", flat=True)
        if taken:
            raise CommandError(f"User names already exist: {', '.join(taken)}")
        for role, username in wanted.items():
            password = initial_password()
            user = User.objects.create_user(
                username=username,
                password=password,
                role=role,
                is_staff=True,
                is_superuser=False,
                full_name=username,
            )
            user.set_password(password)  # through the validators' hooks: starts the history
            user.save()
            flag_initial_password(user)
            audit.record(audit.ADMIN_CHANGE, obj=user, username="manage.py", created_role=role)
            self.stdout.write(f"{role}\t{username}\t{password}")
        self.stdout.write("Hand each password to its holder; it must be changed at first login.")
