"""Official letters: each part's views keep their own addresses."""

from correspondence.views import boxes, receiving

app_name = "correspondence"
urlpatterns: list = [
    *boxes.urlpatterns,
    *receiving.urlpatterns,
]
