"""Survey reads: which units a deputy is asked about, per-unit aggregates that hide groups
smaller than SURVEY_MIN_GROUP, and where the survey and the ratings disagree."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from followup.selectors.satisfaction import latest_lead_ratings
from suggestions import permissions as perms
from suggestions.models import (
    AssignmentRole,
    AssignmentStatus,
    CoSigner,
    Grade,
    Rating,
    Suggestion,
    Unit,
)
from suggestions.rates import percent

GOOD = (Grade.SATISFIED, Grade.BASICALLY_SATISFIED)


def units_to_survey(survey, deputy_id: int | None) -> QuerySet:
    """Units that replied to a suggestion of the session the deputy led or co-signed."""
    if deputy_id is None:
        return Unit.objects.none()
    cosigned = CoSigner.objects.filter(
        suggestion=OuterRef("pk"), deputy_id=deputy_id, state=CoSigner.State.CONFIRMED
    )
    mine = Suggestion.objects.filter(session=survey.session_id, replied_at__isnull=False).filter(
        Q(lead_deputy_id=deputy_id) | Exists(cosigned)
    )
    return (
        Unit.objects.filter(
            assignments__suggestion__in=mine,
            assignments__role__in=(AssignmentRole.LEAD, AssignmentRole.SPLIT),
        )
        .exclude(assignments__status=AssignmentStatus.RELIEVED)
        .distinct()
        .order_by("code")
    )


def survey_results(user, survey) -> list[dict]:
    """Per-unit aggregates the user may see: staff and leaders every unit, a unit only its own.
    A unit with fewer than SURVEY_MIN_GROUP answers shows no figures at all."""
    if perms.sees_everything(user):
        return unit_aggregates(survey)
    uid = perms.unit_id(user)
    return unit_aggregates(survey, unit_id=uid) if uid is not None else []


def unit_aggregates(survey, *, unit_id: int | None = None) -> list[dict]:
    """Per-unit counts (one query); groups under the minimum size are reduced to their name."""
    from followup.models import SurveyAnswer

    qs = SurveyAnswer.objects.filter(response__survey=survey)
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    rows = (
        qs.values("unit_id", "unit__name")
        .annotate(
            answers=Count("id"),
            satisfied=Count("id", filter=Q(satisfaction=Grade.SATISFIED)),
            basically=Count("id", filter=Q(satisfaction=Grade.BASICALLY_SATISFIED)),
            dissatisfied=Count("id", filter=Q(satisfaction=Grade.DISSATISFIED)),
            met=Count("id", filter=Q(met=True)),
        )
        .order_by("unit__name")
    )
    minimum = settings.SURVEY_MIN_GROUP
    results = []
    for row in rows:
        if row["answers"] < minimum:
            row = {"unit_id": row["unit_id"], "unit__name": row["unit__name"], "suppressed": True}
        else:
            row["suppressed"] = False
            row["good_rate"] = percent(
                row["satisfied"] + row["basically"], row["answers"], empty=0.0
            )
            row["met_rate"] = percent(row["met"], row["answers"], empty=0.0)
        results.append(row)
    return results


def rating_by_unit(session) -> dict[int, dict]:
    """The lead deputies' latest-round ratings per replying unit, for one session."""
    rows = (
        Rating.objects.filter(pk__in=latest_lead_ratings(session).values("pk"))
        .filter(
            suggestion__assignments__role__in=(AssignmentRole.LEAD, AssignmentRole.SPLIT),
        )
        .exclude(suggestion__assignments__status=AssignmentStatus.RELIEVED)
        .values("suggestion__assignments__unit_id")
        .annotate(
            rated=Count("id"),
            good=Count("id", filter=Q(result__in=GOOD)),
            met=Count("id", filter=Q(met=True)),
        )
    )
    return {row["suggestion__assignments__unit_id"]: row for row in rows}


def survey_rating_disagreement(survey) -> list[dict]:
    """Units where the survey's satisfaction (or meeting) rate and the ratings' differ by at
    least SURVEY_DISAGREEMENT_POINTS; only units with enough survey answers are compared."""
    ratings = rating_by_unit(survey.session)
    threshold = settings.SURVEY_DISAGREEMENT_POINTS
    rows = []
    for row in unit_aggregates(survey):
        rated = ratings.get(row["unit_id"])
        if row["suppressed"] or not rated:
            continue
        rating_good = percent(rated["good"], rated["rated"], empty=0.0)
        rating_met = percent(rated["met"], rated["rated"], empty=0.0)
        gap_good = round(rating_good - row["good_rate"], 1)
        gap_met = round(rating_met - row["met_rate"], 1)
        if abs(gap_good) >= threshold or abs(gap_met) >= threshold:
            rows.append(
                {
                    "unit": row["unit__name"],
                    "survey_answers": row["answers"],
                    "survey_good_rate": row["good_rate"],
                    "rating_good_rate": rating_good,
                    "survey_met_rate": row["met_rate"],
                    "rating_met_rate": rating_met,
                    "rated": rated["rated"],
                    "gap_good": gap_good,
                    "gap_met": gap_met,
                }
            )
    return rows


def survey_answers(survey) -> QuerySet:
    """Individual answers with their unit and deputy (for staff only: see the permissions)."""
    from followup.models import SurveyAnswer

    return (
        SurveyAnswer.objects.filter(response__survey=survey)
        .select_related("unit", "response__deputy")
        .order_by("unit__code", "id")
    )
