"""Similar suggestions while drafting and reviewing, and routing help from past assignments."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from office.search.index import reindex_all
from office.similar import review_help, routing_proposals, similar
from suggestions import services
from tests import steps
from tests.office import corpus

UNIT_OF = {
    "school_green": "env",
    "green_rate": "env",
    "river": "env",
    "preschool": "edu",
    "teachers": "edu",
    "library": "edu",
    "parking": "traffic",
    "bus": "traffic",
}


@pytest.fixture
def past(world, django_capture_on_commit_callbacks):
    """The corpus filed and assigned as staff chose (lead units in UNIT_OF)."""
    with django_capture_on_commit_callbacks(execute=True):
        made = corpus.build(world)
        for key, s in made.items():
            services.suggestion_submit(user=world.staff, suggestion=s)
            if key in UNIT_OF:
                services.suggestion_accept(user=world.staff, suggestion=s)
                unit = getattr(world, UNIT_OF[key])
                services.suggestion_assign(user=world.staff, suggestion=s, lead_unit=unit.pk)
    return made


def keys(made, matches):
    names = {s.pk: k for k, s in made.items()}
    return [names[m.suggestion.pk] for m in matches]


def test_drafting_shows_the_most_similar_earlier_suggestions(world, past):
    found = similar(world.zhang, "关于学校附近绿化不足的建议", "学校周边绿地太少，建议增加绿化。")
    assert keys(past, found)[:2] == ["school_green", "green_rate"]
    # Sharing only 周边 (医院周边) is a weak likeness: far below the real duplicate.
    weak = [m.score for m in found if m.suggestion == past["parking"]]
    assert not weak or weak[0] < found[0].score / 2
    assert found[0].units[0].unit == world.env  # outcome shown: who handles it


def test_review_shows_the_duplicate_to_merge(world, past, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        dup = services.suggestion_create(
            user=world.staff,
            session=world.session,
            title="关于解决人民医院周边停车难问题的建议",
            content="医院附近停车位不够，建议新建停车场。",
            lead_deputy=world.wang.deputy,
        )
    found, _proposals = review_help(world.staff, dup)
    assert keys(past, found)[0] == "parking"
    assert found[0].score > 0.3


def test_deputies_see_others_suggestions_only_when_published(world, past):
    # The deputy did not consent to publication (set directly: not a status field).
    type(past["school_green"]).objects.filter(pk=past["school_green"].pk).update(
        publication_consent="none"
    )
    found = similar(world.wang, "关于学校附近绿化不足的建议", "学校周边绿地太少。")
    assert "school_green" not in keys(past, found)
    assert "green_rate" in keys(past, found)


def test_routing_proposes_the_unit_that_handled_similar_suggestions(world, past):
    new = services.suggestion_create(
        user=world.staff,
        session=world.session,
        title="关于在社区增设口袋公园和绿地的建议",
        content="小区绿化率低，建议增设绿地，加强树木养护。",
        lead_deputy=world.wang.deputy,
    )
    proposals = routing_proposals(new, user=world.staff)
    assert proposals[0].unit == world.env
    reasons = {m.suggestion.pk for m in proposals[0].reasons}
    assert past["school_green"].pk in reasons and past["green_rate"].pk in reasons
    teachers = services.suggestion_create(
        user=world.staff,
        session=world.session,
        title="关于提高乡村教师待遇的建议",
        content="乡村学校教师待遇偏低，建议提高补贴。",
        lead_deputy=world.wang.deputy,
    )
    assert routing_proposals(teachers, user=world.staff)[0].unit == world.edu


def test_nothing_similar_gives_nothing(world, past):
    assert similar(world.staff, "火箭发射", "航天") == []


def test_review_page_shows_proposals_with_reasons_for_staff_only(client, world, past):
    new = services.suggestion_create(
        user=world.staff,
        session=world.session,
        title="关于在社区增设口袋公园和绿地的建议",
        content="小区绿化率低，建议增设绿地。",
        lead_deputy=world.wang.deputy,
    )
    services.suggestion_submit(user=world.staff, suggestion=new)
    client.force_login(world.staff)
    body = client.get(f"/office/suggestions/{new.pk}/review-help/").content.decode()
    assert "区生态环境局" in body and "关于在学校周边增设绿地的建议" in body
    client.force_login(world.env_handler)
    assert client.get(f"/office/suggestions/{new.pk}/review-help/").status_code == 404


def test_drafting_fragment_for_deputies(client, world, past):
    client.force_login(world.wang)
    page = client.get("/office/similar/", {"title": "医院停车难", "content": "停车位不足"})
    assert "关于缓解医院周边停车难的建议" in page.content.decode()
    client.force_login(world.edu_handler)
    assert client.get("/office/similar/", {"title": "停车"}).status_code == 403


def _review_page(client, world, size: int):
    """The review-help page of a suggestion after `size` assigned ones with the same text."""
    for i in range(size):
        steps.assigned(world, title=f"关于第{size}组第{i}处路口增设信号灯的建议", cosign=False)
    new = steps.submitted(world, title=f"关于第{size}组路口增设信号灯的建议", cosign=False)
    reindex_all()  # the test's one transaction never commits, so nothing was indexed after it
    client.force_login(world.staff)
    path = f"/office/suggestions/{new.pk}/review-help/"
    client.get(path)  # warm the session
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(path).content.decode()
    return body, ctx.captured_queries


def test_review_page_compares_once_and_its_queries_do_not_grow(client, world):
    small, small_queries = _review_page(client, world, 2)
    large, large_queries = _review_page(client, world, 5)
    assert small.count('data-testid="similar-item"') == 2
    assert large.count('data-testid="similar-item"') == 5
    assert "区交通运输局" in large  # the lead unit of the similar ones is proposed
    # One candidate search serves the merge candidates and the routing proposals alike.
    assert sum("office_searchdocument" in q["sql"] for q in large_queries) == 1
    assert len(small_queries) == len(large_queries)
