"""Fill the database with a realistic history of N suggestions, in bulk.

Every row a service would write is written here too (events, assignments, replies, promises,
ratings, contacts, notifications, viewflow processes and tasks), consistent with each
suggestion's status, so the benchmark's transitions and pages run on real-looking data.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from notifications.models import Notification
from pypinyin import Style, lazy_pinyin
from viewflow.workflow.models import Process, Task

from bench.sink import Sink, create_indexes, drop_indexes, reset_sequences
from disclosure import cache as disclosure_cache
from suggestions.models import (
    Assignment,
    Category,
    Contact,
    CoSigner,
    Deputy,
    DeputyGroup,
    Event,
    Promise,
    Rating,
    Reply,
    Role,
    Session,
    Status,
    Suggestion,
    Unit,
    UnitRequest,
)

FLOW = "workflows/flows.SuggestionFlow"
CHUNK = 5000
DAY = dt.timedelta(days=1)
# Units ask for more time on about one suggestion in twelve (approved once the reply is written;
# still waiting for the committee while the unit handles it), a month each.
EXTENSION_SHARE = 0.08
EXTENSION = 30 * DAY

# Status mix of a finished session and of the current one (weights, not percentages).
PAST_MIX = {
    Status.CLOSED: 80,
    Status.NOT_ACCEPTED: 6,
    Status.MERGED: 3,
    Status.WITHDRAWN: 3,
    Status.RATED: 4,
    Status.REPLIED: 2,
    Status.HANDLING: 2,
}
CURRENT_MIX = {
    Status.DRAFT: 5,
    Status.SUBMITTED: 8,
    Status.ACCEPTED: 5,
    Status.ASSIGNED: 8,
    Status.HANDLING: 22,
    Status.HANDLED: 7,
    Status.REPLIED: 10,
    Status.RATED: 7,
    Status.REHANDLING: 3,
    Status.CLOSED: 15,
    Status.NOT_ACCEPTED: 5,
    Status.MERGED: 2,
    Status.WITHDRAWN: 3,
}
# Steps of the main path, in order; a status has reached every step up to its own.
PATH = ["draft", "submitted", "accepted", "assigned", "handling", "handled", "replied", "rated"]
REACHED = {
    Status.DRAFT: 0,
    Status.SUBMITTED: 1,
    Status.NOT_ACCEPTED: 1,
    Status.MERGED: 1,
    Status.WITHDRAWN: 1,
    Status.ACCEPTED: 2,
    Status.ASSIGNED: 3,
    Status.HANDLING: 4,
    Status.HANDLED: 5,
    Status.REPLIED: 6,
    Status.RATED: 7,
    Status.REHANDLING: 7,
    Status.CLOSED: 7,
}
# Viewflow: the Handle nodes completed for each status, then the node it waits at (or its End).
HANDLES = ["draft", "review", "assignment", "handling", "reply_check", "rating", "closing"]
FLOW_STATE = {
    Status.DRAFT: (0, "draft"),
    Status.SUBMITTED: (1, "review"),
    Status.ACCEPTED: (2, "assignment"),
    Status.ASSIGNED: (3, "handling"),
    Status.HANDLING: (3, "handling"),
    Status.HANDLED: (4, "reply_check"),
    Status.REPLIED: (5, "rating"),
    Status.RATED: (6, "closing"),
    Status.REHANDLING: (6, "rehandling"),
    Status.CLOSED: (7, "end_closed"),
    Status.NOT_ACCEPTED: (2, "end_not_accepted"),
    Status.MERGED: (2, "end_merged"),
    Status.WITHDRAWN: (2, "end_withdrawn"),
}
TOPICS = [
    "增设学校周边交通信号灯",
    "加快老旧小区加装电梯",
    "改善社区养老服务设施",
    "规范共享单车停放管理",
    "提升农贸市场环境卫生",
    "增加公共停车泊位",
    "推进垃圾分类常态化",
    "优化公交线路和班次",
    "加强河道水环境治理",
    "完善社区卫生服务中心",
    "建设口袋公园和健身步道",
    "解决小区二次供水问题",
    "加强校外培训机构监管",
    "推动背街小巷环境整治",
    "提高夜间道路照明",
    "缓解医院周边交通拥堵",
]
PLACES = ["东城街道", "西城街道", "南湖街道", "北关街道", "河西街道", "新华街道", "城关镇"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华建国红梅玉兰志文斌海燕"
CATEGORIES = ["城乡建设", "交通出行", "教育", "医疗卫生", "社会保障", "生态环境", "经济发展",
              "农业农村", "文化旅游", "公共安全", "政务服务", "其他"]  # fmt: skip


@dataclass
class Directory:
    """Ids of the directory rows every suggestion refers to."""

    sessions: list[Session]
    categories: list[int]
    units: list[int]
    deputies: list[int]
    handler_of: dict[int, int]
    head_of: dict[int, int]
    user_of_deputy: dict[int, int]
    staff: list[int]
    leaders: list[int] = field(default_factory=list)


@dataclass
class Result:
    n: int
    seconds: float
    rows: dict[str, int]
    directory: Directory


def _ids(model) -> int:
    """The next free id of a table (rows are written with explicit ids)."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{model._meta.db_table}"')
        return cursor.fetchone()[0] + 1


