"""Security records: the audit log and its archives, password history and per-account flags."""

from .accounts import AccountSecurity, PasswordHistory
from .audit import AuditArchive, AuditEntry

__all__ = ["AccountSecurity", "AuditArchive", "AuditEntry", "PasswordHistory"]
