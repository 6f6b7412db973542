"""Official letters: each part's views keep their own addresses."""

app_name = "correspondence"
urlpatterns: list = []
