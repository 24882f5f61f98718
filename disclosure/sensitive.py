"""The automatic check that blocks publishing personal details: phone numbers, ID numbers,
e-mail addresses and street addresses. Staff redact what it finds before publishing."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

# Each pattern: (kind, human label, regex). Digits are matched only when not part of a longer
# number, so amounts like 2026年 or 12000元 are not flagged.
PATTERNS = [
    ("id_number", _("ID number"), re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")),
    (
        "mobile",
        _("mobile phone number"),
        re.compile(r"(?<!\d)(?:\+?86[-\s]?)?1[3-9]\d(?:[-\s]?\d{4}){2}(?!\d)"),
    ),
    (
        "landline",
        _("landline phone number"),
        re.compile(r"(?<!\d)(?:\(?0\d{2,3}\)?[-\s]?)\d{7,8}(?!\d)|(?<!\d)\d{3,4}-\d{7,8}(?!\d)"),
    ),
    ("email", _("e-mail address"), re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    (
        "address",
        _("street address"),
        re.compile(
            r"[\u4e00-\u9fa5A-Za-z0-9]{1,12}(?:路|街|巷|道|弄|胡同|大道)"
            r"[0-9０-９一二三四五六七八九十百零〇]+(?:号|弄|栋|幢|号楼)"
        ),
    ),
]

MASK = "■"


def find(text: str) -> list[dict]:
    """Every personal detail in `text`: kind, label and the matched text."""
    found = []
    for kind, label, pattern in PATTERNS:
        for match in pattern.finditer(text or ""):
            found.append({"kind": kind, "label": str(label), "text": match.group(0)})
    return found


def redact(text: str) -> str:
    """`text` with every match masked; staff may use it as a starting point for their redaction."""
    for _kind, _label, pattern in PATTERNS:
        text = pattern.sub(lambda m: MASK * len(m.group(0)), text or "")
    return text
