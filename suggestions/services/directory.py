"""The directory and the accounts: the one writer of each entry (session, category, deputy group,
unit, deputy) and of each user account. The API, the directory import and the admin site call
these; each write appends one audit row, in the same transaction. Nothing is deleted: units,
deputies and accounts are deactivated (`is_active`)."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from security import audit, roles
from security.policy import flag_initial_password
from suggestions import deadlines, page_cache
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, NotPermitted, NotVisible
from suggestions.models import Category, Deputy, DeputyGroup, Role, Session, Unit, User

DIRECTORY_MODELS = (Session, Category, DeputyGroup, Unit, Deputy)
ACCOUNT_FIELDS = ("username", "full_name", "email", "role", "unit", "deputy", "is_active")
UNIT_ROLES = (Role.UNIT_HANDLER, Role.UNIT_HEAD)


def record_admin_change(actor, obj, *, flag: str, fields: list[str], **detail) -> None:
    """The audit row of one administrative write (flag "add", "change" or "delete"), written by
    every service of the directory, the accounts, the calendar and the permission groups."""
    # The names and rights such a change touches are shown in cached page sections.
    page_cache.directory_changed()
    # The same action and object naming as the rows of the admin site's other changes
    # (security.receivers), so the audit administrator reads one kind of row for every path.
    audit.record(
        audit.ADMIN_CHANGE,
        user=actor,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        flag=flag,
        object=str(obj)[:200],
        fields=fields,
        **detail,
    )


def _record(actor, obj, *, created: bool, fields: list[str], **detail) -> None:
    record_admin_change(actor, obj, flag="add" if created else "change", fields=fields, **detail)


def _deactivated(before: dict, obj) -> dict:
    return {"deactivated": True} if before.get("is_active") and not obj.is_active else {}


def save_directory_entry(*, actor, entry: models.Model, values: dict) -> models.Model:
    """Write one directory entry (new when it has no pk) and its audit row; nothing when no
    value changes. Callers check the permission and validate the values first."""
    created = entry.pk is None
    before = {field: getattr(entry, field) for field in values}
    changed = sorted(f for f, v in values.items() if created or before[f] != v)
    if not changed:
        return entry
    for field, value in values.items():
        setattr(entry, field, value)
    entry.save()
    _record(actor, entry, created=created, fields=changed, **_deactivated(before, entry))
    return entry


def directory_entry_errors(model: type[models.Model], values: dict, entry=None) -> dict:
    """Business rules of a directory entry's values, {field: [messages]}: what the admin site's
    forms and the API's serializers also show for their own fields, so every path refuses alike.
    `entry`, when changing one, supplies the values not being changed."""
    errors: dict = {}
    if model is Session:
        if "deadlines" in values:
            # A malformed override would break every due date of the session.
            problems = deadlines.override_errors(values["deadlines"])
            if problems:
                errors["deadlines"] = problems
        start = values.get("start_date", getattr(entry, "start_date", None))
        end = values.get("end_date", getattr(entry, "end_date", None))
        if start and end and end < start:
            errors["end_date"] = [_("The end date cannot be before the start date.")]
        if start and not 1949 <= start.year <= 2200:
            errors["start_date"] = [_("Enter a date from 1949 to 2200.")]
    return errors


def _check_values(model: type[models.Model], values: dict, entry=None) -> None:
    errors = directory_entry_errors(model, values, entry)
    if errors:
        raise InvalidInput(fields=errors)


def _check_directory_keeper(user) -> None:
    if not perms.can_manage_directory(user):
        raise NotPermitted()


@transaction.atomic
def directory_entry_create(*, user, model: type[models.Model], values: dict) -> models.Model:
    """Staff or the system administrator add a session, category, group, unit or deputy."""
    _check_directory_keeper(user)
    if model not in DIRECTORY_MODELS:
        raise NotVisible()
    _check_values(model, values)
    return save_directory_entry(actor=user, entry=model(), values=values)


@transaction.atomic
def directory_entry_update(*, user, entry: models.Model, values: dict) -> models.Model:
    """Change (or deactivate, `is_active=False`) a directory entry."""
    _check_directory_keeper(user)
    model = type(entry)
    if model not in DIRECTORY_MODELS:
        raise NotVisible()
    entry = model.objects.select_for_update().filter(pk=entry.pk).first()
    if entry is None:
        raise NotVisible()
    _check_values(model, values, entry)
    return save_directory_entry(actor=user, entry=entry, values=values)


# --- accounts ----------------------------------------------------------------------------------
def save_account(*, actor, account: User, values: dict, password: str | None = None) -> User:
    """Write one account (new when it has no pk) and its audit row.

    A password set here was chosen by someone other than its holder: it goes into the password
    history (the validators' hook on save) and must be replaced at the next login. A new account
    without a password gets an unusable one. Callers check the permission and the values.
    """
    created = account.pk is None
    before = {field: getattr(account, field) for field in values}
    changed = sorted(f for f, v in values.items() if created or before[f] != v)
    for field, value in values.items():
        setattr(account, field, value)
    if password:
        account.set_password(password)
    elif created:
        account.set_unusable_password()
    if not changed and not password:
        return account
    account.save()
    if password:
        flag_initial_password(account)
    detail = _deactivated(before, account)
    if password:
        detail["password_set"] = True
    _record(actor, account, created=created, fields=changed, **detail)
    return account


def _account_values(account: User, changes: dict) -> dict:
    """The account's values after `changes`, with the unit and deputy links that fit its role."""
    values = {f: changes.get(f, getattr(account, f)) for f in ACCOUNT_FIELDS}
    # A role change drops links that no longer fit it.
    if values["role"] not in UNIT_ROLES:
        values["unit"] = None
    if values["role"] != Role.DEPUTY:
        values["deputy"] = None
    return values


def _misfit_links(changes: dict, values: dict) -> dict:
    """A unit or deputy link given for a role it does not fit: refused, not dropped unseen (a
    role change alone still drops the links of the old role)."""
    errors: dict = {}
    if changes.get("unit") is not None and values["role"] not in UNIT_ROLES:
        errors["unit"] = [_("Only a unit handler's or unit head's account is linked to a unit.")]
    if changes.get("deputy") is not None and values["role"] != Role.DEPUTY:
        errors["deputy"] = [_("Only a deputy's account is linked to a deputy.")]
    return errors


def _account_errors(account: User, values: dict, password: str | None, *, role_given: bool) -> dict:
    errors: dict = {}
    # Only business roles are given here; an administrator's role is left as it is.
    if role_given and values["role"] not in roles.ASSIGNABLE_ROLES:
        errors["role"] = [
            _("Choose deputy, unit handler, unit head, committee staff or committee leader.")
        ]
    if values["role"] in UNIT_ROLES and values["unit"] is None:
        errors["unit"] = [_("A unit account needs its unit.")]
    if values["role"] == Role.DEPUTY and values["deputy"] is None:
        errors["deputy"] = [_("A deputy account needs its deputy.")]
    deputy = values["deputy"]
    if deputy is not None and User.objects.filter(deputy=deputy).exclude(pk=account.pk).exists():
        errors["deputy"] = [_("This deputy already has an account.")]
    if account.pk is None and not password:
        errors["password"] = [_("Please set a password.")]
    if password:
        candidate = account if account.pk else User(**{f: values[f] for f in ACCOUNT_FIELDS})
        try:
            validate_password(password, candidate)
        except ValidationError as exc:
            errors["password"] = list(exc.messages)
    return errors


def _check_account_keeper(user) -> None:
    if not perms.can_manage_accounts(user):
        raise NotPermitted()


@transaction.atomic
def account_create(*, user, password: str | None = None, **values) -> User:
    """The system administrator (or a superuser) creates an account of a business role with an
    initial password, checked by the password rules."""
    _check_account_keeper(user)
    unknown = set(values) - set(ACCOUNT_FIELDS)
    if unknown:
        raise TypeError(f"unknown account fields: {sorted(unknown)}")
    account = User()
    full = _account_values(account, values)
    errors = _account_errors(account, full, password, role_given=True)
    errors.update(_misfit_links(values, full))
    if errors:
        raise InvalidInput(fields=errors)
    return save_account(actor=user, account=account, values=full, password=password)


def _locked_account(user, account, changes: dict, fields: tuple) -> User:
    """The account to change, locked, if the caller may see it; `changes` only of `fields`."""
    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"unknown account fields: {sorted(unknown)}")
    pk = getattr(account, "pk", account)
    account = perms.visible_accounts(user).select_for_update().filter(pk=pk).first()
    if account is None:
        raise NotVisible()
    return account


