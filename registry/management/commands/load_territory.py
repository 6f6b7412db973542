from typing import Any

from django.core.management.base import BaseCommand

from registry.models import District, Province
from registry.territory import load_territory


class Command(BaseCommand):
    help = "Load or refresh the provinces and districts from the geothai package."

    def handle(self, *args: Any, **options: Any) -> None:
        provinces, districts = load_territory(Province, District)
        self.stdout.write(f"{provinces} provinces, {districts} districts")
