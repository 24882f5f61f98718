"""Awards (评选): excellent suggestions nominated and scored by staff, and advanced units ranked
by a documented score from the statistics.

Unit score (0–100), from the unit's suggestions as lead or split unit, latest round:
    30 × on-time rate + 20 × meeting rate + 40 × satisfied-or-basic rate + 10 × fulfilment rate
(a rate with no denominator counts 0, except fulfilment: a unit with no promise due loses nothing).
Excluded by default, in this order: no formal reply; no rated suggestion; any unresolved
dissatisfaction (a suggestion whose latest rating is dissatisfied); first-round satisfied-or-basic
rate below the selection's minimum (the first round, so that satisfaction pressed out by
re-handling does not lift a unit over the line). The top `unit_share` of all units that handled
suggestions (rounded, at least one) among the eligible are named advanced units.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosure import cache
from disclosure.models import AwardSelection, Nomination, UnitAward
from disclosure.params import parse_id
from suggestions import permissions as perms
from suggestions.errors import InvalidInput, InvalidState, NotPermitted, NotVisible
from suggestions.models import Session, Suggestion
from suggestions.rates import ratio

WEIGHTS = {
    "on_time_rate": 30,
    "meeting_rate": 20,
    "satisfied_or_basic_rate": 40,
    "fulfilment_rate": 10,
}
SUMMED = (
    "assigned",
    "replied",
    "on_time",
    "met",
    "rated",
    "satisfied",
    "basically_satisfied",
    "dissatisfied",
    "promises_due",
    "promises_fulfilled",
)


@dataclass
class UnitScore:
    unit_id: int
    name: str
    counts: dict
    score: Decimal
    excluded_reason: str = ""
    rank: int | None = None
    awarded: bool = False


def _score(c: dict) -> Decimal:
    rates = {
        "on_time_rate": ratio(c["on_time"], c["replied"], empty=0.0),
        "meeting_rate": ratio(c["met"], c["replied"], empty=0.0),
        "satisfied_or_basic_rate": ratio(
            c["satisfied"] + c["basically_satisfied"], c["rated"], empty=0.0
        ),
        # No promise fell due: nothing was left unkept.
        "fulfilment_rate": ratio(c["promises_fulfilled"], c["promises_due"], empty=1.0),
    }
    total = sum(WEIGHTS[k] * v for k, v in rates.items())
    return Decimal(str(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _exclusion(c: dict, first: dict, minimum: Decimal) -> str:
    if not c["replied"]:
        return _("no formal reply")
    if not c["rated"]:
        return _("no rated suggestion")
    if c["dissatisfied"]:
        return _("unresolved dissatisfaction")
    if Decimal(first["satisfied"] + first["basically_satisfied"]) / first["rated"] < minimum:
        return _("satisfaction below %(min)s") % {"min": f"{minimum:.0%}"}
    return ""


def _first_round_counts(session) -> dict:
    stats = cache.session_stats(session, "first", breakdowns=("by_unit",))
    counts: dict = {}
    for row in stats["by_unit"]:
        entry = counts.setdefault(row["unit"]["id"], dict.fromkeys(SUMMED, 0))
        if row["role"] != "co":
            for key in SUMMED:
                entry[key] += row[key]
    return counts


def rank_units(
    session: Session, *, min_satisfaction=Decimal("0.8"), unit_share=Decimal("0.25")
) -> list[UnitScore]:
    """Every unit that handled suggestions of the session, ranked; excluded ones last."""
    stats = cache.session_stats(session, "latest")
    first = _first_round_counts(session)
    units: dict[int, UnitScore] = {}
    for row in stats["by_unit"]:
        entry = units.setdefault(
            row["unit"]["id"],
            UnitScore(row["unit"]["id"], row["unit"]["name"], dict.fromkeys(SUMMED, 0), Decimal(0)),
        )
        if row["role"] == "co":
            continue
        for key in SUMMED:
            entry.counts[key] += row[key]
    for entry in units.values():
        entry.score = _score(entry.counts)
        entry.excluded_reason = _exclusion(
            entry.counts, first[entry.unit_id], Decimal(min_satisfaction)
        )
    eligible = sorted(
        (u for u in units.values() if not u.excluded_reason), key=lambda u: (-u.score, u.name)
    )
    places = max(1, math.floor(len(units) * Decimal(unit_share) + Decimal("0.5"))) if units else 0
    for rank, entry in enumerate(eligible, start=1):
        entry.rank, entry.awarded = rank, rank <= places
    excluded = sorted((u for u in units.values() if u.excluded_reason), key=lambda u: u.name)
    return eligible + excluded


# --- services ---------------------------------------------------------------------------------
# Checks in the API's order: 404 (no such selection) → 409 (not open) → 403 (not staff) → 400.
def _check_staff(user, status: str = "") -> None:
    if not perms.can_run_awards(user):
        raise NotPermitted(status=status or None)


def _open_selection(selection_pk, *, lock: bool = True) -> AwardSelection:
    rows = AwardSelection.objects.filter(pk=selection_pk)
    selection = (rows.select_for_update() if lock else rows).first()
    if selection is None:
        raise NotVisible()
    if selection.state != AwardSelection.State.OPEN:
        raise InvalidState(status=selection.state)
    return selection


def check_access(*, user, selection=None, nomination=None, session=None) -> None:
    """Raise what an award service would raise before it reads its input: for a selection or a
    nomination (404 → 409 → 403), or for opening one on `session` (409 → 403)."""
    if session is not None:
        if AwardSelection.objects.filter(session=session).exists():
            raise InvalidState(_("A selection is already open for this session."), status="open")
        _check_staff(user)
        return
    if nomination is not None:
        found = Nomination.objects.filter(pk=getattr(nomination, "pk", nomination)).first()
        if found is None:
            raise NotVisible()
        selection = found.selection_id
    _open_selection(getattr(selection, "pk", selection), lock=False)
    _check_staff(user, AwardSelection.State.OPEN)


def _fraction(value, field: str, errors: dict, *, zero: bool) -> Decimal | None:
    """A fraction from 0 (or just above, without `zero`) to 1, as the model stores it (three
    decimals): not a number, not a finite one (NaN, infinity) or out of range is refused."""
    if isinstance(value, bool):
        value = None
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite():
        errors[field] = [_("Enter a number.")]
        return None
    if not (Decimal(0) <= number <= Decimal(1)) or (number == 0 and not zero):
        errors[field] = [_("Enter a fraction between 0 and 1.")]
        return None
    field_of_model = AwardSelection._meta.get_field(field)
    try:
        # Trailing zeros say nothing: 1.0000 is 1.
        DecimalValidator(field_of_model.max_digits, field_of_model.decimal_places)(
            number.normalize()
        )
    except ValidationError as exc:
        errors[field] = list(exc.messages)
        return None
    return number


@transaction.atomic
def award_open(
    *, user, session, min_satisfaction="0.8", unit_share="0.25", excellent_count=10
) -> AwardSelection:
    """Open the session's selection with its rules. `session`: a Session or its id."""
    session = Session.objects.filter(pk=parse_id(getattr(session, "pk", session)) or 0).first()
    if session is not None and AwardSelection.objects.filter(session=session).exists():
        raise InvalidState(_("A selection is already open for this session."), status="open")
    _check_staff(user)
    errors: dict = {}
    if session is None:
        errors["session"] = [_("Choose a session.")]
    minimum = _fraction(min_satisfaction, "min_satisfaction", errors, zero=True)
    share = _fraction(unit_share, "unit_share", errors, zero=False)
    if (
        not isinstance(excellent_count, int)
        or isinstance(excellent_count, bool)
        or not 1 <= excellent_count <= 100
    ):
        errors["excellent_count"] = [_("Enter a whole number from 1 to 100.")]
    if errors:
        raise InvalidInput(fields=errors)
    return AwardSelection.objects.create(
        session=session,
        min_satisfaction=minimum,
        unit_share=share,
        excellent_count=excellent_count,
        opened_by=user,
    )


