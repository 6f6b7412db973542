"""Official letters: each part's views keep their own addresses."""

from correspondence.views import writing

app_name = "correspondence"
urlpatterns: list = [
    *writing.urlpatterns,
]
