"""The dashboard's satisfaction section (filled in by its own change)."""
