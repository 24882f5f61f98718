import pytest

from office.services import paper_cosigners_register
from suggestions import services
from suggestions.models import Deputy
from tests import steps


def paper_suggestion(
    world, *, lead, co_signers=(), approve=True, session=None, title="关于增设社区绿地的建议"
):
    """A suggestion staff registered from paper for `lead` (in `session`, default the world's),
    with `co_signers` who signed the paper form, handled by the environment bureau (B) and,
    unless `approve` is false, replied."""
    s = services.suggestion_create(
        user=world.staff,
        session=session or world.session,
        title=title,
        content="老旧小区缺少绿地和休闲场所，建议利用边角地增设口袋公园。",
        category=world.category,
        lead_deputy=lead,
    )
    if co_signers:
        paper_cosigners_register(user=world.staff, suggestion=s, deputies=co_signers)
    services.suggestion_submit(user=world.staff, suggestion=s)
    services.suggestion_accept(user=world.staff, suggestion=s)
    services.suggestion_assign(user=world.staff, suggestion=s, lead_unit=world.env.pk)
    steps.reply(world, s, world.env, world.env_handler, world.env_head, result_class="B")
    if not approve:
        return steps.refreshed(s)
    return services.suggestion_approve_reply(user=world.staff, suggestion=s)


@pytest.fixture
def paper_world(world):
    """A replied suggestion whose lead deputy 赵六 has no account (registered on paper by staff)."""
    zhao = Deputy.objects.create(name="赵六", group=world.street)
    world.zhao = zhao
    world.paper_suggestion = paper_suggestion(world, lead=zhao)
    return world
