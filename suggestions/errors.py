"""Errors a service raises; the web views and the API map each to one HTTP status.

Order of checks in every service: not visible (404) → not possible in this status (409) →
not permitted for this caller (403) → invalid input (400).
"""

from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    status_code = 400
    code = "error"
    default_message = _("The request could not be carried out.")

    def __init__(self, message=None, *, fields: dict | None = None, status: str | None = None):
        self.message = message or self.default_message
        self.fields = fields or {}
        self.current_status = status
        super().__init__(str(self.message))


class NotVisible(ServiceError):
    status_code = 404
    code = "not_found"
    default_message = _("Not found.")


class NotPermitted(ServiceError):
    status_code = 403
    code = "permission_denied"
    default_message = _("You are not permitted to do this.")


class InvalidState(ServiceError):
    status_code = 409
    code = "invalid_state"
    default_message = _("This action is not possible in the current status.")


class Conflict(InvalidState):
    """Someone else changed the object at the same moment; reload and try again."""

    code = "conflict"
    default_message = _(
        "Someone else changed this at the same moment. Please reload and try again."
    )


class InvalidInput(ServiceError):
    status_code = 400
    code = "invalid"
    default_message = _("Please correct the errors below.")
