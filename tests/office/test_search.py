"""Chinese search: two-character words find what they should in titles, content and replies,
ranked; works on PostgreSQL (bigram tsvector) and SQLite (substring fallback)."""

import pytest
from django.db import connection

from office.models import SearchDocument
from office.search.query import search
from office.search.tokens import document_terms, query_groups
from suggestions import services
from tests import steps
from tests.office import corpus


@pytest.fixture
def found(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        made = corpus.build(world)
        # One replied suggestion whose reply (only) mentions 教育.
        s = steps.assigned(world, title="关于学校门口交通安全的建议", cosign=False)
        a = steps.assignment_of(s, world.traffic)
        services.assignment_sign(user=world.traffic_handler, assignment=a)
        services.assignment_draft_reply(
            user=world.traffic_handler,
            assignment=a,
            result_class="A",
            text="我局已会同区教育局在校门口施划斑马线，并安排交通协管员值守。",
        )
    made["traffic_reply"] = s
    keys = {v.pk: k for k, v in made.items()}

    def run(query, user=None):
        return [keys[s.pk] for s in search(user or world.staff, query)]

    return run


def test_every_suggestion_is_indexed_after_commit(found):
    assert SearchDocument.objects.count() == len(corpus.CORPUS) + 1
    if connection.vendor == "postgresql":
        assert not SearchDocument.objects.filter(vector__isnull=True).exists()


def test_two_character_word_in_title_ranks_above_content_and_replies(found):
    results = found("教育")
    assert set(results) == {"preschool", "teachers", "traffic_reply"}
    assert results[-1] == "traffic_reply"  # only in a reply: last


def test_green_space_is_found_inside_longer_words(found):
    # 绿地 stands alone in one title and inside 绿地率 in another suggestion's content.
    results = found("绿地")
    assert results[0] == "school_green"
    assert set(results) == {"school_green", "green_rate"}


def test_several_words_must_all_match(found):
    assert found("老旧小区 电梯") == ["elevator"]
    assert found("学校 绿地") == ["school_green"]
    assert found("停车场") == ["parking"]
    assert found("火箭发射") == []


def test_single_character_falls_back_to_substring(found):
    assert set(found("树")) == {"green_rate"}


def test_results_are_scoped_to_what_the_user_may_see(found, world):
    assert found("教育", user=world.traffic_handler) == ["traffic_reply"]
    assert found("教育", user=world.wang) == []
    assert found("", user=world.staff) == []


def test_terms_are_bigrams_and_queries_are_segmented():
    assert document_terms("绿地率") == ["绿地", "地率"]
    assert query_groups("学校周边绿地") == [["学校"], ["周边"], ["绿地"]]


def test_search_page_lists_results_in_constant_queries(
    client, found, world, django_assert_max_num_queries
):
    client.force_login(world.staff)
    client.get("/office/search/", {"q": "教育"})  # the session's first request does one-off checks
    with django_assert_max_num_queries(8):
        page = client.get("/office/search/", {"q": "绿地"})
    body = page.content.decode()
    assert body.index("关于在学校周边增设绿地的建议") < body.index("关于提高老旧小区绿化水平的建议")
