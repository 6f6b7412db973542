"""The campaigns' addresses, each part of the work in its own module."""

from django.urls import include, path

app_name = "campaigns"

urlpatterns = [
    path("campaigns/", include("campaigns.urls_building")),
    path("campaigns/", include("campaigns.urls_answering")),
    path("campaigns/", include("campaigns.urls_tracking")),
    path("campaigns/", include("campaigns.urls_results")),
    path("", include("campaigns.urls_public")),
    path("", include("campaigns.urls_staff")),
    path("campaigns/", include("campaigns.urls_publication")),
]
