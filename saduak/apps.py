from django.apps import AppConfig


class SaduakConfig(AppConfig):
    name = "saduak"
    verbose_name = "Saduak"

    def ready(self) -> None:
        from saduak import checks  # noqa: F401  (registers the system checks)
