"""Reusable widgets for Ritual screens."""
