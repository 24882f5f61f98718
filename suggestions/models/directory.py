"""The directory: sessions, categories, street committees / delegations, handling units, deputies."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from security.fields import EncryptedTextField
from suggestions.models.choices import ChoiceLabelsMixin


class Session(models.Model):
    """A congress session (届次/会次); suggestions are numbered per session."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    is_current = models.BooleanField(_("current"), default=False)
    # Next suggestion number; allocated under a row lock at submission.
    next_number = models.PositiveIntegerField(default=1, editable=False)
    # Overrides of settings.SUGGESTION_DEADLINES for this session, e.g. {"reply": {"amount": 2,
    # "unit": "months"}}.
    deadlines = models.JSONField(_("deadline overrides"), default=dict, blank=True)

    class Meta:
        ordering = ["-year", "-start_date"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return self.name

    def deadline(self, key: str) -> dict:
        """The deadline rule for `key`: this session's override, else the setting's default."""
        rule = dict(settings.SUGGESTION_DEADLINES[key])
        rule.update(self.deadlines.get(key, {}))
        return rule


class Category(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name


class DeputyGroup(ChoiceLabelsMixin, models.Model):
    """A street working committee (街道工委) or delegation / deputy group (代表小组)."""

    class Kind(models.TextChoices):
        STREET = "street", _("street working committee")
        DELEGATION = "delegation", _("delegation")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.STREET)

    class Meta:
        ordering = ["name"]
        verbose_name = _("deputy group")
        verbose_name_plural = _("deputy groups")

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A handling unit (承办单位)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    # The person responsible for handling (承办责任人), shown on published replies.
    responsible_person = models.CharField(_("responsible person"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Two-tier assignment: a dispatcher (政府办/督查室) forwards its assignments to its departments.
    is_dispatcher = models.BooleanField(_("dispatcher"), default=False)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="departments",
        verbose_name=_("dispatcher"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("handling unit")
        verbose_name_plural = _("handling units")

    def __str__(self) -> str:
        return self.name


class Deputy(models.Model):
    """An elected deputy (代表). A deputy may or may not have a user account."""

    name = models.CharField(_("name"), max_length=50)
    group = models.ForeignKey(
        DeputyGroup,
        on_delete=models.PROTECT,
        related_name="deputies",
        verbose_name=_("group"),
        null=True,
        blank=True,
    )
    # Full pinyin and initials, so that 张三 is found by "zhangsan" or "zs".
    pinyin = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    initials = models.CharField(max_length=50, blank=True, db_index=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    # Personal data, encrypted at rest and shown masked to roles that do not need it
    # (security.masking).
    phone = EncryptedTextField(_("phone"), blank=True, default="")
    id_number = EncryptedTextField(_("ID number"), blank=True, default="")
    address = EncryptedTextField(_("address"), blank=True, default="")

    class Meta:
        ordering = ["pinyin", "name"]
        verbose_name = _("deputy")
        verbose_name_plural = _("deputies")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        from pypinyin import Style, lazy_pinyin

        self.pinyin = "".join(lazy_pinyin(self.name)).lower()
        self.initials = "".join(lazy_pinyin(self.name, style=Style.FIRST_LETTER)).lower()
        super().save(*args, **kwargs)
