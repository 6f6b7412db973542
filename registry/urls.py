from django.urls import path

from registry import views

app_name = "registry"

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("new/", views.organisation_new, name="organisation_new"),
    path("<int:pk>/", views.organisation_detail, name="organisation"),
    path("<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<int:org_pk>/centres/new/", views.centre_new, name="centre_new"),
    path("centres/<int:pk>/", views.centre_detail, name="centre"),
    path("centres/<int:pk>/edit/", views.centre_edit, name="centre_edit"),
    path("centres/<int:centre_pk>/counters/new/", views.counter_new, name="counter_new"),
    path("counters/<int:pk>/edit/", views.counter_edit, name="counter_edit"),
    path("import/", views.lao_import, name="lao_import"),
    path("import/confirm/", views.lao_import_confirm, name="lao_import_confirm"),
]
