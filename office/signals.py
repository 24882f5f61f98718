"""Keeps the search index in step with suggestions and replies (filled in by office.search)."""
