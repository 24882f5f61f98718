"""Django admin for the directory, the accounts and the calendar. Business state is read-only here:
every change of a suggestion goes through the services (the workspaces, the API). The directory,
the accounts and the calendar are written through their services too, so the admin site refuses,
records and deactivates exactly as the API does. Importing the modules registers their pages."""

from suggestions.admin.accounts import AccountPasswordForm, UserAdmin
from suggestions.admin.base import RulesForm, ServiceWritesAdmin, adopt_saved, refusals_as_http
from suggestions.admin.calendar import CalendarDayAdmin, CalendarYearAdmin
from suggestions.admin.directory import DirectoryAdmin, SessionForm
from suggestions.admin.records import ReadOnlyAdmin

__all__ = [
    "AccountPasswordForm",
    "CalendarDayAdmin",
    "CalendarYearAdmin",
    "DirectoryAdmin",
    "ReadOnlyAdmin",
    "RulesForm",
    "ServiceWritesAdmin",
    "SessionForm",
    "UserAdmin",
    "adopt_saved",
    "refusals_as_http",
]
