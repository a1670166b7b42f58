"""The delivery engine: one outbox and one sender for every bulk message (broadcasts, 20 JP reminders, …).

A feature puts messages in the outbox (`outbox.open_batch` + `add_messages` / `add_selected`) in its own
transaction; the engine (`worker.DeliveryWorker`, one per process, woken by the JobQueue) claims them under
the one lease (`lease`), asks the feature's `Kind` what to say, sends at BROADCAST_RATE overall and one
message a second per chat (`pacing`), and records what Telegram answered by one policy (`policy`): 429
waits, 403 marks the person unreachable, 5xx and unreached servers retry with back-off, and a request that
left without an answer is `uncertain`, never resent by the engine.

One message (`outbox_message.status`):

```mermaid
stateDiagram-v2
    [*] --> pending: a feature adds it (not_before: now or a scheduled time)
    pending --> sending: claimed under the lease (epoch), committed before the send
    pending --> skipped: its batch closed first (close_batch)
    pending --> cancelled: a person stopped its batch (close_batch, e.g. /siaran daftar)
    sending --> sent: Telegram accepted it
    sending --> pending: 429 (retry_after) · 5xx, no connection (back-off) · deferred by its kind · given back
    sending --> failed: refused (400), or the last attempt failed
    sending --> unreachable: 403, or no Telegram account / the person is marked
    sending --> dropped: its kind says it is no longer meant for the person
    sending --> uncertain: timeout or dropped connection after the request left / the sender stopped mid-send
    uncertain --> pending: a person resends it deliberately (resend_uncertain)
```

The lease (`outbox_lease`): free → held (epoch + 1) → renewed by the heartbeat → released at the end of a
drain, or expired after DELIVERY_TAKEOVER_SECONDS of silence and taken over by another process.

## Adding a kind of bulk message (review reminders, supervisors' nudges, …)

1. Write a class with `name` (a new `outbox_batch.kind`, ≤ 32 characters) and
   `async compose(session, claimed) -> list[Message | Drop | Defer]`, one answer per claimed message
   (inherit `kinds.Quiet` when there is nothing to tend; see `bot.broadcast.delivery` for one that tends).
2. In the feature's `register`: `worker_of(application).add(YourKind(services))` (`bot.delivery.job`).
3. To send: in the feature's transaction, `batch = await outbox.open_batch(session, "your-kind", now)`, then
   `add_messages(session, batch, [(employee_id, chat_id), …], not_before)` or `add_selected(…)` with a
   SELECT of (employee_id, chat_id). Keep the batch id in the feature's own table if it reports progress
   (read the counters with `outbox.get_batch`); once per person is the outbox's unique (batch, employee).
No migration, no new sender, no new pacing: the engine's rate, lease and policy apply as they are.
"""
