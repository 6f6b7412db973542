"""The campaigns pages, one module per part of the work."""
