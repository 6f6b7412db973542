from django.urls import path

from oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.pdf", views.export_pdf, name="export_pdf"),
    path("digest/", views.digest, name="digest"),
    path("<str:pk>/export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("<str:pk>/export.pdf", views.export_pdf, name="export_pdf"),
    path("<str:pk>/", views.dashboard, name="dashboard"),
]
