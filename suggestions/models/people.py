"""User accounts and their roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from suggestions.models.choices import ChoiceLabelsMixin


class Role(models.TextChoices):
    DEPUTY = "deputy", _("deputy")
    UNIT_HANDLER = "unit_handler", _("unit handler")
    UNIT_HEAD = "unit_head", _("unit head")
    STAFF = "staff", _("committee staff")
    LEADER = "leader", _("committee leader")
    SYSADMIN = "sysadmin", _("system administrator")
    SECADMIN = "secadmin", _("security administrator")
    AUDITOR = "auditor", _("audit administrator")


UNIT_ROLES = (Role.UNIT_HANDLER, Role.UNIT_HEAD)


class User(ChoiceLabelsMixin, AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    unit = models.ForeignKey(
        "suggestions.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("unit"),
    )
    deputy = models.OneToOneField(
        "suggestions.Deputy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("deputy"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        indexes = [models.Index(fields=["role", "unit"])]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def is_deputy(self) -> bool:
        return self.role == Role.DEPUTY and self.deputy_id is not None

    @property
    def is_unit_user(self) -> bool:
        return self.role in UNIT_ROLES and self.unit_id is not None

    @property
    def is_committee_staff(self) -> bool:
        return self.role == Role.STAFF

    @property
    def is_leader(self) -> bool:
        return self.role == Role.LEADER
