"""Ritual Textual UI: the App, one screen per module, widgets and ritual.tcss."""
