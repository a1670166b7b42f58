"""The main menu: stateless buttons, so a linked user is never at a dead end."""

from __future__ import annotations

from bot.dialogs.engine import Button
from bot.texts import Lang, plain

MENU_PREFIX = "m|"
MENU_ITEMS = ("asesmen", "nilai", "pelatihan", "jp", "riwayat", "bantuan")


def menu_buttons(lang: Lang) -> list[list[Button]]:
    buttons = [Button(plain(f"menu.{item}", lang), f"{MENU_PREFIX}{item}") for item in MENU_ITEMS]
    return [buttons[i : i + 3] for i in range(0, len(buttons), 3)]


def recompute_button(lang: Lang) -> list[list[Button]]:
    return [[Button(plain("menu.recompute", lang), f"{MENU_PREFIX}recompute")]]
