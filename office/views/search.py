"""The search page: Chinese full-text search over what the user may see, best first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from office.search.query import search

PAGE = 50


@login_required
def search_page(request):
    query = request.GET.get("q", "").strip()
    results = list(
        search(request.user, query).select_related("session", "lead_deputy", "category")[:PAGE]
    )
    return render(request, "office/search.html", {"q": query, "results": results})
