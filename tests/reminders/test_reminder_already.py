"""/pengingat asked for the setting it already has: 'already saved', and the word that changes it is one the
command takes."""

from __future__ import annotations

import re

import pytest

from bot.reminders.handlers import OFF_WORDS, ON_WORDS, already_text
from bot.texts import LANGUAGES, Lang


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("enabled", [True, False])
def test_the_word_offered_changes_the_setting(lang: Lang, enabled: bool) -> None:
    text = already_text(enabled, lang)
    match = re.search(r"/pengingat (\w+)", text)
    assert match is not None
    assert match.group(1) in (OFF_WORDS if enabled else ON_WORDS)
