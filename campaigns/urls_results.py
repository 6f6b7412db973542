"""Addresses of campaigns: results."""

urlpatterns: list = []
