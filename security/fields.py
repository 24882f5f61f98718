"""A text field stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256) with keys from the environment.

FIELD_ENCRYPTION_KEY holds one or more comma-separated keys, newest first: values are written with
the first and read with any, so keys can be rotated. Without a key (production) saving fails loudly.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models

PREFIX = "fernet:"


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY is not set.")
    return MultiFernet([Fernet(k.encode()) for k in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # a value written before encryption was switched on
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured("Cannot decrypt a personal-data field: wrong key.") from exc


class EncryptedTextField(models.TextField):
    """Holds a short personal value (phone, ID number, address) encrypted at rest.

    Ciphertexts are random, so the field cannot be filtered or indexed; look people up by name.
    """

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def to_python(self, value):
        if value is None or not isinstance(value, str):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)
