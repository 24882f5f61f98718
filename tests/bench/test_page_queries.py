"""SQL queries per request of the benchmark's pages stay constant as the history grows, and
within 15. Routes not merged on this branch are skipped, each with its reason."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, clear_url_caches

from bench.generator import generate
from bench.pages import (
    FIRST_READ,
    MAX_QUERIES,
    PAGES,
    TRIVIAL,
    Actors,
    client_for,
    query_count,
    timings,
    url_of,
)
from suggestions import page_cache

pytestmark = pytest.mark.django_db


@pytest.fixture
def bench_urls():
    with override_settings(ROOT_URLCONF="bench.urls"):
        clear_url_caches()
        yield
    clear_url_caches()


def _counts(page, actors) -> tuple[int, int]:
    before = page_cache.forget_all if page[0] in FIRST_READ else None
    return query_count(client_for(page[2], actors), url_of(page, actors), before)


@pytest.mark.parametrize("page", [TRIVIAL, *PAGES], ids=lambda p: p[0])
def test_queries_per_request_do_not_grow_with_history(page, bench_urls):
    try:
        url_of(page, Actors(users={}, suggestion=1, assignment=1))
    except NoReverseMatch:
        pytest.skip(f"route {page[1]!r} does not resolve on this branch")
    # A list with no rows skips its rows query: the seed gives every page rows at both sizes
    # (with seed 11 the busiest unit had no open work at 40 suggestions once extensions came in).
    small = generate(40, sessions=2, units=5, deputies=12, seed=3)
    actors = Actors.pick()
    status, few = _counts(page, actors)
    assert status == 200, f"{page[0]} answered {status}"
    generate(200, directory=small.directory, seed=12)
    status, many = _counts(page, actors)
    assert status == 200
    assert many == few, f"{page[0]}: {few} queries at 40 suggestions, {many} at 240"
    assert many <= MAX_QUERIES


def test_timings_split_each_request_into_database_and_the_rest(bench_urls):
    generate(20, sessions=1, units=4, deputies=8, seed=13)
    actors = Actors.pick()
    page = next(p for p in PAGES if p[0] == "staff list")
    times, in_database = timings(client_for(page[2], actors), url_of(page, actors), 5)
    assert len(times) == len(in_database) == 5
    # Every request queries (session, user, rows), and its database time is part of its time.
    assert all(0 < db < total for db, total in zip(in_database, times, strict=True))
