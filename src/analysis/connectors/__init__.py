"""Connectors: code that fetches a live source and parses its responses into tables."""
