"""The catalog: both languages have every message, with the same placeholders, and valid markup."""

import ast
import pkgutil
import re
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest

import bot
import bot.texts
import scoring
from bot.texts import CATALOG, EN, ID, Html, t
from bot.webapp.service import UI_PREFIX

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


# Every key is used. A key counts as used when bot/'s code (the catalog modules aside) has it as a string literal,
# or builds it: an f-string or a `+` of strings whose fixed parts are the key's and whose every hole is filled by a
# value the code can hold there: a string literal of bot/ or scoring/ (a command's name, an enum's value, the
# ruleset's action codes, 'done' if … else 'would'), or an enum member's name in lower case (`problem.name.lower()`).
# So the allowance for built keys is read from the code, key by key: f"catatan.ask.{field}" covers catatan.ask.jp
# because "jp" is written somewhere, and no catatan.ask.* whose last part nothing writes. The one other way in is the
# Mini App's words (`bot.webapp.service.UI_PREFIX`): they all go to the page, which looks each one up by the rest of
# its name, a string literal in its script.
BOT = Path(bot.__file__).parent
SCORING = Path(scoring.__file__).parent
CATALOG_FILES = {BOT / "texts" / f"{module.name}.py" for module in pkgutil.iter_modules(bot.texts.__path__)}
Part = str | frozenset[str] | None  # a fixed part of a built key, its choices ('done' if … else 'would'), a hole


def _flatten(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _flatten(node.left) + _flatten(node.right)
    return [node]


def _part(node: ast.expr) -> Part:
    if isinstance(node, ast.FormattedValue):
        node = node.value
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.IfExp):
        choices = (_part(node.body), _part(node.orelse))
        if all(isinstance(choice, str) for choice in choices):
            return frozenset(str(choice) for choice in choices)
    return None


def _parts(node: ast.AST) -> tuple[Part, ...] | None:
    """The fixed parts and holes of a string the code builds, or None when the node builds none that could be a
    key: one with a hole and some word among its fixed parts (f"{a}.{b}" could be anything)."""
    if isinstance(node, ast.JoinedStr):
        pieces: list[ast.expr] = list(node.values)
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        pieces = _flatten(node)
    else:
        return None
    parts = tuple(_part(piece) for piece in pieces)
    words = "".join(part if isinstance(part, str) else "".join(part) for part in parts if part is not None)
    return parts if None in parts and re.search(r"[a-z]", words) else None


def _enum_names(node: ast.AST) -> set[str]:
    if not (isinstance(node, ast.ClassDef) and any(ast.unparse(base).endswith("Enum") for base in node.bases)):
        return set()
    assigned = [target for line in node.body if isinstance(line, ast.Assign) for target in line.targets]
    return {target.id.lower() for target in assigned if isinstance(target, ast.Name)}


def _scan() -> tuple[set[str], set[str], set[tuple[Part, ...]]]:
    """The keys bot/ writes out, the values that may fill a hole, and the keys bot/ builds (their parts)."""
    keys: set[str] = set()
    fills: set[str] = set()
    built: set[tuple[Part, ...]] = set()
    for path in [*BOT.rglob("*.py"), *SCORING.rglob("*.py")]:
        if path in CATALOG_FILES:
            continue
        in_bot = path.is_relative_to(BOT)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            fills |= _enum_names(node)
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                fills.add(node.value)
                if in_bot:
                    keys.add(node.value)
            elif in_bot and (parts := _parts(node)) is not None:
                built.add(parts)
    return keys, fills, built


def _fills(parts: tuple[Part, ...], key: str, fills: set[str]) -> bool:
    """Whether `key` is `parts` with each hole filled by one of `fills`."""
    if not parts:
        return not key
    first, rest = parts[0], parts[1:]
    if isinstance(first, str):
        return key.startswith(first) and _fills(rest, key[len(first):], fills)
    if isinstance(first, frozenset):
        return any(key.startswith(choice) and _fills(rest, key[len(choice):], fills) for choice in first)
    return any(key[:end] in fills and _fills(rest, key[end:], fills) for end in range(1, len(key) + 1))


def _page_names() -> set[str]:
    scripts = (BOT / "webapp" / "static").glob("*.js")
    return {name for script in scripts for name in re.findall(r"""["']([\w.]+)["']""", script.read_text("utf-8"))}


def test_every_key_is_used() -> None:
    keys, fills, built = _scan()
    page = _page_names()

    def used(key: str) -> bool:
        if key in keys or any(_fills(parts, key, fills) for parts in built):
            return True
        return key.startswith(UI_PREFIX) and key[len(UI_PREFIX):] in page

    unused = sorted(key for key in ID if not used(key))
    assert not unused, "\n".join(unused)


def test_a_key_built_from_a_name_the_code_never_writes_is_not_used() -> None:
    """The allowance for built keys is no blanket prefix: the hole must be filled by a literal of the code."""
    _, fills, built = _scan()
    assert ("catatan.ask.", None) in built and "jp" in fills
    assert _fills(("catatan.ask.", None), "catatan.ask.jp", fills)
    assert not _fills(("catatan.ask.", None), "catatan.ask.no_such_field_anywhere", fills)
