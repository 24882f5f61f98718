"""The search index: one row per suggestion with its bigram terms (title, content, replies) and,
on PostgreSQL, a weighted tsvector with a GIN index (created by the migration on PostgreSQL only)."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchDocument(models.Model):
    suggestion = models.OneToOneField(
        "suggestions.Suggestion",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    title_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    reply_terms = models.TextField(blank=True)
    # Weighted A (title) > B (content) > C (replies); filled on PostgreSQL only.
    vector = SearchVectorField(null=True)
    # Hash of the indexed text, so saving a suggestion whose text did not change costs no work.
    source_hash = models.CharField(max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"search document {self.suggestion_id}"
