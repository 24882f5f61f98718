"""Similar suggestions (to avoid duplicates and help merging) and routing help (the units that
handled the most similar past suggestions), by TF-IDF cosine over the search index's bigrams.

Candidates come from the search index: on PostgreSQL the GIN index picks the few hundred
suggestions sharing the most informative bigrams; elsewhere the most recent suggestions are
compared directly (a district has a few hundred a year).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Prefetch

from office.models import SearchDocument
from office.search.tokens import document_terms
from suggestions.models import Assignment, AssignmentRole, Reply, Suggestion, Unit
from suggestions.permissions import similarity_pool

# Bigrams that say nothing about the matter: the 关于…的建议 wrapper and function characters.
STOP_TERMS = {"关于", "建议", "问题", "意见", "进一步"}
STOP_CHARS = set("的了和与及对是在于为将把并或等")
CANDIDATES = 300
QUERY_TERMS = 40
MIN_SCORE = 0.08


@dataclass
class Match:
    suggestion: Suggestion
    score: float

    @property
    def units(self) -> list[Assignment]:
        return [a for a in self.suggestion.ranked_assignments if a.role != AssignmentRole.CO]

    @property
    def result_classes(self) -> str:
        return "、".join(
            r.result_class for a in self.units for r in a.replies.all() if r.approved_at
        )


def _vector(terms: list[str], idf: dict[str, float]) -> dict[str, float]:
    counts = Counter(terms)
    vec = {t: (1 + math.log(n)) * idf.get(t, 1.0) for t, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def _informative(terms: list[str]) -> list[str]:
    return [t for t in terms if t not in STOP_TERMS and not (set(t) & STOP_CHARS)]


def _doc_terms(doc: SearchDocument) -> list[str]:
    # The title counts twice: it states the matter; the content argues it.
    title = _informative(doc.title_terms.split())
    return title + title + _informative(doc.body_terms.split())


def _candidates(pool, terms: list[str], exclude: set[int]):
    docs = SearchDocument.objects.filter(suggestion__in=pool).exclude(suggestion_id__in=exclude)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank
        from django.db.models import F

        common = [t for t, _n in Counter(terms).most_common(QUERY_TERMS)]
        if not common:
            return []
        query = SearchQuery(
            " | ".join(f"'{t}'" for t in common), search_type="raw", config="simple"
        )
        docs = (
            docs.filter(vector=query)
            .annotate(rank=SearchRank(F("vector"), query))
            .order_by("-rank")
        )
    else:
        docs = docs.order_by("-suggestion_id")
    return list(docs.only("suggestion_id", "title_terms", "body_terms")[:CANDIDATES])


def _scored(title: str, content: str, pool, exclude) -> list[tuple[float, int]]:
    """(score, suggestion id) of every candidate in `pool` like enough to this text, best first."""
    terms = _informative(document_terms(title) * 2 + document_terms(content))
    if not terms:
        return []
    docs = _candidates(pool, terms, {int(getattr(e, "pk", e)) for e in exclude})
    if not docs:
        return []
    df = Counter(t for d in docs for t in set(_doc_terms(d)))
    n = len(docs) + 1
    idf = {t: math.log(n / (1 + c)) + 1 for t, c in df.items()}
    query = _vector(terms, idf)
    scored = sorted(
        ((_cosine(query, _vector(_doc_terms(d), idf)), d.suggestion_id) for d in docs),
        reverse=True,
    )
    return [(score, pk) for score, pk in scored if score >= MIN_SCORE]


def similar(
    user, title: str, content: str = "", *, exclude=(), limit: int = 5, pool=None
) -> list[Match]:
    """The suggestions most like this text that `user` may know of, best first."""
    pool = similarity_pool(user) if pool is None else pool
    return _matches(_scored(title, content, pool, exclude)[:limit])


def _matches(best: list[tuple[float, int]]) -> list[Match]:
    assignments = (
        Assignment.objects.exclude(status="relieved")
        .select_related("unit")
        .prefetch_related(Prefetch("replies", queryset=Reply.objects.order_by("round")))
    )
    by_pk = (
        Suggestion.objects.select_related("session", "lead_deputy")
        .prefetch_related(
            Prefetch("assignments", queryset=assignments, to_attr="ranked_assignments")
        )
        .in_bulk([pk for _s, pk in best])
    )
    return [Match(by_pk[pk], score) for score, pk in best if pk in by_pk]


@dataclass
class Proposal:
    unit: Unit
    score: float
    reasons: list[Match] = field(default_factory=list)
    category_share: float = 0.0  # the unit's share of this category's past assignments


ROUTING_NEIGHBOURS = 10


def review_help(
    user, suggestion: Suggestion, *, limit: int = 5, routing_limit: int = 3, exclude=()
) -> tuple[list[Match], list[Proposal]]:
    """What staff see while reviewing, from one similarity computation: the `limit` most similar
    suggestions (merge candidates) and the units proposed for assignment (`routing_proposals`)."""
    excluded = [suggestion.pk, *exclude]
    scored = _scored(suggestion.title, suggestion.content, similarity_pool(user), excluded)
    # Routing learns from the most similar suggestions that were assigned (similarity_pool has
    # neither drafts nor withdrawn ones), among the same candidates.
    assigned = set(
        Assignment.objects.filter(suggestion_id__in=[pk for _s, pk in scored])
        .values_list("suggestion_id", flat=True)
        .distinct()
    )
    neighbours = [(score, pk) for score, pk in scored if pk in assigned][:ROUTING_NEIGHBOURS]
    wanted = sorted(set(scored[:limit]) | set(neighbours), reverse=True)
    loaded = {m.suggestion.pk: m for m in _matches(wanted)}
    matches = [loaded[pk] for _s, pk in scored[:limit] if pk in loaded]
    reasons = [loaded[pk] for _s, pk in neighbours if pk in loaded]
    return matches, _proposals(suggestion, reasons, exclude=excluded, limit=routing_limit)


def routing_proposals(
    suggestion: Suggestion, *, user, limit: int = 3, exclude=()
) -> list[Proposal]:
    """Units that replied to the most similar earlier suggestions, weighted by similarity, with
    those suggestions as the reason. Staff decide; this only proposes."""
    return review_help(user, suggestion, limit=0, routing_limit=limit, exclude=exclude)[1]


def _proposals(suggestion: Suggestion, matches: list[Match], *, exclude, limit: int):
    proposals: dict[int, Proposal] = {}
    for match in matches:
        for a in match.units:
            p = proposals.setdefault(a.unit_id, Proposal(a.unit, 0.0))
            p.score += match.score
            p.reasons.append(match)
    for unit, share in _category_shares(suggestion, exclude=exclude).items():
        p = proposals.setdefault(unit.pk, Proposal(unit, 0.0))
        p.score += CATEGORY_WEIGHT * share
        p.category_share = share
    return sorted(proposals.values(), key=lambda p: -p.score)[:limit]


CATEGORY_WEIGHT = 0.3  # chosen on the demo data (office_routing_agreement), not a law of nature


def _category_shares(suggestion: Suggestion, *, exclude) -> dict[Unit, float]:
    """Each unit's share of the replying assignments in this category so far (one query)."""
    from django.db.models import Count

    if suggestion.category_id is None:
        return {}
    rows = list(
        Assignment.objects.filter(
            suggestion__category_id=suggestion.category_id,
            role__in=[AssignmentRole.LEAD, AssignmentRole.SPLIT],
        )
        .exclude(status="relieved")
        .exclude(suggestion_id__in=exclude)
        .values("unit")
        .annotate(n=Count("pk"))
    )
    total = sum(r["n"] for r in rows) or 1
    units = Unit.objects.in_bulk([r["unit"] for r in rows])
    return {units[r["unit"]]: r["n"] / total for r in rows}
