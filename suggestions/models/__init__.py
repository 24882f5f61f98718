"""Models of the domain, one module per concept."""

from .calendar import CalendarDay, CalendarYear
from .directory import Category, Deputy, DeputyGroup, Session, Unit
from .events import Event
from .handling import (
    OPEN_ASSIGNMENT_STATUSES,
    Assignment,
    AssignmentRole,
    AssignmentStatus,
    Attachment,
    Contact,
    Promise,
    Reply,
    ResultClass,
    UnitRequest,
)
from .people import UNIT_ROLES, Role, User
from .rating import Grade, Rating
from .suggestion import (
    ACTIVE_HANDLING_STATUSES,
    ASSIGNED_STATUSES,
    TERMINAL_STATUSES,
    AssignmentMode,
    Consent,
    CoSigner,
    Status,
    Suggestion,
)
from .supervision import KeySupervision

__all__ = [
    "ACTIVE_HANDLING_STATUSES",
    "ASSIGNED_STATUSES",
    "OPEN_ASSIGNMENT_STATUSES",
    "TERMINAL_STATUSES",
    "UNIT_ROLES",
    "Assignment",
    "AssignmentMode",
    "AssignmentRole",
    "AssignmentStatus",
    "Attachment",
    "CalendarDay",
    "CalendarYear",
    "Category",
    "Consent",
    "CoSigner",
    "Contact",
    "Deputy",
    "DeputyGroup",
    "Event",
    "Grade",
    "KeySupervision",
    "Promise",
    "Rating",
    "Reply",
    "ResultClass",
    "Role",
    "Session",
    "Status",
    "Suggestion",
    "Unit",
    "UnitRequest",
    "User",
]
