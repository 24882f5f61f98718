"""Home: send each user to their role's workspace."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from suggestions import permissions as perms


@login_required
def home(request):
    user = request.user
    if perms.is_staff(user):
        return redirect("staff_dashboard")
    if perms.is_leader(user):
        return redirect("leader_home")
    if perms.deputy_id(user) is not None:
        return redirect("deputy_home")
    if perms.unit_id(user) is not None:
        return redirect("unit_inbox")
    return render(request, "suggestions/no_workspace.html")
