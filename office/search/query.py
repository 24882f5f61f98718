"""Searching suggestions the user may see, ranked.

PostgreSQL: each query word is a phrase of its bigrams (绿地率 → 绿地 <-> 地率), all words
required, matched on the GIN-indexed tsvector and ranked by ts_rank with title (A) above content
(B) above replies (C). Elsewhere, and for one-character words, a substring search ranked by where
the words occur.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Exists, F, FloatField, OuterRef, Q, QuerySet, Value, When

from office.search.tokens import has_single_characters, query_groups
from suggestions.models import Reply, Suggestion
from suggestions.permissions import visible_suggestions

MAX_QUERY = 100


def _tsquery(groups: list[list[str]]) -> str:
    phrases = [" <-> ".join(f"'{term}'" for term in group) for group in groups]
    return " & ".join(f"({p})" for p in phrases)


def search(user, query: str, *, base: QuerySet | None = None) -> QuerySet[Suggestion]:
    """Suggestions visible to `user` matching every word of `query`, best first, each annotated
    with `search_rank`."""
    query = (query or "").strip()[:MAX_QUERY]
    qs = visible_suggestions(user) if base is None else base
    groups = query_groups(query)
    if not query or not (groups or has_single_characters(query)):
        return qs.none().annotate(search_rank=Value(0.0, output_field=FloatField()))
    if connection.vendor == "postgresql" and groups and not has_single_characters(query):
        return _search_postgres(qs, groups)
    return _search_substring(qs, query)


def _search_postgres(qs, groups) -> QuerySet[Suggestion]:
    tsquery = SearchQuery(_tsquery(groups), search_type="raw", config="simple")
    return (
        qs.filter(search_document__vector=tsquery)
        .annotate(search_rank=SearchRank(F("search_document__vector"), tsquery))
        .order_by("-search_rank", "-pk")
    )


def _search_substring(qs, query: str) -> QuerySet[Suggestion]:
    """Every whitespace-separated word must occur somewhere; title hits weigh most."""
    score = Value(0.0, output_field=FloatField())
    for word in query.split():
        in_reply = Exists(
            Reply.objects.filter(assignment__suggestion=OuterRef("pk"), text__icontains=word)
        )
        qs = qs.filter(Q(title__icontains=word) | Q(content__icontains=word) | in_reply)
        score = (
            score
            + Case(When(title__icontains=word, then=Value(1.0)), default=Value(0.0))
            + Case(When(content__icontains=word, then=Value(0.4)), default=Value(0.0))
            + Case(When(in_reply, then=Value(0.2)), default=Value(0.0))
        )
    return qs.annotate(search_rank=score).order_by("-search_rank", "-pk")
