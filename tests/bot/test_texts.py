"""The catalog: both languages have every message, with the same placeholders, and valid markup."""

import re
import string
from html.parser import HTMLParser

import pytest

from bot.texts import CATALOG, EN, ID, Html, t

ALLOWED_TAGS = {"b", "i", "u", "s", "code", "pre", "a", "tg-spoiler", "blockquote"}


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys() -> None:
    assert set(ID) == set(EN)


@pytest.mark.parametrize("key", sorted(ID))
def test_same_placeholders(key: str) -> None:
    assert _fields(ID[key]) == _fields(EN[key])


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.bad.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.bad.append(f"/{tag}")


@pytest.mark.parametrize(("lang", "key"), [(lang, key) for lang in CATALOG for key in CATALOG[lang]])
def test_markup_is_telegram_html(lang: str, key: str) -> None:
    parser = _Tags()
    parser.feed(CATALOG[lang][key])
    assert not parser.bad and not parser.stack
    assert not re.search(r"&(?!lt;|gt;|amp;|quot;)", CATALOG[lang][key])


def test_arguments_are_escaped_unless_already_html() -> None:
    assert t("start.welcome", "id", name="<b>Budi & Ani</b>") == (
        "Halo, <b>&lt;b&gt;Budi &amp; Ani&lt;/b&gt;</b>! Apa yang ingin Anda lakukan?"
    )
    assert "<i>x</i>" in t("asm.confirm", "id", n=1, total=2, summary=Html("<i>x</i>"))


def test_unknown_language_falls_back_to_indonesian() -> None:
    assert t("help", "fr") == t("help", "id")
