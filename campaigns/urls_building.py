"""Addresses of campaigns: building and launching (the owner's side)."""

from django.urls import path

from campaigns.views import building

urlpatterns = [
    path("", building.campaign_list, name="campaign_list"),
    path("new/", building.campaign_new, name="campaign_new"),
    path("<int:pk>/", building.campaign, name="campaign"),
    path("<int:pk>/edit/", building.campaign_edit, name="campaign_edit"),
    path("<int:pk>/questions/", building.questions, name="questions"),
    path("<int:pk>/questions/question/", building.question_form, name="question"),
    path("<int:pk>/targets/", building.targets, name="targets"),
    path("<int:pk>/launch/", building.launch, name="launch"),
    path("<int:pk>/close/", building.close, name="close"),
]
