"""The dashboard's pipeline section (filled in by its own change)."""
