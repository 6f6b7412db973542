"""Addresses of campaigns: building."""

urlpatterns: list = []
