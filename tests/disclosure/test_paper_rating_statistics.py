"""Ratings staff entered from paper feedback forms are counted apart from those the deputies gave
online (how many, how many satisfied), per session and for all sessions, on the statistics pages,
in the API, the workbook and the report, and the event-log replay agrees.

Session 1 (world.session), lead deputies' ratings:
- online (张伟): A satisfied, B basically satisfied;
- paper (赵六, no account): C satisfied, D satisfied, E dissatisfied then, after re-handling,
  satisfied; F replied, never rated.
Session 2: G online (张伟) dissatisfied, H paper (赵六) satisfied.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from disclosure import statistics, verify
from disclosure.export import session_workbook
from office.services import rating_enter_from_paper
from suggestions import services
from suggestions.models import Deputy, Session
from tests import steps
from tests.api.client import Api, ok
from tests.office.conftest import paper_suggestion


def num_den(figure: dict) -> tuple[int, int]:
    return figure["numerator"], figure["denominator"]


def _online(world, s, result):
    services.suggestion_rate(
        user=world.zhang, suggestion=s, process="satisfied", result=result, met=True
    )


def _paper(world, s, deputy, result):
    rating_enter_from_paper(
        user=world.staff,
        suggestion=s,
        deputy=deputy,
        process="satisfied",
        result=result,
        met=True,
    )


@pytest.fixture
def mixed(world):
    zhao = Deputy.objects.create(name="赵六", group=world.street)
    one = world.session
    two = Session.objects.create(
        name="第十八届人民代表大会第四次会议",
        year=2025,
        start_date=dt.date(2025, 1, 10),
        end_date=dt.date(2025, 12, 31),
    )
    zhang = world.zhang.deputy
    for title, result in (("甲", "satisfied"), ("乙", "basically_satisfied")):
        _online(world, paper_suggestion(world, lead=zhang, session=one, title=title), result)
    for title in ("丙", "丁"):
        _paper(
            world, paper_suggestion(world, lead=zhao, session=one, title=title), zhao, "satisfied"
        )
    e = paper_suggestion(world, lead=zhao, session=one, title="戊")
    _paper(world, e, zhao, "dissatisfied")
    steps.reply(world, e, world.env, world.env_handler, world.env_head, result_class="A")
    e = services.suggestion_approve_reply(user=world.staff, suggestion=steps.refreshed(e))
    _paper(world, e, zhao, "satisfied")
    paper_suggestion(world, lead=zhao, session=one, title="己")  # never rated
    _online(world, paper_suggestion(world, lead=zhang, session=two, title="庚"), "dissatisfied")
    _paper(world, paper_suggestion(world, lead=zhao, session=two, title="辛"), zhao, "satisfied")
    return one, two


def test_session_counts_ratings_entered_by_staff_apart_from_online_ones(world, mixed):
    st = statistics.compute(world.session, "latest")
    assert st["rated"] == 5  # 己 is unrated: in neither source
    assert (st["rated_online"], st["satisfied_online"]) == (2, 1)
    assert (st["rated_by_staff"], st["satisfied_by_staff"]) == (3, 3)
    assert num_den(st["by_staff_rate"]) == (3, 5)
    assert num_den(st["satisfied_by_staff_rate"]) == (3, 3)
    assert num_den(st["satisfied_online_rate"]) == (1, 2)
    assert st["satisfied_online_rate"]["value"] == 0.5
    # The headline figures still count both sources.
    assert num_den(st["satisfied_rate"]) == (4, 5)


def test_first_round_counts_the_first_paper_form(world, mixed):
    st = statistics.compute(world.session, "first")
    assert (st["rated_by_staff"], st["satisfied_by_staff"]) == (3, 2)  # 戊 first dissatisfied
    assert (st["rated_online"], st["satisfied_online"]) == (2, 1)
    assert num_den(st["satisfied_by_staff_rate"]) == (2, 3)


def test_all_sessions_and_each_session_apart(world, mixed):
    one, two = mixed
    st = statistics.compute(None, "latest", breakdowns=("by_session",))
    assert (st["rated_online"], st["satisfied_online"]) == (3, 1)
    assert (st["rated_by_staff"], st["satisfied_by_staff"]) == (4, 4)
    assert num_den(st["by_staff_rate"]) == (4, 7)
    rows = {r["session"]["id"]: r for r in st["by_session"]}
    assert (rows[one.pk]["rated_by_staff"], rows[one.pk]["rated_online"]) == (3, 2)
    assert (rows[two.pk]["rated_by_staff"], rows[two.pk]["satisfied_online"]) == (1, 0)


def test_breakdown_rows_carry_the_sources(world, mixed):
    st = statistics.compute(world.session, "latest")
    (env,) = [r for r in st["by_unit"] if r["unit"]["name"] == "区生态环境局"]
    assert (env["rated_by_staff"], env["rated_online"]) == (3, 2)
    by_deputy = {r["deputy"]["name"]: r for r in st["by_deputy"]}
    assert by_deputy["赵六"]["rated_by_staff"] == 3 and by_deputy["张伟"]["rated_by_staff"] == 0


def test_event_log_replay_agrees_on_the_paper_counts(world, mixed):
    for round_ in ("latest", "first"):
        assert verify.differences(world.session, round_) == []


def test_staff_page_shows_this_session_and_all_sessions(world, mixed):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.staff)
    page = client.get(reverse("disclosure:statistics"), {"session": world.session.pk})
    html = page.content.decode()
    start = html.index('id="rating-sources"')
    table = html[start : html.index("</table>", start)]
    row = table[table.index('data-key="satisfied_by_staff_rate"') :]
    row = row[: row.index("</tr>")]
    # This session 3/3, all sessions 4/4.
    assert row.count('<td class="num">') == 6
    cells = [c.split("<")[0] for c in row.split('<td class="num">')[1:]]
    assert cells == ["100.0%", "3", "3", "100.0%", "4", "4"]
    share = table[table.index('data-key="by_staff_rate"') :]
    share = [c.split("<")[0] for c in share[: share.index("</tr>")].split('<td class="num">')[1:]]
    assert share == ["60.0%", "3", "5", "57.1%", "4", "7"]


def test_public_page_shows_the_sessions_counts_only(world, mixed, client):
    html = client.get("/public/statistics/", {"session": world.session.pk}).content.decode()
    row = html[html.index('data-key="satisfied_online_rate"') :]
    cells = [c.split("<")[0] for c in row[: row.index("</tr>")].split('<td class="num">')[1:]]
    # This session only: the all-sessions aggregation reads the whole history on a cache miss.
    assert cells == ["50.0%", "1", "2"]


def test_api_gives_the_counts_of_the_session(world, mixed):
    for api in (Api(world.staff), Api()):
        path = "stats/" if api.user else "public/stats/"
        body = ok(api.get(path, session=world.session.pk))
        assert (body["rated_by_staff"], body["satisfied_by_staff"]) == (3, 3)
        assert (body["rated_online"], body["satisfied_online"]) == (2, 1)
        assert num_den(body["satisfied_online_rate"]) == (1, 2)
        assert "all_sessions" not in body and "陈静" not in str(body)


def test_workbook_and_report_count_the_sources(world, mixed):
    from disclosure import report
    from disclosure.figures import SOURCE_RATES

    sheet = load_workbook(io.BytesIO(session_workbook(world.session, "latest"))).active
    rows = {row[0]: row[1:3] for row in sheet.iter_rows(values_only=True)}
    labels = {key: str(label) for key, label, *_rest in SOURCE_RATES}
    assert rows[labels["satisfied_by_staff_rate"]] == (3, 3)
    assert rows[labels["satisfied_online_rate"]] == (1, 2)
    assert rows[labels["by_staff_rate"]] == (3, 5)
    summary = report._summary(statistics.compute(world.session, "latest"))
    assert "工作人员根据纸质征询意见表代录3件（满意3件），代表本人在线评价2件（满意1件）" in summary
