"""The dashboard's letters section (filled in by its own change)."""
