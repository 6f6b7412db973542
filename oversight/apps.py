from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "oversight"
    verbose_name = _("Oversight")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Each section adds itself to the registry when imported; importing them here
        # makes the dashboard, the exports and the digest see every one, in ORDER.
        # isort: off
        # The measures are offered (map, breakdown columns, comparison) in the order
        # their sections are shown, the way to the standard first.
        from oversight import pipeline, rounds, satisfaction  # noqa: F401
        from oversight import letters, campaigns, chase  # noqa: F401
        from oversight import registry_measures  # noqa: F401

        # isort: on
