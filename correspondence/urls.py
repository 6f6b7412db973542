"""Official letters: each part's views keep their own addresses."""

from correspondence.views import boxes, receiving, sending, tracking, writing

app_name = "correspondence"
urlpatterns: list = [
    *boxes.urlpatterns,
    *writing.urlpatterns,
    *sending.urlpatterns,
    *receiving.urlpatterns,
    *tracking.urlpatterns,
]
