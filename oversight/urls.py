from django.urls import path

from oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("targets/", views.targets, name="targets"),
    path("chase/", views.chase_list, name="chase_list"),
    path("chase/remind/", views.remind, name="remind"),
    path("<str:pk>/chase/", views.chase_list, name="chase_list"),
    path("<str:pk>/chase/remind/", views.remind, name="remind"),
    path("compare/", views.compare, name="compare"),
    path("<str:pk>/compare/", views.compare, name="compare"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.pdf", views.export_pdf, name="export_pdf"),
    path("digest/", views.digest, name="digest"),
    path("<str:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<str:pk>/export.pdf", views.export_pdf, name="export_pdf"),
    path("<str:pk>/", views.dashboard, name="dashboard"),
]
