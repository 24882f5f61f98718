"""Password rules of GB/T 22239 level 3: length, character kinds, no user name, no reuse."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _kinds(password: str) -> int:
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


class CharacterKindsValidator:
    """At least `min_kinds` of: lower case, upper case, digits, other characters."""

    def __init__(self, min_kinds: int = 3):
        self.min_kinds = min_kinds

    def validate(self, password, user=None):
        if _kinds(password) < self.min_kinds:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _(
            "Your password must mix at least %(n)s of: lower-case letters, upper-case letters, "
            "digits and other characters."
        ) % {"n": self.min_kinds}


class NoUsernameValidator:
    """The password must not contain the user name (in any letter case)."""

    def validate(self, password, user=None):
        username = (getattr(user, "username", "") or "").lower()
        if username and len(username) >= 3 and username in password.lower():
            raise ValidationError(
                _("Your password must not contain your user name."), code="password_has_username"
            )

    def get_help_text(self):
        return _("Your password must not contain your user name.")


class PasswordHistoryValidator:
    """None of the last `keep` passwords may be used again; each new one is remembered."""

    def __init__(self, keep: int | None = None):
        self.keep = keep or settings.PASSWORD_HISTORY_COUNT

    def _recent(self, user):
        from security.models import PasswordHistory

        if user is None or user.pk is None:
            return []
        return PasswordHistory.objects.filter(user=user).values_list("password", flat=True)[
            : self.keep
        ]

    def validate(self, password, user=None):
        if any(check_password(password, encoded) for encoded in self._recent(user)):
            raise ValidationError(
                ngettext(
                    "You cannot reuse your last password.",
                    "You cannot reuse any of your last %(n)s passwords.",
                    self.keep,
                )
                % {"n": self.keep},
                code="password_reused",
            )

    def password_changed(self, password, user=None):
        from security.models import PasswordHistory

        if user is not None and user.pk is not None and user.password:
            PasswordHistory.objects.create(user=user, password=user.password)

    def get_help_text(self):
        return _("You cannot reuse any of your last %(n)s passwords.") % {"n": self.keep}
