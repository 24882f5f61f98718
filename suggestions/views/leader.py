"""The committee leader's page: the key suggestions they lead, with progress."""

from django.shortcuts import render

from suggestions import permissions as perms
from suggestions import selectors
from suggestions.views.common import paginate, require, workspace_view


@workspace_view
def leader_home(request):
    require(perms.can_view_leader_home(request.user))
    page = paginate(request, selectors.leader_supervisions(request.user))
    return render(request, "suggestions/leader/home.html", {"page": page})
