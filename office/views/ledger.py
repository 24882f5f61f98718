"""The standard ledger as .xlsx in one click, with the list's filters, scoped to the user's role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from office.export import xlsx_response
from office.filters import filtered
from office.ledger import LEDGER_COLUMNS, ledger_queryset
from suggestions.permissions import visible_suggestions


@login_required
def ledger_xlsx(request):
    qs, valid = filtered(visible_suggestions(request.user), request.GET)
    if not valid:
        return HttpResponseBadRequest(_("Invalid filter values."))
    qs = ledger_queryset(qs.order_by("session__year", "number", "id"))
    filename = f"建议办理台账-{timezone.localdate():%Y%m%d}.xlsx"
    return xlsx_response(qs, LEDGER_COLUMNS, filename, title="建议办理台账")
