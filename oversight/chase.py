"""The dashboard's chase section (filled in by its own change)."""
