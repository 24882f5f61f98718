"""The process chart of one suggestion as SVG, drawn by viewflow, shown only to those who may
see the suggestion."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from viewflow.workflow import chart

from suggestions import permissions as perms

from .flows import SuggestionFlow
from .sync import process_for


@login_required
def suggestion_chart(request, pk: int):
    suggestion = perms.visible_suggestions(request.user).filter(pk=pk).first()
    if suggestion is None or not perms.can_view_suggestion(request.user, suggestion):
        raise Http404()
    grid = chart.calc_layout_data(SuggestionFlow)
    process = process_for(suggestion)
    if process is not None:
        chart.calc_cell_status(SuggestionFlow, grid, process.pk)
    return HttpResponse(chart.grid_to_svg(grid), content_type="image/svg+xml")
