"""A rating staff entered from a paper feedback form is marked wherever the rating is shown: on the
suggestion page and in the API (who typed it in: staff only), in the timeline and the deputy's
archive; the deputy's account is told in its inbox (never by e-mail: it is deactivated); the public
never learns who entered it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from notifications.models import Notification

from delivery import outbox
from disclosure import services as disclosure
from office.services import rating_enter_from_paper
from suggestions import services
from suggestions.models import Deputy, Role, Suggestion, User
from tests.api.client import Api, ok
from tests.office.conftest import paper_suggestion
from tests.pages import zh

MARK = 'data-testid="entered-by-staff"'
WHO = 'data-testid="entered-by"'


def _client(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def _page(user, suggestion) -> str:
    response = _client(user).get(reverse("suggestion_detail", args=[suggestion.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _ratings_section(page: str) -> str:
    start = page.index('data-testid="ratings"')
    return page[start : page.index("</section>", start)]


@pytest.fixture
def zhao_account(paper_world):
    """赵六's account, deactivated: staff may enter his paper form, and it can be re-activated."""
    return User.objects.create_user(
        username="zhaoliu",
        password="x",
        role=Role.DEPUTY,
        full_name="赵六",
        deputy=paper_world.zhao,
        is_active=False,
        email="zhaoliu@example.org",
    )


def enter(world, deputy=None, suggestion=None, **grades):
    values = dict(process="satisfied", result="satisfied", met=True, comment="")
    values.update(grades)
    return rating_enter_from_paper(
        user=world.staff,
        suggestion=suggestion or world.paper_suggestion,
        deputy=deputy or world.zhao,
        **values,
    )


def test_deputy_sees_the_mark_on_their_own_rating_but_not_the_clerk(paper_world, zhao_account):
    enter(paper_world, result="basically_satisfied")
    zhao_account.is_active = True
    zhao_account.save(update_fields=["is_active"])
    section = _ratings_section(_page(zhao_account, paper_world.paper_suggestion))
    assert "赵六" in section and zh("basically satisfied") in section
    assert MARK in section
    assert zh("Entered by committee staff from a paper feedback form") in section
    assert WHO not in section and "陈静" not in section


def test_staff_see_who_entered_the_form_and_units_only_the_mark(paper_world):
    enter(paper_world)
    staff = _ratings_section(_page(paper_world.staff, paper_world.paper_suggestion))
    assert MARK in staff and f"{WHO}>陈静<" in staff
    unit = _ratings_section(_page(paper_world.env_handler, paper_world.paper_suggestion))
    assert MARK in unit and WHO not in unit and "陈静" not in unit


def test_a_rating_the_deputy_gave_online_carries_no_mark(world):
    from tests import steps

    s = steps.rated(world)
    section = _ratings_section(_page(world.staff, s))
    assert 'data-testid="rating"' in section and MARK not in section


def test_timeline_says_staff_entered_the_form_not_that_they_rated(paper_world):
    enter(paper_world)
    page = _page(paper_world.staff, paper_world.paper_suggestion)
    entered = zh("%(actor)s entered the lead deputy's rating from a paper feedback form")
    assert entered % {"actor": "陈静"} in page
    assert zh("%(actor)s rated the reply") % {"actor": "陈静"} not in page


def test_a_fellow_deputy_does_not_see_a_co_signers_paper_rating(paper_world, settings):
    """李娜 co-signed on paper with 孙七 (no account); 孙七's form is entered and 李娜 rates
    online: 李娜 sees her own rating, unmarked, and the timeline line, never 孙七's rating."""
    settings.CO_SIGNERS_RATE = True
    world = paper_world
    sun = Deputy.objects.create(name="孙七", group=world.street)
    s = paper_suggestion(world, lead=world.zhao, co_signers=[sun, world.li.deputy])
    enter(world, suggestion=s)
    enter(world, suggestion=s, deputy=sun, result="basically_satisfied")
    services.suggestion_rate(
        user=world.li, suggestion=s, process="satisfied", result="satisfied", met=True
    )
    page = _page(world.li, s)
    section = _ratings_section(page)
    assert "李娜" in section and "孙七" not in section and MARK not in section
    entered = zh("%(actor)s entered a co-signer's rating from a paper feedback form")
    assert entered % {"actor": "陈静"} in page


