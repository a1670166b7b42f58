"""English: HR broadcasts (/siaran), team summaries (/tim) and the unit map (/rekap)."""

MESSAGES: dict[str, str] = {}
