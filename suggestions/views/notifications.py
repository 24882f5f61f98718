"""In-app notifications: the list (texts rendered in the reader's language) and marking read."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from suggestions.notify import notification_text, targets_of
from suggestions.views.common import paginate, workspace_view


@workspace_view
def notification_list(request):
    page = paginate(request, request.user.notifications.all().order_by("-timestamp", "-id"))
    targets = targets_of(request.user, list(page))
    for item in page:
        item.text = notification_text(item)
        item.opens = targets[item.pk]
    return render(request, "suggestions/notifications.html", {"page": page})


@require_POST
@workspace_view
def notification_read(request, pk: int):
    item = request.user.notifications.filter(pk=pk).first()
    if item is None:
        raise Http404()
    item.mark_as_read()
    target = targets_of(request.user, [item])[item.pk]
    if request.POST.get("open") and target:
        return redirect(target.url)
    return redirect("notifications")


@require_POST
@workspace_view
def notification_read_all(request):
    request.user.notifications.mark_all_as_read()
    return redirect("notifications")
