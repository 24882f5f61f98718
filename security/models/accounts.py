"""Per-account security state: whether the password must be changed, and past password hashes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountSecurity(models.Model):
    """Flags set by administrators; absent row = nothing pending."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security"
    )
    # Set when an administrator creates the account or resets its password (initial password).
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        verbose_name = _("account security")
        verbose_name_plural = _("account security")

    def __str__(self) -> str:
        return str(self.user)


class PasswordHistory(models.Model):
    """One row per password a user has had (hash only), newest last: for reuse and expiry."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user_id", "-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]
        verbose_name = _("password history")
        verbose_name_plural = _("password history")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.created_at:%Y-%m-%d}"
