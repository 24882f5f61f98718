"""Parsing of query parameters from the public: never an error from the database."""

from __future__ import annotations

import re

ID = re.compile(r"^[0-9]{1,18}$")  # ASCII digits only, within a 64-bit integer


def parse_id(value) -> int | None:
    """A positive database id, or None for anything else (letters, '²', huge numbers)."""
    if isinstance(value, int):
        return value if 0 < value < 2**63 else None
    if isinstance(value, str) and ID.match(value):
        return int(value) or None
    return None


def clean_text(value, limit: int = 100) -> str:
    """Search text without NUL characters (PostgreSQL refuses them)."""
    return (value or "").replace("\x00", "").strip()[:limit]
