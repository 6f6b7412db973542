"""Addresses of campaigns: the anonymous staff page, /s/<code>/."""

urlpatterns: list = []
