"""The one rule for bilingual data: Thai first; English for a reader who chose English,
when there is an English text."""

from typing import Any

from django.utils.translation import get_language


def in_language(thai: Any, english: Any) -> str:
    if english and (get_language() or "th").startswith("en"):
        return str(english)
    return str(thai)


def entry_text(entry: dict[str, Any]) -> str:
    """An entry of a data file ({"th": …, "en": …}) in the reader's language."""
    return in_language(entry["th"], entry.get("en"))