@transaction.atomic
def award_nominate(*, user, selection, suggestion, reason: str = "") -> Nomination:
    selection = _open_selection(getattr(selection, "pk", selection))
    _check_staff(user, selection.state)
    pk = getattr(suggestion, "pk", suggestion)
    target = Suggestion.objects.filter(pk=pk, session=selection.session).first()
    if target is None or target.replied_at is None:
        raise InvalidInput(
            fields={"suggestion": [_("Choose a replied suggestion of this session.")]}
        )
    if len(reason or "") > 2000:
        raise InvalidInput(fields={"reason": [_("At most 2000 characters.")]})
    if Nomination.objects.filter(selection=selection, suggestion=target).exists():
        raise InvalidInput(fields={"suggestion": [_("This suggestion is already nominated.")]})
    return Nomination.objects.create(
        selection=selection, suggestion=target, reason=reason or "", nominated_by=user
    )


@transaction.atomic
def award_score(*, user, nomination, score) -> Nomination:
    nomination = Nomination.objects.filter(pk=getattr(nomination, "pk", nomination)).first()
    if nomination is None:
        raise NotVisible()
    selection = _open_selection(nomination.selection_id)
    _check_staff(user, selection.state)
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = -1
    if not 0 <= value <= 100:
        raise InvalidInput(fields={"score": [_("Enter a whole number from 0 to 100.")]})
    nomination.score, nomination.scored_by = value, user
    nomination.save(update_fields=["score", "scored_by"])
    return nomination


