"""/siaran daftar as a message: each scheduled or running broadcast with its progress, and its cancel/stop button."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.broadcast.manage import Listed
from bot.broadcast.render import when_text
from bot.dialogs.engine import Button
from bot.texts import Html, Lang, plain, t

STOP_PREFIX = "siaran-henti:"
"""Callback data of /siaran daftar's buttons: `siaran-henti:<broadcast id>` (re-checked when pressed)."""
PREVIEW_CHARS = 60


def _preview(html_text: str) -> str:
    plain_text = " ".join(re.sub(r"<[^>]*>", "", html.unescape(html_text)).split())
    return plain_text[:PREVIEW_CHARS] + ("…" if len(plain_text) > PREVIEW_CHARS else "")


def list_text(listed: Sequence[Listed], audiences: Sequence[str], tz: ZoneInfo, lang: Lang) -> Html:
    """/siaran daftar: each scheduled or running broadcast with its progress, who created it, and its start."""
    if not listed:
        return t("siaran.list.none", lang)
    lines = [t("siaran.list.header", lang, n=len(listed))]
    for item, audience in zip(listed, audiences, strict=True):
        broadcast, counts = item.broadcast, item.counts
        common = {"id": broadcast.id, "total": counts.total, "audience": audience,
                  "sender": item.sender_name or plain("siaran.list.someone", lang), "preview": _preview(broadcast.text)}
        if item.scheduled:
            lines.append(t("siaran.list.scheduled", lang, when=when_text(broadcast.send_at, tz, lang), **common))
        else:
            lines.append(t("siaran.list.running", lang, sent=counts.sent, failed=counts.failed,
                           unreachable=counts.unreachable, uncertain=counts.uncertain, left=counts.left, **common))
    return Html("\n".join(lines))


def list_buttons(listed: Sequence[Listed], lang: Lang) -> list[list[Button]]:
    return [[Button(plain("siaran.button.cancel" if item.scheduled else "siaran.button.stop", lang,
                          id=item.broadcast.id), f"{STOP_PREFIX}{item.broadcast.id}")] for item in listed]
