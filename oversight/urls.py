from django.urls import path

from oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("compare/", views.compare, name="compare"),
    path("<str:pk>/compare/", views.compare, name="compare"),
    path("<str:pk>/", views.dashboard, name="dashboard"),
]
