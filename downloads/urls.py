"""Files prepared in the background: their progress and the download when ready."""

app_name = "downloads"
urlpatterns: list = []
