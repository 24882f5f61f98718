"""Personal data shown masked to everyone who does not need it (PIPL: minimum necessary).

Committee staff (who contact deputies) and the deputy themself see the full values; everyone else
sees e.g. 138****5678. Templates: `{% load security %}{% personal deputy "phone" %}`;
serializers: `personal_data(user, deputy)`.
"""

from __future__ import annotations

PERSONAL_FIELDS = ("phone", "id_number", "address")


def can_see_personal_data(user, deputy) -> bool:
    from suggestions import permissions as perms

    if perms.is_staff(user):
        return True
    return perms.deputy_id(user) is not None and perms.deputy_id(user) == deputy.pk


def mask_phone(value: str) -> str:
    value = value or ""
    if len(value) <= 4:
        return "*" * len(value)
    keep_head = 3 if len(value) >= 11 else 0
    return value[:keep_head] + "*" * (len(value) - keep_head - 4) + value[-4:]


def mask_id_number(value: str) -> str:
    value = value or ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_address(value: str) -> str:
    """Keep the district-level start (first 6 characters); hide the street and number."""
    value = value or ""
    if not value:
        return ""
    return value[:6] + "****"


MASKS = {"phone": mask_phone, "id_number": mask_id_number, "address": mask_address}


def masked(user, deputy, field: str) -> str:
    value = getattr(deputy, field) or ""
    return value if can_see_personal_data(user, deputy) else MASKS[field](value)


def personal_data(user, deputy) -> dict[str, str]:
    """The personal fields of `deputy` as `user` may see them (for API serializers)."""
    full = can_see_personal_data(user, deputy)
    return {
        f: (getattr(deputy, f) or "") if full else MASKS[f](getattr(deputy, f) or "")
        for f in PERSONAL_FIELDS
    }
