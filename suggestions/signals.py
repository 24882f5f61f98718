"""Signals the domain sends; the workflow layer listens (it may import us, never the reverse)."""

from django.dispatch import Signal

# Sent inside the transaction right after a suggestion is created (kwargs: suggestion).
suggestion_created = Signal()
# Sent inside the transaction after a suggestion's status was saved (kwargs: suggestion, from_status).
suggestion_status_changed = Signal()
