"""Bahasa Indonesia: reminders about the 20 JP and /pengingat."""

MESSAGES: dict[str, str] = {}
