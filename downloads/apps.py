from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class DownloadsConfig(AppConfig):
    name = "downloads"
    verbose_name = _("Downloads")

    def ready(self) -> None:
        # Each app's makers.py registers the files it prepares (downloads/preparing.py).
        autodiscover_modules("makers")
