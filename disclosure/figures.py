"""The list of figures shown on pages and in exports: key, label and how it is defined."""

from django.utils.translation import gettext_lazy as _

from suggestions.models import AssignmentRole

# (rate key, label, numerator label, denominator label)
RATES = [
    ("reply_rate", _("Reply rate"), _("replied"), _("assigned")),
    ("on_time_rate", _("On-time reply rate"), _("replied on time"), _("replied")),
    (
        "on_time_original_rate",
        _("On time by the original due date"),
        _("replied on time"),
        _("replied"),
    ),
    ("meeting_rate", _("Meeting rate (confirmed by the deputy)"), _("met"), _("replied")),
    ("feedback_rate", _("Feedback rate"), _("rated"), _("replied")),
    ("satisfied_rate", _("Satisfied (result)"), _("satisfied"), _("rated")),
    (
        "basically_satisfied_rate",
        _("Basically satisfied (result)"),
        _("basically satisfied"),
        _("rated"),
    ),
    ("dissatisfied_rate", _("Dissatisfied (result)"), _("dissatisfied"), _("rated")),
    (
        "satisfied_or_basic_rate",
        _("Satisfied or basically satisfied (result)"),
        _("satisfied + basically satisfied"),
        _("rated"),
    ),
    ("solved_rate", _("Solved rate (class A)"), _("class A"), _("replied")),
    ("solved_or_planned_rate", _("Solved or planned (A + B)"), _("class A + B"), _("replied")),
    ("fulfilment_rate", _("Promise fulfilment rate"), _("promises fulfilled"), _("promises due")),
]
PROCESS_RATES = [
    ("satisfied_rate", _("Satisfied (process)")),
    ("basically_satisfied_rate", _("Basically satisfied (process)")),
    ("dissatisfied_rate", _("Dissatisfied (process)")),
    ("satisfied_or_basic_rate", _("Satisfied or basically satisfied (process)")),
]
# How the lead deputy's ratings were given: online with their own account, or typed in by staff
# from their paper feedback form (rate key, label, numerator label, denominator label).
SOURCE_RATES = [
    (
        "by_staff_rate",
        _("Ratings entered by staff from paper forms"),
        _("entered by staff"),
        _("rated"),
    ),
    (
        "satisfied_by_staff_rate",
        _("Satisfied (result), of the ratings entered by staff"),
        _("satisfied, entered by staff"),
        _("entered by staff"),
    ),
    (
        "satisfied_online_rate",
        _("Satisfied (result), of the ratings given online"),
        _("satisfied, given online"),
        _("given online"),
    ),
]
# Columns of a breakdown table / sheet.
TABLE_RATES = [
    "reply_rate",
    "on_time_rate",
    "meeting_rate",
    "feedback_rate",
    "satisfied_rate",
    "satisfied_or_basic_rate",
    "dissatisfied_rate",
    "solved_rate",
    "solved_or_planned_rate",
    "fulfilment_rate",
]
BREAKDOWN_LABELS = {
    "by_session": (_("By session"), "session"),
    "by_unit": (_("By unit"), "unit"),
    "by_category": (_("By category"), "category"),
    "by_group": (_("By street committee"), "group"),
    "by_deputy": (_("By deputy (suggestions led)"), "deputy"),
}


def percent(figure: dict) -> str:
    """One decimal, as reports print it; '—' when the denominator is 0."""
    if figure["value"] is None:
        return "—"
    return f"{figure['numerator'] * 100 / figure['denominator']:.1f}%"


def rate_label(key: str) -> str:
    return next(str(label) for k, label, *_rest in RATES if k == key)


def role_label(role: str | None) -> str:
    """A unit's role in the reader's language (the statistics rows carry its stored value)."""
    return str(AssignmentRole(role).label) if role else ""
