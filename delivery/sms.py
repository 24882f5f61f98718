"""The SMS channel behind a small pluggable interface; `settings.SMS_BACKEND` names the class.

A provider implementation subclasses `SMSBackend` and raises on failure (the delivery is then
retried). `idempotency_key` is stable per delivery: pass it to providers that de-duplicate.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("delivery.sms")


class SMSBackend:
    def send(self, *, phone: str, text: str, idempotency_key: str) -> None:
        raise NotImplementedError


class LoggingSMSBackend(SMSBackend):
    """The default: writes the message to the log instead of a provider."""

    def send(self, *, phone: str, text: str, idempotency_key: str) -> None:
        logger.info("SMS to %s [%s]: %s", phone, idempotency_key, text)


class OutboxSMSBackend(SMSBackend):
    """Keeps messages in memory, like Django's locmem mail backend (for tests and demos)."""

    outbox: list[dict] = []

    def send(self, *, phone: str, text: str, idempotency_key: str) -> None:
        self.outbox.append({"phone": phone, "text": text, "key": idempotency_key})


def get_backend() -> SMSBackend:
    return import_string(settings.SMS_BACKEND)()
