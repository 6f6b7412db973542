"""Addresses of campaigns: answering (an organisation's list and its response) and the
owner's decision on suspect staff answers."""

from django.urls import path

from campaigns.views import answering, staff

urlpatterns = [
    path("asked/", answering.to_answer, name="to_answer"),
    path("asked/<int:pk>/", answering.answer, name="answer"),
    path("<int:pk>/suspects/", staff.suspects, name="suspects"),
    path("<int:pk>/suspects/decide/", staff.decide_suspects, name="decide_suspects"),
]
