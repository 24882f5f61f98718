"""Web pages: staff statistics and publication workspace; the public list, detail, statistics and
open-data exports (no login)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from disclosure import cache, export, selectors, services
from disclosure.figures import (
    BREAKDOWN_LABELS,
    PROCESS_RATES,
    RATES,
    SOURCE_RATES,
    TABLE_RATES,
    percent,
    rate_label,
    role_label,
)
from disclosure.models import Publication
from disclosure.params import parse_id
from suggestions import permissions as perms
from suggestions.downloads import CSV, DOCX, XLSX, file_response
from suggestions.errors import ServiceError
from suggestions.models import Category, ResultClass, Session, Status, Suggestion, Unit
from suggestions.views.common import require

PAGE_SIZE = 20


def chosen_session(request) -> Session | None:
    """The session asked for, else the current one, else the latest."""
    pk = parse_id(request.GET.get("session"))
    sessions = Session.objects.all()
    if pk:
        found = sessions.filter(pk=pk).first()
        if found:
            return found
    return sessions.filter(is_current=True).first() or sessions.first()


def _round(request) -> str:
    return "first" if request.GET.get("round") == "first" else "latest"


def _headline(stats: dict) -> list[dict]:
    rows = [
        {
            "key": k,
            "label": label,
            "num_label": n,
            "den_label": d,
            "figure": stats[k],
            "percent": percent(stats[k]),
        }
        for k, label, n, d in RATES
    ]
    # The process figures count the same grades as the result figures of the same key.
    numerators = {k: n for k, _label, n, _d in RATES}
    rows += [
        {
            "key": f"process_{k}",
            "label": label,
            "num_label": numerators[k],
            "den_label": _("rated"),
            "figure": stats["process"][k],
            "percent": percent(stats["process"][k]),
        }
        for k, label in PROCESS_RATES
    ]
    return rows


def _sources(stats: dict, every_session: dict | None) -> list[dict]:
    """Ratings given online beside those staff entered from paper forms: this session, and all
    sessions when they were computed (staff)."""
    return [
        {
            "key": k,
            "label": label,
            "num_label": n,
            "den_label": d,
            "cells": [
                {"figure": block[k], "percent": percent(block[k])}
                for block in (stats, every_session)
                if block is not None
            ],
        }
        for k, label, n, d in SOURCE_RATES
    ]


def _tables(stats: dict) -> list[dict]:
    tables = []
    for name, (label, entity) in BREAKDOWN_LABELS.items():
        if name not in stats:
            continue
        rows = [
            {
                "name": r[entity]["name"] or _("(none)"),
                "role": role_label(r.get("role")),
                "assigned": r["assigned"],
                "cells": [{"figure": r[k], "percent": percent(r[k])} for k in TABLE_RATES],
            }
            for r in stats[name]
        ]
        tables.append({"name": name, "label": label, "rows": rows})
    return tables


def _chart_data(stats: dict) -> dict:
    units = [r for r in stats.get("by_unit", []) if r["role"] != "co"]
    return {
        "grades": {
            "labels": [_("satisfied"), _("basically satisfied"), _("dissatisfied"), _("not rated")],
            "values": [
                stats["satisfied"],
                stats["basically_satisfied"],
                stats["dissatisfied"],
                stats["replied"] - stats["rated"],
            ],
        },
        "units": {
            "labels": [r["unit"]["name"] for r in units],
            "satisfied_or_basic": [r["satisfied_or_basic_rate"]["value"] for r in units],
            "on_time": [r["on_time_rate"]["value"] for r in units],
            "labels_legend": [_("Satisfied or basically satisfied"), _("On time")],
        },
    }


def _figures_html(session, round_: str, *, public: bool) -> str:
    stats = cache.session_stats(session, round_, public=public) if session else None
    tables = _tables(stats) if stats else []
    # Staff also see every session side by side and in total (one more aggregation, cached like
    # the rest). Not the public page: on a cache miss that aggregation reads ten years of history
    # (2.3 s at 100,000 suggestions, 21 s at 1,000,000), where one session's reads its own (0.3 s).
    every = None
    if stats and not public:
        every = cache.session_stats(None, round_, breakdowns=("by_session",))
        tables = _tables(every) + tables
    context = {
        "stats": stats,
        "headline": _headline(stats) if stats else [],
        "sources": _sources(stats, every) if stats else [],
        "every_session": every is not None,
        "tables": tables,
        "chart": _chart_data(stats) if stats else {},
        "table_rates": [rate_label(key) for key in TABLE_RATES],
    }
    # No request: the fragment is shared by every reader of these figures, so nothing in it may
    # depend on who asked.
    return render_to_string("disclosure/statistics_figures.html", context)


def _stats_context(request, *, public: bool) -> dict:
    session = chosen_session(request)
    round_ = _round(request)
    parts = (getattr(session, "pk", None), round_, public, translation.get_language())
    # Readers arriving while one of them renders new figures get the last ones meanwhile; the
    # renderer itself reads fresh figures (cached under this generation: never stale ones).
    figures = cache.rendered(
        "statistics",
        parts,
        lambda: _figures_html(session, round_, public=public),
        stale_ok=True,
    )
    return {
        "session": session,
        "sessions": Session.objects.all(),
        "round": round_,
        "figures": mark_safe(figures),  # noqa: S308 — our own template's output
        "public": public,
    }


@login_required
def staff_statistics(request):
    require(perms.can_view_statistics(request.user))
    return render(request, "disclosure/statistics.html", _stats_context(request, public=False))


@login_required
def staff_statistics_xlsx(request):
    require(perms.can_view_statistics(request.user))
    session = chosen_session(request)
    if session is None:
        raise Http404
    workbook = export.session_workbook(session, _round(request))
    return file_response(workbook, f"statistics-{session.pk}.xlsx", XLSX)


@login_required
def staff_report_docx(request):
    require(perms.can_view_statistics(request.user))
    session = chosen_session(request)
    if session is None:
        raise Http404
    from disclosure import report

    return file_response(report.build(session), f"report-{session.pk}.docx", DOCX)


def public_statistics(request):
    return render(request, "disclosure/statistics.html", _stats_context(request, public=True))


def public_list(request):
    qs = selectors.filter_published(request.GET)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "disclosure/public_list.html",
        {
            "page": page,
            "rows": [selectors.public_fields(p) for p in page.object_list],
            "sessions": Session.objects.values_list("pk", "name"),
            "categories": Category.objects.values_list("pk", "name"),
            "units": Unit.objects.filter(is_active=True).values_list("pk", "name"),
            "statuses": Status.choices,
            "classes": ResultClass.choices,
            "params": request.GET,
            "query": query.urlencode(),
        },
    )


def public_detail(request, pk: int):
    if parse_id(pk) is None:
        raise Http404
    publication = get_object_or_404(selectors.published(), pk=pk)
    return render(
        request, "disclosure/public_detail.html", {"row": selectors.public_fields(publication)}
    )


def public_export_csv(request):
    rows = selectors.open_data_rows(request.GET)
    return file_response(export.open_data_csv(rows), "suggestions.csv", CSV)


def public_export_json(request):
    return HttpResponse(
        export.open_data_json(selectors.open_data_rows(request.GET)),
        content_type="application/json; charset=utf-8",
    )


# --- staff publication workspace ---------------------------------------------------------------
@login_required
def publication_queue(request):
    require(perms.can_publish(request.user))
    page = Paginator(selectors.publication_queue(request.GET), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "disclosure/publication_queue.html",
        {"page": page, "today": timezone.localdate()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def publication_edit(request, suggestion_pk: int):
    """GET only shows the working copy, or a button to prepare it; preparing, refreshing,
    saving, publishing and withdrawing are POSTs."""
    require(perms.can_publish(request.user))
    if request.method == "GET":
        return _publication_page(request, suggestion_pk)
    errors: dict = {}
    action = request.POST.get("action", "save")
    try:
        if action == "prepare":
            services.publication_prepare(user=request.user, suggestion=suggestion_pk)
            messages.success(request, _("The working copy now holds the latest approved reply."))
            return redirect("disclosure:publication_edit", suggestion_pk=suggestion_pk)
        publication = services.working_copy(user=request.user, suggestion=suggestion_pk)
        if action in ("save", "publish"):
            publication = services.publication_update(
                user=request.user,
                publication=publication,
                title=request.POST.get("title", ""),
                content=request.POST.get("content", ""),
                reply_text=request.POST.get("reply_text", ""),
            )
        if action == "publish":
            services.publication_publish(user=request.user, publication=publication)
            messages.success(request, _("Published."))
            return redirect("disclosure:publication_queue")
        if action == "withdraw":
            services.publication_withdraw(
                user=request.user,
                publication=publication,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Withdrawn from publication."))
            return redirect("disclosure:publication_queue")
        messages.success(request, _("Saved."))
        return redirect("disclosure:publication_edit", suggestion_pk=suggestion_pk)
    except ServiceError as exc:
        if exc.status_code == 404:
            raise Http404 from exc
        if exc.status_code == 403:
            raise PermissionDenied from exc
        errors = exc.fields or {"__all__": [str(exc.message)]}
        messages.error(request, str(exc.message))
        publication = Publication.objects.filter(suggestion_id=suggestion_pk).first()
        if publication is None:
            return redirect("disclosure:publication_queue")
    return _render_publication(request, publication, publication.suggestion, errors)


def _publication_page(request, suggestion_pk: int):
    """The page as it is: reads only (a missing working copy is offered, not made)."""
    try:
        services.check_access(user=request.user, suggestion=suggestion_pk, action="update")
    except ServiceError as exc:
        if exc.status_code == 404:
            raise Http404 from exc
        if exc.status_code == 403:
            raise PermissionDenied from exc
        messages.error(request, str(exc.message))
        return redirect("disclosure:publication_queue")
    publication = (
        Publication.objects.filter(suggestion_id=suggestion_pk).select_related("suggestion").first()
    )
    suggestion = publication.suggestion if publication else Suggestion.objects.get(pk=suggestion_pk)
    return _render_publication(request, publication, suggestion, {})


def _render_publication(request, publication, suggestion, errors: dict):
    return render(
        request,
        "disclosure/publication_edit.html",
        {
            "publication": publication,
            "suggestion": suggestion,
            "findings": services.check(publication) if publication else {},
            "errors": errors,
            "posted": request.POST if request.method == "POST" else None,
        },
    )
