"""The independent survey: deputies answer per unit; units see only their own aggregates over a
minimum group; staff see where the survey and the ratings disagree."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from followup import services
from followup.selectors.survey import survey_rating_disagreement, survey_results, units_to_survey
from suggestions import services as core
from suggestions.errors import InvalidInput, InvalidState, NotPermitted
from suggestions.models import Deputy, Role, User
from tests import steps


def _deputy(world, name, username):
    deputy = Deputy.objects.create(name=name, group=world.street)
    return User.objects.create_user(
        username=username, password="x", role=Role.DEPUTY, full_name=name, deputy=deputy
    )


@pytest.fixture
def survey_world(world):
    """Three replied suggestions by three deputies, all handled by the traffic unit and all rated
    satisfied with a confirmed meeting; an open survey of the session."""
    authors = [world.zhang, _deputy(world, "赵敏", "zhaomin"), _deputy(world, "孙磊", "sunlei")]
    for index, author in enumerate(authors):
        s = core.suggestion_create(
            user=author,
            session=world.session,
            title=f"关于交通问题的建议{index}",
            content="路口拥堵，建议优化信号配时。",
            category=world.category,
            co_signers=[],
            publication_consent="full",
        )
        core.suggestion_submit(user=author, suggestion=s)
        core.suggestion_accept(user=world.staff, suggestion=s)
        core.suggestion_assign(user=world.staff, suggestion=s, lead_unit=world.traffic.pk)
        steps.reply(world, s, world.traffic, world.traffic_handler, world.traffic_head)
        core.suggestion_approve_reply(user=world.staff, suggestion=s)
        core.suggestion_rate(
            user=author, suggestion=s, process="satisfied", result="satisfied", met=True
        )
    survey = services.survey_create(
        user=world.staff, session=world.session, title="2026年度满意度调查"
    )
    services.survey_open(user=world.staff, survey=survey)
    return survey, authors


def _answer(user, survey, unit, grade="dissatisfied", met=False):
    return services.survey_answer(
        user=user,
        survey=survey,
        answers={str(unit.pk): {"satisfaction": grade, "met": met, "comment": "未见面"}},
    )


def test_units_see_only_aggregates_over_the_minimum_group(client, world, survey_world, settings):
    settings.SURVEY_MIN_GROUP = 3
    survey, authors = survey_world
    assert list(units_to_survey(survey, world.zhang.deputy_id)) == [world.traffic]
    with pytest.raises(NotPermitted):
        _answer(world.traffic_handler, survey, world.traffic, "satisfied", True)
    _answer(authors[0], survey, world.traffic)
    _answer(authors[1], survey, world.traffic)
    assert survey_results(world.traffic_head, survey) == [
        {"unit_id": world.traffic.pk, "unit__name": world.traffic.name, "suppressed": True}
    ]
    _answer(authors[2], survey, world.traffic, "basically_satisfied")
    (row,) = survey_results(world.traffic_head, survey)
    assert (row["answers"], row["dissatisfied"], row["basically"], row["good_rate"]) == (
        3,
        2,
        1,
        33.3,
    )
    assert "comment" not in row and "deputy" not in str(row)
    assert survey_results(world.edu_handler, survey) == []  # another unit sees nothing of it
    assert survey_results(world.zhang, survey) == []

    (gap,) = survey_rating_disagreement(survey)
    assert (gap["rating_good_rate"], gap["survey_good_rate"], gap["gap_good"]) == (
        100.0,
        33.3,
        66.7,
    )
    assert (gap["rating_met_rate"], gap["survey_met_rate"]) == (100.0, 0.0)
    client.force_login(world.staff)
    page = client.get(reverse("followup:staff_satisfaction")).content.decode()
    # A row of the disagreement table (its cells carry their headings for the phone layout).
    cell = "<td[^>]*>{}</td>"
    row = "".join(cell.format(re.escape(text)) for text in (world.traffic.name, "3", "33.3%"))
    assert re.search(row, page)


def test_each_deputy_answers_once_and_completely(world, survey_world):
    survey, authors = survey_world
    with pytest.raises(InvalidInput) as exc:
        services.survey_answer(user=authors[0], survey=survey, answers={})
    assert f"{world.traffic.pk}.satisfaction" in exc.value.fields
    with pytest.raises(InvalidInput):
        services.survey_answer(
            user=authors[0],
            survey=survey,
            answers={
                str(world.edu.pk): {"satisfaction": "satisfied", "met": True},
                str(world.traffic.pk): {"satisfaction": "satisfied", "met": True},
            },
        )
    _answer(authors[0], survey, world.traffic)
    with pytest.raises(InvalidInput):
        _answer(authors[0], survey, world.traffic)
    with pytest.raises(InvalidInput):  # no replied suggestion of theirs this session
        _answer(world.wang, survey, world.traffic)
    services.survey_close(user=world.staff, survey=survey)
    with pytest.raises(InvalidState):
        _answer(authors[1], survey, world.traffic)
