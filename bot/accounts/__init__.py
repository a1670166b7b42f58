"""Who is talking to the bot: the employee behind a Telegram account, and their preferences."""
