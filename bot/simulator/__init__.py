"""A local Telegram Bot API for tests and the offline demo.

`BotApiSimulator` serves the Bot API on 127.0.0.1 for one bot token, keeps a small simulated world (users,
their private chats, files) and lets a test act as those users. Modules, each holding one thing:

* `server` — HTTP layer (tornado): routes, token check, request decoding, file downloads.
* `dispatch` — one call: faults, rate limits, the method, the journal.
* `messaging`, `updates`, `commands` — the Bot API methods themselves.
* `state` — users, chats, messages, update queue, callback queries, webhook settings.
* `rules` — Telegram's limits; its HTML / MarkdownV2 / Markdown parsers are `bot.telegram_markup` (shared
  with /siaran's check).
* `media` — stored files and image sizes.
* `faults`, `rates`, `journal` — injected failures, flood-limit accounting, the record of calls and violations.
* `webhook` — delivery of updates to a bot in webhook mode.
* `views`, `feed` — what tests and the demo see: snapshots and a live event feed.
* `harness` — start/stop a `telegram.ext.Application` by polling or webhook inside a test.
"""

from bot.simulator.errors import ApiError, SimulatorUsageError
from bot.simulator.faults import FaultPlan
from bot.simulator.feed import ChatFeed
from bot.simulator.harness import free_tcp_port, run_polling, run_webhook
from bot.simulator.journal import ApiCall, Violation
from bot.simulator.rates import RateLimits
from bot.simulator.simulator import DEFAULT_TOKEN, BotApiSimulator
from bot.simulator.views import (
    Button,
    CallbackAnswer,
    ChatEvent,
    SentFile,
    SimCallbackQuery,
    SimMessage,
    SimUser,
)

__all__ = [
    "DEFAULT_TOKEN",
    "ApiCall",
    "ApiError",
    "BotApiSimulator",
    "Button",
    "CallbackAnswer",
    "ChatEvent",
    "ChatFeed",
    "FaultPlan",
    "RateLimits",
    "SentFile",
    "SimCallbackQuery",
    "SimMessage",
    "SimUser",
    "SimulatorUsageError",
    "Violation",
    "free_tcp_port",
    "run_polling",
    "run_webhook",
]