def _name(rnd: random.Random) -> str:
    return rnd.choice(SURNAMES) + "".join(rnd.choice(GIVEN) for _ in range(rnd.randint(1, 2)))


def wipe() -> None:
    """Empty every table the generator fills (PostgreSQL; the bench database only)."""
    tables = [
        m._meta.db_table
        for m in (
            Notification,
            Task,
            Process,
            Event,
            UnitRequest,
            Rating,
            Promise,
            Contact,
            Reply,
            Assignment,
            CoSigner,
            Suggestion,
            get_user_model(),
            Deputy,
            DeputyGroup,
            Unit,
            Category,
            Session,
        )
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"
        )


def make_directory(
    rnd: random.Random, *, sessions: int, units: int, deputies: int, now: dt.datetime
) -> Directory:
    """Sessions, categories, street committees, units, deputies and their user accounts."""
    User = get_user_model()
    year = now.year
    tag = f"{rnd.randrange(10**6):06d}"  # keeps names unique if run twice into one database
    session_rows = Session.objects.bulk_create(
        Session(
            name=f"第{i + 1}次会议（{year - sessions + 1 + i}年）·{tag}",
            year=year - sessions + 1 + i,
            start_date=dt.date(year - sessions + 1 + i, 1, 10),
            end_date=dt.date(year - sessions + 1 + i, 12, 31),
            is_current=(i == sessions - 1),
        )
        for i in range(sessions)
    )
    cats = Category.objects.bulk_create(
        Category(name=f"{c}·{tag}", order=i) for i, c in enumerate(CATEGORIES)
    )
    groups = DeputyGroup.objects.bulk_create(
        DeputyGroup(name=f"{PLACES[i % len(PLACES)]}工委{i + 1}·{tag}") for i in range(30)
    )
    unit_rows = Unit.objects.bulk_create(
        Unit(
            code=f"U{tag}{i:04d}", name=f"承办单位{i + 1:03d}·{tag}", responsible_person=_name(rnd)
        )
        for i in range(units)
    )
    names = [_name(rnd) for _ in range(deputies)]
    deputy_rows = Deputy.objects.bulk_create(
        Deputy(
            name=name,
            group_id=groups[i % len(groups)].pk,
            pinyin="".join(lazy_pinyin(name)),
            initials="".join(lazy_pinyin(name, style=Style.FIRST_LETTER)),
        )
        for i, name in enumerate(names)
    )

    def user(username, role, **kw):
        return User(username=username, password="!", role=role, full_name=_name(rnd), **kw)

    users = [user(f"b{tag}staff{i}", Role.STAFF) for i in range(5)]
    users += [user(f"b{tag}leader{i}", Role.LEADER) for i in range(2)]
    for u in unit_rows:
        users.append(user(f"b{tag}h{u.pk}", Role.UNIT_HANDLER, unit_id=u.pk))
        users.append(user(f"b{tag}m{u.pk}", Role.UNIT_HEAD, unit_id=u.pk))
    users += [user(f"b{tag}d{d.pk}", Role.DEPUTY, deputy_id=d.pk) for d in deputy_rows]
    users = User.objects.bulk_create(users, batch_size=1000)
    return Directory(
        sessions=session_rows,
        categories=[c.pk for c in cats],
        units=[u.pk for u in unit_rows],
        deputies=[d.pk for d in deputy_rows],
        handler_of={u.unit_id: u.pk for u in users if u.role == Role.UNIT_HANDLER},
        head_of={u.unit_id: u.pk for u in users if u.role == Role.UNIT_HEAD},
        user_of_deputy={u.deputy_id: u.pk for u in users if u.role == Role.DEPUTY},
        staff=[u.pk for u in users if u.role == Role.STAFF],
        leaders=[u.pk for u in users if u.role == Role.LEADER],
    )


