"""The dashboard's campaigns section (filled in by its own change)."""
