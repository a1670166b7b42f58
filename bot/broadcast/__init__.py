"""HR broadcasts (/siaran): compose, audience, preview, confirm; an outbox sent by a paced worker."""

from bot.broadcast.handlers import COMMANDS, register

__all__ = ["COMMANDS", "register"]
