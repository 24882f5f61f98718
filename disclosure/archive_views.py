"""Deputy archive pages: the public list and record, and the internal record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from disclosure import archive
from disclosure.params import parse_id
from disclosure.views import chosen_session
from suggestions import permissions as perms
from suggestions.models import Deputy, Session
from suggestions.views.common import require


def public_deputies(request):
    session = chosen_session(request)
    return render(
        request,
        "disclosure/deputies.html",
        {
            "session": session,
            "sessions": Session.objects.all(),
            "deputies": archive.deputies_with_counts(session).filter(is_active=True),
        },
    )


def _record(request, pk: int) -> dict:
    if parse_id(pk) is None:
        raise Http404
    session = chosen_session(request)
    deputy = get_object_or_404(archive.deputies_with_counts(session), pk=pk)
    return {"session": session, "sessions": Session.objects.all(), "deputy": deputy}


def public_deputy(request, pk: int):
    context = _record(request, pk)
    context["published"] = archive.published_of(context["deputy"], context["session"])
    return render(request, "disclosure/deputy_public.html", context)


@login_required
def internal_deputy(request, pk: int):
    deputy = get_object_or_404(Deputy, pk=parse_id(pk) or 0)
    require(perms.can_view_deputy_archive(request.user, deputy))
    context = _record(request, pk)
    context["internal"] = archive.internal_of(context["deputy"], context["session"])
    return render(request, "disclosure/deputy_internal.html", context)
