"""Survey results: a centre's, and an area's for those who oversee it."""

from django.urls import path

from survey import results

urlpatterns = [
    path("centres/<int:pk>/results/", results.centre_results, name="centre_results"),
    path("results/", results.area_results, name="area_results"),
]
