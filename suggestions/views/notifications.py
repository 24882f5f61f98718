"""In-app notifications: the list (texts rendered in the reader's language) and marking read."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from suggestions import notify
from suggestions.notify import notification_text, targets_of
from suggestions.pagination import capped_count
from suggestions.views.common import paginate, workspace_view


@workspace_view
def notification_list(request):
    notices = request.user.notifications.all().order_by("-timestamp", "-id")
    count, capped = capped_count(notices, notify.LISTED)
    page = paginate(request, notices, count=count)
    targets = targets_of(request.user, list(page))
    for item in page:
        item.text = notification_text(item)
        item.opens = targets[item.pk]
    context = {"page": page, "capped": capped, "listed": notify.LISTED}
    return render(request, "suggestions/notifications.html", context)


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
    notify.mark_all_read(request.user)
    return redirect("notifications")
