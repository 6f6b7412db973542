from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("Oversight")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each section adds itself to the registry when imported; importing them here
        # makes the dashboard, the exports and the digest see every one, in ORDER.
        from oversight import (  # noqa: F401
            campaigns,
            chase,
            letters,
            pipeline,
            registry_measures,
            rounds,
            satisfaction,
        )
