"""Template context every page needs: the user's role flags and unread-notification count."""

from suggestions import permissions as perms


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_is_staff": perms.is_staff(user),
        "nav_is_leader": perms.is_leader(user),
        "nav_is_deputy": perms.deputy_id(user) is not None,
        "nav_is_unit": perms.unit_id(user) is not None,
        "nav_unread": user.notifications.unread().count(),
    }
