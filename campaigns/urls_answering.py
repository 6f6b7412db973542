"""Addresses of campaigns: answering."""

urlpatterns: list = []
