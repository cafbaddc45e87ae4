"""Ritual's domain: models, days, storage, journal, streaks, content, CLI. Never imports Textual."""
