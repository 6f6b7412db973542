"""Addresses of campaigns: public."""

urlpatterns: list = []
