"""Files prepared in the background: their progress and the download when ready."""

from downloads.views import urlpatterns

app_name = "downloads"

__all__ = ["app_name", "urlpatterns"]
