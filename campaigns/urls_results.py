"""Addresses of campaigns: results and their files."""

from django.urls import path

from campaigns.views import results as views

urlpatterns = [
    path("<int:pk>/results/", views.campaign_results, name="results"),
    # Each file its own address (no format typed into an address by hand).
    path(
        "<int:pk>/answers.xlsx",
        views.export_answers,
        {"format": "xlsx"},
        name="export_answers_xlsx",
    ),
    path(
        "<int:pk>/answers.csv", views.export_answers, {"format": "csv"}, name="export_answers_csv"
    ),
    path(
        "<int:pk>/results.xlsx",
        views.export_results,
        {"format": "xlsx"},
        name="export_results_xlsx",
    ),
    path(
        "<int:pk>/results.csv", views.export_results, {"format": "csv"}, name="export_results_csv"
    ),
    path(
        "<int:pk>/results.pdf", views.export_results, {"format": "pdf"}, name="export_results_pdf"
    ),
]
