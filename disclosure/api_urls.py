"""Disclosure endpoints, mounted at /api/v1/ next to the main API."""

from django.urls import path

from disclosure.api import archive, awards, exports, public, publication, stats

urlpatterns = [
    path("stats/", stats.StatsView.as_view(), name="api-stats"),
    path("stats/export.xlsx", exports.WorkbookView.as_view(), name="api-stats-xlsx"),
    path("stats/report.docx", exports.ReportView.as_view(), name="api-stats-report"),
    path("publications/", publication.PublicationQueueView.as_view(), name="api-publications"),
    path(
        "publications/<int:pk>/",
        publication.PublicationDetailView.as_view(),
        name="api-publication",
    ),
    *[
        path(f"publications/<int:pk>/actions/{name}/", view.as_view(), name=f"api-pub-{name}")
        for name, view in publication.ACTION_VIEWS.items()
    ],
    path("awards/<int:pk>/", awards.AwardsView.as_view(), name="api-awards"),
    *[
        path(f"awards/<int:pk>/actions/{name}/", view.as_view(), name=f"api-awards-{name}")
        for name, view in (
            ("open", awards.OpenView),
            ("nominate", awards.NominateView),
            ("publish", awards.PublishView),
        )
    ],
    path(
        "awards/nominations/<int:pk>/actions/score/",
        awards.ScoreView.as_view(),
        name="api-awards-score",
    ),
    path(
        "deputies/<int:pk>/archive/",
        archive.InternalRecordView.as_view(),
        name="api-deputy-archive",
    ),
    path("public/stats/", stats.PublicStatsView.as_view(), name="api-public-stats"),
    path(
        "public/suggestions/", public.PublicSuggestionsView.as_view(), name="api-public-suggestions"
    ),
    path(
        "public/suggestions/<int:pk>/",
        public.PublicSuggestionView.as_view(),
        name="api-public-suggestion",
    ),
    path(
        "public/suggestions/export.csv",
        public.PublicOpenDataCsvView.as_view(),
        name="api-public-csv",
    ),
    path(
        "public/suggestions/export.json",
        public.PublicOpenDataJsonView.as_view(),
        name="api-public-json",
    ),
    path("public/awards/", awards.PublicAwardsView.as_view(), name="api-public-awards"),
    path("public/deputies/", archive.PublicDeputiesView.as_view(), name="api-public-deputies"),
    path(
        "public/deputies/<int:pk>/",
        archive.PublicDeputyView.as_view(),
        name="api-public-deputy",
    ),
]
