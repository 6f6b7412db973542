"""Official letters: each part's views keep their own addresses."""

from correspondence.views import tracking

app_name = "correspondence"
urlpatterns: list = [
    *tracking.urlpatterns,
]
