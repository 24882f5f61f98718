"""Keeping the search index in step: (re)index one suggestion, or all of them in batches."""

from __future__ import annotations

import hashlib

from django.contrib.postgres.search import SearchVector
from django.db import connection

from office.models import SearchDocument
from office.search.tokens import document_terms
from suggestions.models import Reply, Suggestion

BATCH = 500


def _vector():
    return (
        SearchVector("title_terms", weight="A", config="simple")
        + SearchVector("body_terms", weight="B", config="simple")
        + SearchVector("reply_terms", weight="C", config="simple")
    )


def _document(suggestion: Suggestion, reply_texts: list[str]) -> SearchDocument:
    replies = "\n".join(reply_texts)
    digest = hashlib.sha1(
        "\x00".join([suggestion.title, suggestion.content, replies]).encode()
    ).hexdigest()
    return SearchDocument(
        suggestion_id=suggestion.pk,
        title_terms=" ".join(document_terms(suggestion.title)),
        body_terms=" ".join(document_terms(suggestion.content)),
        reply_terms=" ".join(document_terms(replies)),
        source_hash=digest,
    )


def index_suggestions(ids) -> int:
    """(Re)index these suggestions in a handful of queries; returns how many changed."""
    ids = list(ids)
    suggestions = Suggestion.objects.filter(pk__in=ids).only("pk", "title", "content")
    replies: dict[int, list[str]] = {}
    for sid, text in Reply.objects.filter(assignment__suggestion_id__in=ids).values_list(
        "assignment__suggestion_id", "text"
    ):
        replies.setdefault(sid, []).append(text)
    known = dict(
        SearchDocument.objects.filter(suggestion_id__in=ids).values_list(
            "suggestion_id", "source_hash"
        )
    )
    changed = [
        doc
        for doc in (_document(s, replies.get(s.pk, [])) for s in suggestions)
        if known.get(doc.suggestion_id) != doc.source_hash
    ]
    if not changed:
        return 0
    SearchDocument.objects.bulk_create(
        changed,
        update_conflicts=True,
        unique_fields=["suggestion"],
        update_fields=["title_terms", "body_terms", "reply_terms", "source_hash", "updated_at"],
    )
    if connection.vendor == "postgresql":
        SearchDocument.objects.filter(suggestion_id__in=[d.suggestion_id for d in changed]).update(
            vector=_vector()
        )
    return len(changed)


def reindex_all() -> int:
    ids = list(Suggestion.objects.order_by("pk").values_list("pk", flat=True))
    return sum(index_suggestions(ids[i : i + BATCH]) for i in range(0, len(ids), BATCH))