class History:
    """Writes one suggestion's whole history into the sinks, with ids allocated here."""

    def __init__(self, rnd: random.Random, directory: Directory, now: dt.datetime):
        self.rnd = rnd
        self.d = directory
        self.now = now
        self.models = {
            "suggestion": Suggestion,
            "cosigner": CoSigner,
            "assignment": Assignment,
            "reply": Reply,
            "promise": Promise,
            "rating": Rating,
            "contact": Contact,
            "event": Event,
            "notification": Notification,
            "process": Process,
            "task": Task,
            "unitrequest": UnitRequest,
        }
        self.sinks = {k: Sink(m) for k, m in self.models.items()}
        self.next_id = {k: _ids(m) for k, m in self.models.items()}
        ct = ContentType.objects.get_for_models(Suggestion, Event, get_user_model())
        self.ct_suggestion = ct[Suggestion].pk
        self.ct_event = ct[Event].pk
        self.ct_user = ct[get_user_model()].pk
        ids = [s.pk for s in directory.sessions]
        self.numbers = dict(Session.objects.filter(pk__in=ids).values_list("pk", "next_number"))

    def _id(self, kind: str) -> int:
        value = self.next_id[kind]
        self.next_id[kind] = value + 1
        return value

    def flush(self) -> None:
        for sink in self.sinks.values():
            sink.flush()

    def finish(self) -> dict[str, int]:
        self.flush()
        reset_sequences([m._meta.db_table for m in self.models.values()])
        for session in self.d.sessions:
            Session.objects.filter(pk=session.pk).update(next_number=self.numbers[session.pk])
        return {k: s.written for k, s in self.sinks.items()}

    # --- one suggestion -------------------------------------------------------------------
    def add(self, session: Session, status: str, current: bool) -> None:
        rnd, d = self.rnd, self.d
        sid = self._id("suggestion")
        reached = REACHED[status]
        span = 80 + rnd.randint(0, 30)
        if current:
            latest = self.now - dt.timedelta(days=span * reached / 7 + 1)
            start = timezone.make_aware(dt.datetime(session.year, 1, 10, 9))
            created = start + (latest - start) * rnd.random() if latest > start else latest
        else:
            start = timezone.make_aware(dt.datetime(session.year, 1, 10, 9))
            created = start + dt.timedelta(days=rnd.randint(0, 200), minutes=rnd.randint(0, 600))
        times = [created + dt.timedelta(days=span * k / 7) for k in range(len(PATH))]
        deputy = rnd.choice(d.deputies)
        deputy_user = d.user_of_deputy[deputy]
        staff = rnd.choice(d.staff)
        number = None
        if reached >= 1:
            number = self.numbers[session.pk]
            self.numbers[session.pk] += 1
        round_ = 2 if status == Status.REHANDLING else 1
        events: list[tuple] = []

        def event(verb, actor, k, frm, to, assignment=None, **payload):
            eid = self._id("event")
            events.append((eid, sid, assignment, actor, verb, frm, to, payload, times[k]))
            return eid

        event("created", deputy_user, 0, "", Status.DRAFT)
        # Co-signers: confirmed once submitted, invited while a draft.
        cosigners = rnd.sample(d.deputies, rnd.choice((0, 0, 1, 2, 3)))
        for co in cosigners:
            if co == deputy:
                continue
            state = "invited" if reached == 0 else "confirmed"
            self.sinks["cosigner"].add(
                id=self._id("cosigner"),
                suggestion_id=sid,
                deputy_id=co,
                state=state,
                responded_at=times[1] if reached else None,
            )
        if reached >= 1:
            e = event("submitted", deputy_user, 1, Status.DRAFT, Status.SUBMITTED, number=number)
            self.notify(staff, deputy_user, "submitted", sid, e, times[1], current)
        title = f"关于{rnd.choice(PLACES)}{rnd.choice(TOPICS)}的建议"
        outcome = {
            Status.NOT_ACCEPTED: "not_accepted",
            Status.MERGED: "merged",
            Status.WITHDRAWN: "withdrawn",
        }.get(status)
        if outcome:
            actor = deputy_user if outcome == "withdrawn" else staff
            e = event(outcome, actor, 2, Status.SUBMITTED, status)
            self.notify(deputy_user, actor, outcome, sid, e, times[2], current)
        elif reached >= 2:
            e = event("accepted", staff, 2, Status.SUBMITTED, Status.ACCEPTED)
            self.notify(deputy_user, staff, "accepted", sid, e, times[2], current)
        mode = ""
        rating_due = None
        if reached >= 3 and not outcome:
            mode = self.assignments(sid, status, times, staff, deputy, deputy_user, event, current)
            if reached >= 6:
                rating_due = (times[6] + 28 * DAY).date()
        # A merged suggestion's target is not linked: it may be written in a later chunk.
        merged_into = None
        done = status in (Status.CLOSED, Status.NOT_ACCEPTED, Status.MERGED, Status.WITHDRAWN)
        if status == Status.CLOSED:
            event("closed", staff, 7, Status.RATED, Status.CLOSED)
        updated = max(e[-1] for e in events)
        self.sinks["suggestion"].add(
            id=sid,
            session_id=session.pk,
            number=number,
            title=title,
            content=f"{title[2:-3]}。群众反映强烈，建议有关部门统筹研究、限期解决，并向代表反馈办理情况。",
            category_id=rnd.choice(d.categories),
            lead_deputy_id=deputy,
            publication_consent=rnd.choice(("full", "full", "full", "title", "none")),
            in_session=rnd.random() < 0.6,
            status=status,
            assignment_mode=mode,
            round=round_,
            not_accepted_reason=(
                "属于个人诉求，不符合代表建议立案条件。" if status == Status.NOT_ACCEPTED else ""
            ),
            merged_into_id=merged_into,
            rating_due=rating_due,
            created_by_id=deputy_user,
            created_at=times[0],
            updated_at=updated,
            submitted_at=times[1] if reached >= 1 else None,
            assigned_at=times[3] if reached >= 3 and not outcome else None,
            replied_at=times[6] if reached >= 6 and not outcome else None,
            closed_at=times[7] if status == Status.CLOSED else None,
        )
        sink = self.sinks["event"]
        for eid, suggestion, assignment, actor, verb, frm, to, payload, when in events:
            sink.add(
                id=eid,
                suggestion_id=suggestion,
                assignment_id=assignment,
                actor_id=actor,
                verb=verb,
                from_status=frm,
                to_status=to,
                round=1,
                payload=json.dumps(payload, ensure_ascii=False) if payload else "{}",
                created_at=when,
            )
        self.process(sid, status, times, done)

    def assignments(self, sid, status, times, staff, deputy, deputy_user, event, current) -> str:
        """Units, their per-unit state, replies, promises, ratings and contacts."""
        rnd, d = self.rnd, self.d
        reached = REACHED[status]
        split = rnd.random() < 0.15
        units = rnd.sample(d.units, 2 if split else 1 + rnd.choice((0, 0, 1, 1, 2)))
        roles = ["split"] * len(units) if split else ["lead"] + ["co"] * (len(units) - 1)
        assigned = times[3]
        e = event("assigned", staff, 3, Status.ACCEPTED, Status.ASSIGNED)
        for unit in units:
            self.notify(d.handler_of[unit], staff, "assigned", sid, e, assigned, current)
        rated = reached >= 7 and status != Status.REPLIED
        dissatisfied = status == Status.REHANDLING
        for unit, role in zip(units, roles, strict=True):
            aid = self._id("assignment")
            handler, head = d.handler_of[unit], d.head_of[unit]
            replying = role != "co"
            a_status, a_round = self._assignment_status(status, replying), 1
            if a_status == "signed" and status == Status.HANDLING and rnd.random() < 0.4:
                a_status = "drafted"
            if status == Status.REHANDLING and replying:
                a_round = 2
            due = original_due = (assigned + 90 * DAY).date()
            signed = reached >= 4 or a_status != "assigned"
            if signed:
                event("signed", handler, 4, Status.ASSIGNED, Status.HANDLING, aid)
                if replying:
                    self.sinks["contact"].add(
                        id=self._id("contact"),
                        assignment_id=aid,
                        kind="meeting",
                        date=times[4].date(),
                        recorded_by_id=handler,
                        created_at=times[4],
                    )
            if signed and replying and rnd.random() < EXTENSION_SHARE:
                due = self.extension(aid, handler, staff, due, a_status, times, event)
            if not replying and a_status == "opinion_sent":
                event("opinion_submitted", handler, 4, Status.HANDLING, Status.HANDLING, aid)
            if replying and a_status in ("drafted", "signed_off", "replied") or a_round == 2:
                self.reply(aid, unit, handler, head, 1, a_status, times, event, status)
            self.sinks["assignment"].add(
                id=aid,
                suggestion_id=sid,
                unit_id=unit,
                role=role,
                status=a_status,
                round=a_round,
                assigned_at=assigned,
                due_date=due,
                original_due_date=original_due,
                reassignment_due=(assigned + 7 * DAY).date(),
                opinion_due=(assigned + 30 * DAY).date() if role == "co" else None,
                signed_at=times[4] if signed else None,
                signed_by_id=handler if signed else None,
                opinion="同意主办单位意见，积极配合办理。" if a_status == "opinion_sent" else "",
                opinion_at=times[4] if a_status == "opinion_sent" else None,
            )
        if reached >= 6:
            e = event("replied", staff, 6, Status.HANDLED, Status.REPLIED)
            self.notify(deputy_user, staff, "replied", sid, e, times[6], current)
        if rated or dissatisfied:
            grades = ("satisfied", "satisfied", "satisfied", "basically_satisfied")
            result = "dissatisfied" if dissatisfied else rnd.choice(grades)
            met = rnd.random() < 0.85
            self.sinks["rating"].add(
                id=self._id("rating"),
                suggestion_id=sid,
                deputy_id=deputy,
                round=1,
                process=rnd.choice(grades),
                result=result,
                met=met,
                rated_by_id=deputy_user,
                created_at=times[7],
            )
            to = Status.REHANDLING if dissatisfied else Status.RATED
            e = event("rated", deputy_user, 7, Status.REPLIED, to, result=result, met=met)
            self.notify(d.handler_of[units[0]], deputy_user, "rated", sid, e, times[7], current)
        return "split" if split else "joint"

    def extension(self, aid, handler, staff, due, a_status, times, event) -> dt.date:
        """An extension the unit asked for after signing: approved (the event the statistics read
        the due date in force from) once its reply is drafted, else still pending. Returns the
        assignment's due date."""
        requested = due + EXTENSION
        approved = a_status != "signed"
        rid = self._id("unitrequest")
        reason = "涉及跨部门协调和资金安排，申请延期办理。"
        self.sinks["unitrequest"].add(
            id=rid,
            assignment_id=aid,
            kind=UnitRequest.Kind.EXTENSION,
            state=UnitRequest.State.APPROVED if approved else UnitRequest.State.PENDING,
            reason=reason,
            requested_due_date=requested,
            requested_by_id=handler,
            created_at=times[4] + DAY,
            decided_by_id=staff if approved else None,
            decided_at=times[4] + 2 * DAY if approved else None,
        )
        args = (Status.HANDLING, Status.HANDLING, aid)
        event("extension_requested", handler, 4, *args, request=rid, reason=reason,
              due_date=requested.isoformat())  # fmt: skip
        if not approved:
            return due
        event("extension_approved", staff, 4, *args, request=rid, previous_due=due.isoformat(),
              due_date=requested.isoformat())  # fmt: skip
        return requested

    @staticmethod
    def _assignment_status(status: str, replying: bool) -> str:
        if status == Status.ASSIGNED:
            return "assigned"
        if not replying:
            return "opinion_sent"
        return {
            Status.HANDLING: "signed",
            Status.HANDLED: "signed_off",
            Status.REHANDLING: "signed",
        }.get(status, "replied")

    def reply(self, aid, unit, handler, head, round_, a_status, times, event, status) -> None:
        rnd = self.rnd
        cls = rnd.choice("AAABBCD")
        rid = self._id("reply")
        signed_off = a_status in ("signed_off", "replied") or status == Status.REHANDLING
        approved = a_status == "replied" or status == Status.REHANDLING
        self.sinks["reply"].add(
            id=rid,
            assignment_id=aid,
            round=round_,
            result_class=cls,
            original_class=cls,
            text="经认真研究，我单位已会同有关部门现场调研，现将办理情况答复如下。",
            drafted_by_id=handler,
            drafted_at=times[5],
            signed_off_by_id=head if signed_off else None,
            signed_off_at=times[5] if signed_off else None,
            approved_at=times[6] if approved else None,
        )
        event("reply_drafted", handler, 5, Status.HANDLING, Status.HANDLING, aid, result_class=cls)
        if signed_off:
            event("reply_signed_off", head, 5, Status.HANDLING, Status.HANDLED, aid)
        if cls in "BC":
            for k in range(rnd.randint(1, 2)):
                due = (times[6] + dt.timedelta(days=120 + 60 * k)).date()
                state = "fulfilled" if due < self.now.date() and rnd.random() < 0.7 else "open"
                self.sinks["promise"].add(
                    id=self._id("promise"),
                    reply_id=rid,
                    unit_id=unit,
                    text="年内完成项目立项并启动实施。",
                    due_date=due,
                    state=state,
                )

    def notify(self, recipient, actor, verb, sid, event_id, when, current) -> None:
        if recipient == actor:
            return
        self.sinks["notification"].add(
            id=self._id("notification"),
            level="info",
            recipient_id=recipient,
            unread=current and when > self.now - 60 * DAY,
            actor_content_type_id=self.ct_user,
            actor_object_id=str(actor),
            verb=verb,
            target_content_type_id=self.ct_suggestion,
            target_object_id=str(sid),
            action_object_content_type_id=self.ct_event,
            action_object_object_id=str(event_id),
            timestamp=when,
            public=True,
            deleted=False,
            emailed=True,
            data=f'{{"suggestion": {sid}, "event": {event_id}}}',
        )

    def process(self, sid: int, status: str, times, done: bool) -> None:
        """The viewflow process: finished Handle tasks, then the waiting task or the End."""
        pid = self._id("process")
        completed, last = FLOW_STATE[status]
        finished = times[min(REACHED[status] + 1, 7)] if done else None
        self.sinks["process"].add(
            id=pid,
            flow_class=FLOW,
            status="DONE" if done else "NEW",
            created=times[0],
            finished=finished,
            data="{}",
            artifact_content_type_id=self.ct_suggestion,
            artifact_object_id=sid,
        )
        sink = self.sinks["task"]

        def task(node, kind, state, when, end):
            sink.add(
                id=self._id("task"),
                flow_task=f"{FLOW}.{node}",
                flow_task_type=kind,
                status=state,
                created=when,
                started=when if state == "DONE" and kind != "END" else None,
                finished=end,
                token="start",
                process_id=pid,
                data="{}",
            )

        task("start", "START", "DONE", times[0], times[0])
        for k, node in enumerate(HANDLES[:completed]):
            at = times[min(k, 7)]
            task(node, "FUNCTION", "DONE", at, at)
        if status == Status.REHANDLING:
            task("rehandling", "FUNCTION", "NEW", times[7], None)
        elif last.startswith("end_"):
            task(last, "END", "DONE", finished, finished)
        else:
            task(last, "FUNCTION", "NEW", times[min(completed, 7)], None)


