"""Create the invented demo district, idempotently: running it twice leaves the same data.

Every suggestion is driven to its status through the services, so its events, notifications,
assignments and process are exactly what real use would have produced.
"""

import datetime as dt
import random

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from suggestions import demo_data as demo
from suggestions import services
from suggestions.models import (
    Assignment,
    Category,
    Deputy,
    DeputyGroup,
    Role,
    Session,
    Suggestion,
    Unit,
    User,
)
from suggestions.workdays import seed_from_package

DEMO_PASSWORD = "Demo-pass-2026"

# How many demo suggestions end in each status (64 in all, every status present).
PLAN = [
    ("closed", 11),
    ("rated", 4),
    ("rehandling", 3),
    ("replied", 6),
    ("handled", 4),
    ("handling", 8),
    ("assigned", 6),
    ("accepted", 4),
    ("submitted", 6),
    ("draft", 5),
    ("not_accepted", 3),
    ("merged", 2),
    ("withdrawn", 2),
]
ORDER = [
    "draft",
    "submitted",
    "accepted",
    "assigned",
    "handling",
    "handled",
    "replied",
    "rated",
    "closed",
]


class Command(BaseCommand):
    help = "Create the demo district (idempotent)."

    def handle(self, *args, **options):
        seed_from_package()
        with transaction.atomic():
            created = self.seed()
        self.stdout.write(
            self.style.SUCCESS("Demo data created.") if created else "Demo data already present."
        )

    def seed(self) -> bool:
        session, _ = Session.objects.get_or_create(
            name=demo.SESSION_NAME,
            defaults={
                "year": timezone.localdate().year,
                "start_date": dt.date(timezone.localdate().year, 1, 8),
                "end_date": dt.date(timezone.localdate().year, 12, 31),
                "is_current": True,
            },
        )
        Session.objects.get_or_create(
            name=demo.PREVIOUS_SESSION_NAME,
            defaults={
                "year": timezone.localdate().year - 1,
                "start_date": dt.date(timezone.localdate().year - 1, 1, 9),
                "end_date": dt.date(timezone.localdate().year - 1, 12, 31),
            },
        )
        categories = {
            name: Category.objects.get_or_create(name=name, defaults={"order": i})[0]
            for i, name in enumerate(demo.CATEGORIES)
        }
        units = {
            code: Unit.objects.get_or_create(
                code=code, defaults={"name": name, "responsible_person": person}
            )[0]
            for code, name, person in demo.UNITS
        }
        deputies = self.seed_people(units)
        if session.suggestions.exists():
            return False
        self.seed_suggestions(session, categories, units, deputies)
        return True

    def seed_people(self, units) -> list[Deputy]:
        streets = [DeputyGroup.objects.get_or_create(name=n)[0] for n in demo.STREETS]
        deputies = []
        for i in range(48):
            name = demo.SURNAMES[i % len(demo.SURNAMES)] + demo.GIVEN[(i * 7) % len(demo.GIVEN)]
            deputy, _ = Deputy.objects.get_or_create(
                name=name, defaults={"group": streets[i % len(streets)]}
            )
            deputies.append(deputy)
            self.user(f"deputy{i + 1:02d}", Role.DEPUTY, name, deputy=deputy)
        self.user("staff", Role.STAFF, "陈静")
        self.user("staff2", Role.STAFF, "林晓")
        self.user("leader", Role.LEADER, "刘振国")
        self.user("leader2", Role.LEADER, "何淑华")
        for code, unit in units.items():
            self.user(code.lower(), Role.UNIT_HANDLER, f"{unit.name}联络员", unit=unit)
            self.user(f"{code.lower()}_head", Role.UNIT_HEAD, f"{unit.name}负责人", unit=unit)
        return deputies

    _password_hash = None

    def user(self, username, role, full_name, **extra) -> User:
        # Hash the shared demo password once: hashing it per user would take half a minute.
        if self._password_hash is None:
            self._password_hash = make_password(DEMO_PASSWORD)
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "full_name": full_name,
                "password": self._password_hash,
                **extra,
            },
        )
        return user

    def seed_suggestions(self, session, categories, units, deputies) -> None:
        rng = random.Random(2026)
        staff = User.objects.get(username="staff")
        leaders = list(User.objects.filter(role=Role.LEADER).order_by("username"))
        targets = [status for status, count in PLAN for _ in range(count)]
        merge_target = None
        for i, target in enumerate(targets):
            template = demo.SUGGESTIONS[i % len(demo.SUGGESTIONS)]
            category, title, situation, proposals, lead, co = template
            if i >= len(demo.SUGGESTIONS):
                title = title.replace("的建议", f"（{demo.STREETS[i % 5][:2]}片区）的建议")
            content = self.content(situation, proposals)
            deputy = deputies[(i * 5) % len(deputies)]
            cosigners = [deputies[(i * 5 + k) % len(deputies)] for k in (1, 2)][: rng.randint(0, 2)]
            ctx = {
                "session": session,
                "title": title,
                "content": content,
                "category": categories[category],
                "deputy": deputy,
                "cosigners": cosigners,
                "lead": units[lead],
                "co": [units[c] for c in co],
                "staff": staff,
                "split": i % 9 == 4 and bool(co),
                "in_session": i % 3 == 0,
                "result_class": "ABBC"[i % 4],
                "rng": rng,
            }
            if target == "draft" and targets[i + 1] != "draft":
                # The last draft came on paper: staff registered it and carry on typing it in, so
                # the staff dashboard has a draft of its own (deputies' drafts are private).
                services.suggestion_create(
                    user=staff,
                    session=session,
                    title=title,
                    content=content,
                    category=ctx["category"],
                    lead_deputy=deputy,
                )
                continue
            if target == "merged":
                suggestion = self.drive(ctx, "submitted")
                services.suggestion_merge(user=staff, suggestion=suggestion, into=merge_target)
                continue
            if target == "not_accepted":
                suggestion = self.drive(ctx, "submitted")
                services.suggestion_not_accept(
                    user=staff,
                    suggestion=suggestion,
                    reason=demo.NOT_ACCEPTED_REASONS[i % len(demo.NOT_ACCEPTED_REASONS)],
                )
                continue
            if target == "withdrawn":
                suggestion = self.drive(ctx, "submitted")
                services.suggestion_withdraw(
                    user=self.deputy_user(deputy),
                    suggestion=suggestion,
                    reason="问题已解决，申请撤回。",
                )
                continue
            if target == "rehandling":
                suggestion = self.drive(ctx, "replied")
                self.rate(suggestion, deputy, "dissatisfied")
                continue
            suggestion = self.drive(ctx, target)
            if target in ("accepted", "submitted") and merge_target is None:
                merge_target = suggestion
            if target in ("handling", "closed") and i % 4 == 0:
                services.suggestion_set_key_supervision(
                    user=staff,
                    suggestion=suggestion,
                    leader=leaders[i % len(leaders)],
                    responsible_committee="城建环保工委",
                    note="列入年度重点督办建议。",
                )
        self.age_assignments()

    @staticmethod
    def content(situation: str, proposals: list[str]) -> str:
        numbered = "；".join(f"{'一二三四'[k]}是{p}" for k, p in enumerate(proposals))
        return f"{situation}\n\n为此建议：{numbered}。\n\n以上建议，请予研究办理。"

    @staticmethod
    def deputy_user(deputy) -> User:
        return User.objects.get(deputy=deputy)

    def drive(self, ctx, target: str):
        """Walk one suggestion through the services up to `target`."""
        user = self.deputy_user(ctx["deputy"])
        staff = ctx["staff"]
        suggestion = services.suggestion_create(
            user=user,
            session=ctx["session"],
            title=ctx["title"],
            content=ctx["content"],
            category=ctx["category"],
            co_signers=[d.pk for d in ctx["cosigners"]],
            publication_consent=ctx["rng"].choice(["full", "full", "full", "title", "none"]),
            in_session=ctx["in_session"],
        )
        step = ORDER.index(target)
        if step == 0:
            return suggestion
        for cosigner in ctx["cosigners"]:
            services.cosign_confirm(user=self.deputy_user(cosigner), suggestion=suggestion)
        services.suggestion_submit(user=user, suggestion=suggestion)
        if step >= ORDER.index("accepted"):
            services.suggestion_accept(user=staff, suggestion=suggestion)
        if step >= ORDER.index("assigned"):
            if ctx["split"]:
                services.suggestion_assign(
                    user=staff,
                    suggestion=suggestion,
                    split_units=[ctx["lead"].pk] + [u.pk for u in ctx["co"][:1]],
                )
            else:
                services.suggestion_assign(
                    user=staff,
                    suggestion=suggestion,
                    lead_unit=ctx["lead"].pk,
                    co_units=[u.pk for u in ctx["co"]],
                )
        if step >= ORDER.index("handling"):
            self.handle_units(suggestion, ctx, reply=step >= ORDER.index("handled"))
        if step >= ORDER.index("replied"):
            services.suggestion_approve_reply(user=staff, suggestion=suggestion)
        if step >= ORDER.index("rated"):
            grade = ctx["rng"].choice(["satisfied", "satisfied", "basically_satisfied"])
            self.rate(suggestion, ctx["deputy"], grade)
        if step >= ORDER.index("closed"):
            services.suggestion_close(user=staff, suggestion=suggestion)
        return Suggestion.objects.get(pk=suggestion.pk)

    def handle_units(self, suggestion, ctx, reply: bool) -> None:
        for assignment in Assignment.objects.filter(suggestion=suggestion).select_related("unit"):
            handler = User.objects.get(username=assignment.unit.code.lower())
            head = User.objects.get(username=f"{assignment.unit.code.lower()}_head")
            services.assignment_sign(user=handler, assignment=assignment)
            if assignment.role == "co":
                services.assignment_submit_opinion(
                    user=handler,
                    assignment=assignment,
                    text=f"{assignment.unit.name}原则同意主办单位意见，将在职责范围内配合落实。",
                )
                continue
            services.assignment_record_contact(
                user=handler,
                assignment=assignment,
                kind="meeting",
                date=timezone.localdate(),
                note="与代表当面沟通办理思路。",
            )
            if not reply:
                continue
            result_class = ctx["result_class"]
            promises = []
            if result_class in ("B", "C"):
                promises = [
                    {
                        "text": "完成方案论证并纳入明年实施计划",
                        "due_date": timezone.localdate() + dt.timedelta(days=90),
                    }
                ]
            services.assignment_draft_reply(
                user=handler,
                assignment=assignment,
                result_class=result_class,
                text=(
                    f"{ctx['deputy'].name}代表：您提出的《{suggestion.title}》收悉。"
                    "我单位高度重视，经认真研究，现答复如下：已组织专题调研并制定工作方案，"
                    "相关措施正在逐步落实。感谢您对我们工作的关心和支持。"
                ),
                promises=promises,
            )
            services.assignment_sign_off(user=head, assignment=assignment)

    def rate(self, suggestion, deputy, grade: str) -> None:
        services.suggestion_rate(
            user=self.deputy_user(deputy),
            suggestion=suggestion,
            process="satisfied",
            result=grade,
            met=grade != "dissatisfied",
            comment="",
        )

    @staticmethod
    def age_assignments() -> None:
        """Spread the assignment dates of open work over the past months, so that due dates,
        traffic lights and overdue lists look like a real year. Due dates are recomputed with the
        working-day calendar; statuses are never touched here."""
        from suggestions.services.review import new_assignment

        open_work = (
            Assignment.objects.filter(suggestion__status__in=("assigned", "handling"), round=1)
            .select_related("suggestion__session")
            .order_by("pk")
        )
        for k, assignment in enumerate(open_work):
            assigned = timezone.now() - dt.timedelta(days=(k * 11) % 110)
            fresh = new_assignment(
                assignment.suggestion, assignment.unit_id, assignment.role, assigned
            )
            Assignment.objects.filter(pk=assignment.pk).update(
                assigned_at=assigned,
                due_date=fresh.due_date,
                original_due_date=fresh.original_due_date,
                reassignment_due=fresh.reassignment_due,
                opinion_due=fresh.opinion_due,
            )
