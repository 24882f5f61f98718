"""Follow-through in the demo district: a key-supervision topic under way and an open
satisfaction survey, made through the same services the pages use. Run after `seed_demo`
(`make run` does); running it again changes nothing."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from followup.models import KeyItem, Survey
from followup.services import key_supervision as key
from followup.services import survey as surveys
from followup.services.key_supervision import SUPERVISABLE
from suggestions.models import Assignment, AssignmentRole, Session, Suggestion, User

TOPIC = "学校周边交通安全综合整治"
SURVEY = "本次会议代表建议办理工作满意度测评"


class Command(BaseCommand):
    help = "Add a key-supervision topic and an open survey to the demo district (idempotent)."

    def handle(self, *args, **options):
        session = Session.objects.filter(is_current=True).first()
        staff = User.objects.filter(username="staff").first()
        leader = User.objects.filter(username="leader").first()
        if session is None or staff is None or leader is None:
            self.stdout.write("Run seed_demo first.")
            return
        with transaction.atomic():
            made = self.topic(session, staff, leader) | self.survey(session, staff)
        self.stdout.write("Follow-through demo data created." if made else "Already present.")

    def topic(self, session, staff, leader) -> bool:
        if KeyItem.objects.filter(session=session, title=TOPIC).exists():
            return False
        chosen = list(
            Suggestion.objects.filter(
                session=session, status__in=SUPERVISABLE, key_supervision__isnull=True
            ).order_by("number")[:3]
        )
        if not chosen:
            return False
        lead = (
            Assignment.objects.filter(suggestion=chosen[0], role=AssignmentRole.LEAD)
            .values_list("unit_id", flat=True)
            .first()
        )
        item = key.key_item_propose(
            user=staff,
            session=session,
            title=TOPIC,
            suggestions=[s.pk for s in chosen],
            leader=leader.pk,
            responsible_committee="教育科学文化卫生工作委员会",
            lead_unit=lead,
            reason="多件建议反映同一问题，群众关注度高，建议列为重点督办专题。",
        )
        key.key_item_decide(user=staff, item=item, selected=True, meeting_ref="第十二次主任会议")
        today = timezone.localdate()
        key.key_item_set_plan(
            user=staff,
            item=item,
            plan="一季度完成现场调研，二季度制定整治方案，三季度完成设施建设，年底前组织代表视察验收。",
            milestones=[
                {"title": "完成现场调研", "due_date": today + dt.timedelta(days=30)},
                {"title": "整治方案报常委会", "due_date": today + dt.timedelta(days=75)},
                {"title": "组织代表视察验收", "due_date": today + dt.timedelta(days=150)},
            ],
        )
        return True

    def survey(self, session, staff) -> bool:
        if Survey.objects.filter(session=session, title=SURVEY).exists():
            return False
        created = surveys.survey_create(user=staff, session=session, title=SURVEY)
        surveys.survey_open(user=staff, survey=created)
        return True
