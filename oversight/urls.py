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
    path("<str:pk>/", views.dashboard, name="dashboard"),
]
