"""Text normalisation shared by import (duplicate detection) and search (tokens)."""

import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_title(title: str) -> str:
    """Full-width → half-width, lower case, punctuation and spaces dropped: 《关于…的建议》 and
    “关于…的建议 ” count as the same title."""
    text = unicodedata.normalize("NFKC", title or "").lower()
    return _NOT_WORD.sub("", text)
