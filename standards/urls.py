from django.urls import path

from standards import views

app_name = "standards"

urlpatterns = [
    path("", views.standard_list, name="list"),
    path("<int:pk>/", views.standard_detail, name="detail"),
    path("<int:pk>/standard.xlsx", views.standard_workbook, name="workbook"),
    path("template.xlsx", views.template_workbook, name="template"),
    path("import/", views.standard_import, name="import"),
    path("import/confirm/", views.standard_import_confirm, name="import_confirm"),
]
