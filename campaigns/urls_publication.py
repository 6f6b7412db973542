"""Addresses of campaigns: publication and QR codes."""

urlpatterns: list = []
