"""Named people and organisations every test can use: one small invented district."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from suggestions.models import Category, Deputy, DeputyGroup, Role, Session, Unit, User
from suggestions.workdays import seed_from_package

PASSWORD = "Demo-pass-2026"


@dataclass
class World:
    session: Session
    category: Category
    street: DeputyGroup
    zhang: User  # lead deputy 张伟
    li: User  # co-signing deputy 李娜
    wang: User  # another deputy 王强, unrelated to the suggestions under test
    staff: User  # committee staff 陈静
    leader: User  # committee leader 刘主任
    edu_handler: User  # 区教育局 handler
    edu_head: User
    traffic_handler: User  # 区交通局 handler
    traffic_head: User
    env_handler: User  # 区生态环境局 handler
    env_head: User
    other_handler: User  # 区民政局, never assigned in the tests
    edu: Unit
    traffic: Unit
    env: Unit
    other: Unit


def _user(username, role, name, **kwargs) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, role=role, full_name=name, **kwargs
    )
    return user


def make_world() -> World:
    seed_from_package([2025, 2026])
    session = Session.objects.create(
        name="第十八届人民代表大会第五次会议",
        year=2026,
        start_date=dt.date(2026, 1, 10),
        end_date=dt.date(2026, 12, 31),
        is_current=True,
    )
    category = Category.objects.create(name="教育文化")
    street = DeputyGroup.objects.create(name="东城街道工委")
    units = {
        code: Unit.objects.create(code=code, name=name, responsible_person=person)
        for code, name, person in [
            ("EDU", "区教育局", "周科长"),
            ("TRA", "区交通运输局", "吴科长"),
            ("ENV", "区生态环境局", "郑科长"),
            ("CIV", "区民政局", "冯科长"),
        ]
    }
    deputies = {n: Deputy.objects.create(name=n, group=street) for n in ("张伟", "李娜", "王强")}
    return World(
        session=session,
        category=category,
        street=street,
        zhang=_user("zhangwei", Role.DEPUTY, "张伟", deputy=deputies["张伟"]),
        li=_user("lina", Role.DEPUTY, "李娜", deputy=deputies["李娜"]),
        wang=_user("wangqiang", Role.DEPUTY, "王强", deputy=deputies["王强"]),
        staff=_user("chenjing", Role.STAFF, "陈静"),
        leader=_user("liu", Role.LEADER, "刘主任"),
        edu_handler=_user("edu1", Role.UNIT_HANDLER, "教育局联络员", unit=units["EDU"]),
        edu_head=_user("edu_head", Role.UNIT_HEAD, "教育局局长", unit=units["EDU"]),
        traffic_handler=_user("tra1", Role.UNIT_HANDLER, "交通局联络员", unit=units["TRA"]),
        traffic_head=_user("tra_head", Role.UNIT_HEAD, "交通局局长", unit=units["TRA"]),
        env_handler=_user("env1", Role.UNIT_HANDLER, "环境局联络员", unit=units["ENV"]),
        env_head=_user("env_head", Role.UNIT_HEAD, "环境局局长", unit=units["ENV"]),
        other_handler=_user("civ1", Role.UNIT_HANDLER, "民政局联络员", unit=units["CIV"]),
        edu=units["EDU"],
        traffic=units["TRA"],
        env=units["ENV"],
        other=units["CIV"],
    )
