from django.urls import path

from maintenance import views

app_name = "maintenance"

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/<int:pk>/open/", views.round_open, name="round_open"),
    path("completeness/", views.completeness, name="completeness"),
    path("completeness.xlsx", views.completeness_export, name="completeness_export"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("<int:pk>/submit/", views.report_submit, name="submit"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence_file"),
    path(
        "<int:pk>/evidence/<int:evidence_pk>/withdraw/",
        views.evidence_withdraw,
        name="evidence_withdraw",
    ),
    path("<int:pk>/v<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/v<int:number>/pdf/", views.version_pdf, name="version_pdf"),
]
