"""Linking a Telegram account to an employee with one-time codes that HR hands out."""
