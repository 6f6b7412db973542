"""Thai public holidays, read from thaicalendar/data/holidays.yaml: government service
centres are closed on them (survey/opening.py)."""

import functools
from datetime import date
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data") / "holidays.yaml"


@functools.cache
def holidays() -> dict[date, tuple[str, str]]:
    """{day: (Thai name, English name)} of every year the data holds."""
    years = yaml.safe_load(DATA.read_text(encoding="utf-8")) or {}
    return {
        entry["date"]: (entry["name_th"], entry.get("name_en", ""))
        for entries in years.values()
        for entry in entries
    }


def is_holiday(day: date) -> bool:
    return day in holidays()
