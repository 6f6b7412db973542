"""The dashboard's rounds section (filled in by its own change)."""