def _defer_checks() -> None:
    """Skip per-row foreign-key triggers for this bulk load, as pg_restore does; the rows are
    written consistent by construction. Needs a superuser; otherwise the checks just run."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")


def _restore_checks() -> None:
    # SET LOCAL lasts to the end of the outermost transaction (a test's): end it here.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def generate(
    n: int,
    *,
    sessions: int = 10,
    units: int = 200,
    deputies: int = 3000,
    seed: int = 20261126,
    clear: bool = False,
    directory: Directory | None = None,
    progress=None,
) -> Result:
    """Write N suggestions with their whole history; returns the time taken and row counts."""
    rnd = random.Random(seed)
    begin = time.perf_counter()
    now = timezone.now()
    with transaction.atomic():
        if clear:
            wipe()
        _defer_checks()
        if directory is None:
            directory = make_directory(
                rnd, sessions=sessions, units=units, deputies=deputies, now=now
            )
        history = History(rnd, directory, now)
        rebuild = drop_indexes([sink.table for sink in history.sinks.values()])
        k = len(directory.sessions)
        per_session = [n // k + (1 if i < n % k else 0) for i in range(k)]
        mixes = [PAST_MIX] * (k - 1) + [CURRENT_MIX]
        done = 0
        for session, count, mix in zip(directory.sessions, per_session, mixes, strict=True):
            # Every status appears in the current session, even at tiny N.
            statuses = list(mix) if mix is CURRENT_MIX else []
            statuses += rnd.choices(list(mix), weights=list(mix.values()), k=count - len(statuses))
            for status in statuses[:count]:
                history.add(session, status, current=mix is CURRENT_MIX)
                done += 1
                if done % CHUNK == 0:
                    history.flush()
                    if progress:
                        progress(done, time.perf_counter() - begin)
        rows = history.finish()
        create_indexes(rebuild)
        _restore_checks()
    # The rows were written without signals: move the statistics cache on by hand.
    disclosure_cache.invalidate()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A history years old has been vacuumed: its visibility maps let index-only scans
            # (the unread badge, counts) skip the table. VACUUM cannot run inside a transaction
            # (the tests' generate()); statistics for the planner either way.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    return Result(n=n, seconds=time.perf_counter() - begin, rows=rows, directory=directory)
