from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThaiCalendarConfig(AppConfig):
    name = "thaicalendar"
    verbose_name = _("Thai calendar")
