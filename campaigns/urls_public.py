"""Addresses of campaigns: the published results, /r/<code>/ (the QR code's address)."""

from django.urls import path

from campaigns.views import public as views

urlpatterns = [
    path("r/<str:code>/", views.public_results, name="public_results"),
]