@transaction.atomic
def account_update(*, user, account, password: str | None = None, **changes) -> User:
    """Change an account: its fields, its role (links that no longer fit are dropped), a new
    initial password, or `is_active=False` to deactivate it. Superusers' and administrators'
    accounts are left to a superuser (administrators are made by `create_admins`)."""
    _check_account_keeper(user)
    account = _locked_account(user, account, changes, ACCOUNT_FIELDS)
    if roles.admin_role(account) and not user.is_superuser:
        raise NotPermitted()
    values = _account_values(account, changes)
    errors = _account_errors(account, values, password, role_given="role" in changes)
    errors.update(_misfit_links(changes, values))
    if errors:
        raise InvalidInput(fields=errors)
    return save_account(actor=user, account=account, values=values, password=password)


# --- access: roles, permission groups, single permissions ------------------------------------
ACCESS_FIELDS = ("role", "groups", "user_permissions", "is_staff", "is_superuser")
# Admin-site access and superuser status are given by a superuser only.
SUPERUSER_FIELDS = ("is_staff", "is_superuser")
_M2M_ACCESS = ("groups", "user_permissions")


@transaction.atomic
def account_access_update(*, user, account, **changes) -> User:
    """The security administrator (or a superuser) gives an account its business role, its
    permission groups and single permissions (三员分立: the account itself is the system
    administrator's, `account_update`). A role change drops links that no longer fit it, as there;
    administrators' and superusers' accounts are left to a superuser."""
    if not perms.can_manage_access(user):
        raise NotPermitted()
    account = _locked_account(user, account, changes, ACCESS_FIELDS)
    if not user.is_superuser and (
        roles.admin_role(account) or set(changes) & set(SUPERUSER_FIELDS)
    ):
        raise NotPermitted()
    values = {f: changes[f] for f in SUPERUSER_FIELDS if f in changes}
    if "role" in changes:
        linked = _account_values(account, {"role": changes["role"]})
        errors = _account_errors(account, linked, None, role_given=True)
        if errors:
            raise InvalidInput(fields=errors)
        values.update((f, linked[f]) for f in ("role", "unit", "deputy"))
    changed = [f for f, v in values.items() if getattr(account, f) != v]
    for field in _M2M_ACCESS:
        if field in changes and set(getattr(account, field).all()) != set(changes[field]):
            getattr(account, field).set(changes[field])
            changed.append(field)
    if not changed:
        return account
    for field, value in values.items():
        setattr(account, field, value)
    account.save()
    _record(user, account, created=False, fields=sorted(changed))
    return account
