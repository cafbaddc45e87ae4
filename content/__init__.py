"""Ritual content library: TOML data read with importlib.resources."""
