"""Addresses of campaigns: tracking."""

from django.urls import URLPattern, path

from campaigns.views import tracking

urlpatterns: list[URLPattern] = [
    path("<int:pk>/tracking/", tracking.tracking_page, name="tracking"),
    path("<int:pk>/tracking/figures/", tracking.tracking_figures, name="tracking_figures"),
    path("<int:pk>/remind/", tracking.remind, name="remind"),
]
