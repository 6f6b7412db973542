"""Official letters: each part's views keep their own addresses."""

from correspondence.views import sending

app_name = "correspondence"
urlpatterns = [
    *sending.urlpatterns,
]
