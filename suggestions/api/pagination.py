"""Page-number pagination of the suggestion list that takes a known count from the view."""

from __future__ import annotations

from functools import partial

from django.core.paginator import Paginator
from rest_framework.pagination import PageNumberPagination

from suggestions.pagination import KnownCountPaginator


class KnownCountPagination(PageNumberPagination):
    def paginate_queryset(self, queryset, request, view=None):
        known = view.known_count(request) if view is not None else None
        self.django_paginator_class = (
            Paginator if known is None else partial(KnownCountPaginator, count=known)
        )
        return super().paginate_queryset(queryset, request, view)
