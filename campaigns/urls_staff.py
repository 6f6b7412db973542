"""Addresses of campaigns: the anonymous staff page, /s/<code>/."""

from django.urls import path

from campaigns.views import staff

urlpatterns = [
    path("s/<str:staff_code>/", staff.staff_answer, name="staff_answer"),
    path("s/<str:staff_code>/thanks/", staff.staff_thanks, name="staff_thanks"),
]