def test_api_rating_says_entered_by_staff_and_names_the_clerk_to_staff_only(paper_world):
    world = paper_world
    enter(world)
    path = f"suggestions/{world.paper_suggestion.pk}/"
    (as_staff,) = ok(Api(world.staff).get(path))["ratings"]
    assert as_staff["entered_by_staff"] is True and as_staff["entered_by"] == "陈静"
    (as_unit,) = ok(Api(world.env_handler).get(path))["ratings"]
    assert as_unit["entered_by_staff"] is True and as_unit["entered_by"] is None


def test_api_rating_given_online_is_not_marked(world):
    from tests import steps

    s = steps.rated(world)
    for user in (world.zhang, world.staff):
        (rating,) = ok(Api(user).get(f"suggestions/{s.pk}/"))["ratings"]
        assert rating["entered_by_staff"] is False and rating["entered_by"] is None


def test_paper_rating_api_answers_with_the_mark_and_the_clerk(paper_world):
    world = paper_world
    body = {"deputy": world.zhao.pk, "process": "satisfied", "result": "satisfied", "met": True}
    created = ok(
        Api(world.staff).post(f"suggestions/{world.paper_suggestion.pk}/paper_rating/", body), 201
    )
    assert created["entered_by_staff"] is True and created["entered_by"] == "陈静"
    # 赵六 has no account: nobody was told, and the clerk learns it from the answer.
    assert created["deputy_notified"] is False


def test_deactivated_deputy_account_gets_the_notice_in_its_inbox_but_no_mail(
    paper_world, zhao_account
):
    world = paper_world
    mail.outbox.clear()
    enter(world, result="dissatisfied")
    (notice,) = Notification.objects.filter(recipient=zhao_account)
    assert notice.verb == "rating_entered_on_paper" and notice.actor == world.staff
    assert notice.target == world.paper_suggestion
    outbox.sweep()
    # A deactivated account's address may be someone else's by now: nothing is sent there.
    assert [m for m in mail.outbox if "zhaoliu@example.org" in m.to] == []
    # Once the account is active again, the notice waits in the deputy's inbox.
    zhao_account.is_active = True
    zhao_account.save(update_fields=["is_active"])
    inbox = _client(zhao_account).get(reverse("notifications")).content.decode()
    told = zh(
        "Committee staff entered your rating of the reply to “%(title)s” from your paper "
        "feedback form: please check what was recorded in your name"
    )
    assert told % {"title": world.paper_suggestion.title} in inbox


def test_co_signers_account_is_told_too(paper_world, settings):
    settings.CO_SIGNERS_RATE = True
    world = paper_world
    sun = Deputy.objects.create(name="孙七", group=world.street)
    account = User.objects.create_user(
        username="sunqi", password="x", role=Role.DEPUTY, deputy=sun, is_active=False
    )
    s = paper_suggestion(world, lead=world.zhao, co_signers=[sun])
    enter(world, suggestion=s)
    assert not Notification.objects.filter(recipient=account).exists()  # the lead's form
    enter(world, suggestion=s, deputy=sun)
    (notice,) = Notification.objects.filter(recipient=account)
    assert notice.verb == "rating_entered_on_paper"


def test_no_other_deputy_is_told_of_a_paper_rating(paper_world, zhao_account):
    enter(paper_world)
    told = Notification.objects.filter(verb="rating_entered_on_paper")
    assert list(told.values_list("recipient", flat=True)) == [zhao_account.pk]


def test_deputy_archive_marks_ratings_entered_by_staff(paper_world, zhao_account):
    world = paper_world
    enter(world)
    page = _client(world.staff).get(reverse("disclosure:deputy", args=[world.zhao.pk]))
    assert page.status_code == 200
    assert MARK in page.content.decode()


def test_public_never_sees_who_entered_a_paper_rating(paper_world, client):
    world = paper_world
    enter(world)
    Suggestion.objects.filter(pk=world.paper_suggestion.pk).update(publication_consent="full")
    p = disclosure.publication_prepare(user=world.staff, suggestion=world.paper_suggestion)
    p = disclosure.publication_publish(user=world.staff, publication=p)
    pages = [
        client.get(f"/public/suggestions/{p.pk}/"),
        client.get("/public/statistics/"),
        client.get("/api/v1/public/stats/"),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        assert "陈静" not in body and "chenjing" not in body
    assert world.paper_suggestion.title in pages[0].content.decode()