@transaction.atomic
def award_publish(*, user, selection) -> AwardSelection:
    """Freeze the unit ranking and the best-scored suggestions, and publish both."""
    selection = _open_selection(getattr(selection, "pk", selection))
    _check_staff(user, selection.state)
    if selection.nominations.filter(score__isnull=True).exists():
        raise InvalidInput(fields={"score": [_("Score every nomination before publishing.")]})
    ranking = rank_units(
        selection.session,
        min_satisfaction=selection.min_satisfaction,
        unit_share=selection.unit_share,
    )
    UnitAward.objects.bulk_create(
        UnitAward(
            selection=selection,
            unit_id=u.unit_id,
            rank=u.rank,
            score=u.score,
            excluded_reason=u.excluded_reason,
            awarded=u.awarded,
        )
        for u in ranking
    )
    best = list(
        selection.nominations.order_by("-score", "id").values_list("pk", flat=True)[
            : selection.excellent_count
        ]
    )
    selection.nominations.filter(pk__in=best).update(awarded=True)
    selection.state, selection.published_at = AwardSelection.State.PUBLISHED, timezone.now()
    selection.save(update_fields=["state", "published_at"])
    return selection


# --- reads (the staff page, the public page and the API) ------------------------------------
def selection_of(session) -> AwardSelection | None:
    return AwardSelection.objects.filter(session=session).first() if session else None


def results_of(selection: AwardSelection | None) -> dict | None:
    """The published results: every unit's frozen ranking and the awarded suggestions."""
    if not selection or selection.state != AwardSelection.State.PUBLISHED:
        return None
    return {
        "units": UnitAward.objects.filter(selection=selection).select_related("unit"),
        "suggestions": selection.nominations.filter(awarded=True)
        .select_related("suggestion__lead_deputy")
        .order_by("-score", "id"),
    }


def workspace(session) -> dict:
    """What staff see of a session's selection: the live ranking while it is open, the
    nominations, and the results once published."""
    selection = selection_of(session)
    ranking = []
    if selection and selection.state == AwardSelection.State.OPEN:
        ranking = rank_units(
            session, min_satisfaction=selection.min_satisfaction, unit_share=selection.unit_share
        )
    nominations = (
        selection.nominations.select_related("suggestion__lead_deputy") if selection else []
    )
    return {
        "selection": selection,
        "ranking": ranking,
        "nominations": nominations,
        "results": results_of(selection),
    }
