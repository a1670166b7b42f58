"""A supervisor's team summary (/tim): index, coverage, distribution, JP shortfall; chart and XLSX."""

from bot.team.handlers import COMMANDS, register

__all__ = ["COMMANDS", "register"]
