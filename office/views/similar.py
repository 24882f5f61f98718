"""Similar suggestions while drafting (a fragment the draft form fetches as the deputy types) and
while reviewing (with routing help for staff)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from office.similar import review_help, similar
from suggestions import permissions as perms
from suggestions.views.common import require

MAX_TEXT = 2000


@login_required
def similar_fragment(request):
    """GET ?title=…&content=… → the most similar filed suggestions (HTML fragment)."""
    require(perms.can_create_suggestion(request.user))
    title = request.GET.get("title", "")[:200]
    content = request.GET.get("content", "")[:MAX_TEXT]
    matches = similar(request.user, title, content)
    return render(request, "office/_similar.html", {"matches": matches})


@login_required
def review_page(request, pk: int):
    """Staff review: similar suggestions (merge candidates) and units proposed for assignment."""
    suggestion = perms.visible_suggestions(request.user).filter(pk=pk).first()
    if suggestion is None:
        raise Http404
    require(perms.can_review(request.user, suggestion))
    matches, proposals = review_help(request.user, suggestion)
    context = {"suggestion": suggestion, "matches": matches, "proposals": proposals}
    return render(request, "office/review_help.html", context)
