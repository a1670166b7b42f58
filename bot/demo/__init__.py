"""`python -m bot demo`: the real bot against a local Telegram, chatted with in the terminal.

For people who have no bot token yet (an HR office deciding whether to deploy, a new contributor): one
command starts the Bot API emulator (`bot.simulator`) and the bot built by the same factory as `run`, on a
throw-away SQLite database holding a small seeded agency whose employees are already linked to simulated
Telegram users. Modules:

* `seed` — the demo agency (units, people, roles, records) and writing it to a database.
* `terminal` — how a Telegram chat reads in a terminal: text, numbered buttons, saved images.
* `session` — the emulator, the bot and the chat loop (interactive or replaying a script).
* `cli` — the `demo` subcommand.
"""
