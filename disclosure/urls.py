from django.urls import path

from disclosure import archive_views, award_views, views

app_name = "disclosure"

urlpatterns = [
    path("statistics/", views.staff_statistics, name="statistics"),
    path("statistics/export.xlsx", views.staff_statistics_xlsx, name="statistics_xlsx"),
    path("statistics/report.docx", views.staff_report_docx, name="report_docx"),
    path("awards/", award_views.staff_awards, name="awards"),
    path("deputies/<int:pk>/", archive_views.internal_deputy, name="deputy"),
    path("publications/", views.publication_queue, name="publication_queue"),
    path("publications/<int:suggestion_pk>/", views.publication_edit, name="publication_edit"),
]
