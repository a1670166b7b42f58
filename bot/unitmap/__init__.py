"""The unit map for HR (/rekap, `admin report`): the index per unit, lowest first; chart and XLSX."""

from bot.unitmap.handlers import COMMANDS, register

__all__ = ["COMMANDS", "register"]
