"""Addresses of campaigns: tracking."""

urlpatterns: list = []
