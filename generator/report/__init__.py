"""Reporters: how findings (`diagnostics`) and changes (`changes`) are shown — text for people,
JSON for tools, and the formats of CI and merge requests."""
