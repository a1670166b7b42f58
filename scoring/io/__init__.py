"""The I/O of scoring, kept apart from its pure core: spreadsheets in and out, `python -m scoring`, terminal tables.

Nothing in `scoring/` outside this package reads a file, a terminal or the environment beyond the time zone
(`scoring.dates.today_in_timezone`); the bot's imports and exports use the reader and writer here too.
"""
