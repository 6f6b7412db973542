from django.urls import path

from oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<str:pk>/", views.dashboard, name="dashboard"),
]
