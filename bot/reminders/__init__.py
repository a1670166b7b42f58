"""Reminders about the 20 JP yearly obligation (issue 6; rules §7).

The schedule decides *occasions* (cron firings, `schedule.py`); the database decides who gets what, so a
restart, a crash or a second bot process sharing the database never sends anybody a second reminder for
the same occasion. PTB's JobQueue (APScheduler) only wakes the bot: every REMINDER_SWEEP_SECONDS,
`service.sweep` works out from the schedule and the tables what is due, and sends it. Nothing that matters
is kept in memory.

Lifecycle of an occasion (`reminder_occasion.status`; "waiting" has no row, it is computed at each sweep):

```mermaid
stateDiagram-v2
    [*] --> waiting: the cron fires (scheduled_at)
    waiting --> open: due_at reached in working time, within grace / recipients frozen as pending rows
    waiting --> skipped: first seen more than REMINDER_GRACE_HOURS after due_at (bot was down) / logged
    open --> open: outside working time or out of budget / waits, same occasion
    open --> done: no pending delivery left
    open --> skipped: still pending after the grace period / the rest is not sent, logged
    open --> superseded: a newer occasion is also due / one reminder, not two
```

`due_at` is the first working instant at or after `scheduled_at` (WORKING_HOURS, WORKING_DAYS).

Each reminder is a message of the occasion's batch in the one outbox (`bot.delivery`; its state diagram
is there): pending → claimed and sent by the delivery engine at BROADCAST_RATE (shared with broadcasts),
composed at its turn by `delivery.ReminderKind`: dropped when the person is no longer due one (opted out,
training logged, unlinked, blocked), deferred outside working time, skipped when the occasion closes first,
uncertain (never retried) when Telegram's answer is lost.

Modules: `bot.schedule` (cron and working time; pure, below the settings that validate with it), `service`
(the use case: session + clock, no Telegram), `delivery` (the reminder kind: what one reminder says, and
whether it is still due), `handlers` (/pengingat and the sweep job, added by `register(router)`).
"""
