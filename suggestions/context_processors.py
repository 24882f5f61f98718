"""Template context every page needs: the user's role flags, the permissions behind navigation
links, the page the top bar marks as current and the unread-notification count."""

from suggestions import permissions as perms
from suggestions import unread_badge


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_is_staff": perms.is_staff(user),
        "nav_is_leader": perms.is_leader(user),
        "nav_is_deputy": perms.deputy_id(user) is not None,
        "nav_is_unit": perms.unit_id(user) is not None,
        # Links to pages behind a predicate ask that predicate, not the role flags above.
        "nav_can_list_key_items": perms.can_list_key_items(user),
        "nav_can_view_statistics": perms.can_view_statistics(user),
        "nav_can_publish": perms.can_publish(user),
        "nav_can_run_awards": perms.can_run_awards(user),
        # The view shown: its link in the top bar is marked aria-current (a 404 has none).
        "nav_current": getattr(request.resolver_match, "view_name", ""),
        "nav_unread": unread_badge.count(user),
        "nav_unread_cap": unread_badge.CAP,
    }
