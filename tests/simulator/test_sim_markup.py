"""parse_mode parsing, checked against Telegram's documented formatting rules and tdlib's error texts."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.telegram_markup import FormattedText, MarkupError, parse, parse_html, parse_markdown_v2, utf16_len


def no_users(user_id: int) -> dict[str, Any] | None:
    return None


def html(text: str) -> FormattedText:
    return parse(text, "HTML", None, no_users)


def test_html_tags_become_entities_over_plain_text() -> None:
    result = html('<b>Nilai</b> <i>akhir</i>: <a href="https://bkn.go.id">BKN</a> <code>82</code>')
    assert result.text == "Nilai akhir: BKN 82"
    assert result.entities == (
        {"type": "bold", "offset": 0, "length": 5},
        {"type": "italic", "offset": 6, "length": 5},
        {"type": "text_link", "offset": 13, "length": 3, "url": "https://bkn.go.id"},
        {"type": "code", "offset": 17, "length": 2},
    )


def test_html_offsets_count_utf16_code_units() -> None:
    result = html("📊 <b>IP ASN</b>")
    assert result.entities == ({"type": "bold", "offset": 3, "length": 6},)
    assert utf16_len("📊") == 2


def test_html_entities_decoded_and_bare_ampersand_kept() -> None:
    assert html("a &lt;b&gt; &amp; &quot;c&quot; &#65;&#x42; & d").text == 'a <b> & "c" AB & d'


def test_html_unknown_named_entity_is_literal_text() -> None:
    assert html("&nbsp;x").text == "&nbsp;x"


def test_html_all_allowed_tags_parse() -> None:
    source = (
        "<strong>a</strong><em>b</em><u>c</u><ins>d</ins><s>e</s><strike>f</strike><del>g</del>"
        '<span class="tg-spoiler">h</span><tg-spoiler>i</tg-spoiler><blockquote>j</blockquote>'
        '<pre><code class="language-python">k</code></pre><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
    )
    kinds = [entity["type"] for entity in html(source).entities]
    assert kinds == [
        "bold",
        "italic",
        "underline",
        "underline",
        "strikethrough",
        "strikethrough",
        "strikethrough",
        "spoiler",
        "spoiler",
        "blockquote",
        "pre",
        "custom_emoji",
    ]
    assert html(source).entities[10]["language"] == "python"


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("Halo<br>dunia", 'Unsupported start tag "br" at byte offset 4'),
        ("<p>x</p>", 'Unsupported start tag "p" at byte offset 0'),
        ("<b>tebal", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("Nilai < 60", 'Unsupported start tag "" at byte offset 6'),
        ("<b", "Unclosed start tag at byte offset 0"),
        ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<a href=http://x>y</a>", "Unexpected end of name token at byte offset 8"),
        ("é<br>", 'Unsupported start tag "br" at byte offset 2'),
    ],
)
def test_html_refusals_quote_tdlib(source: str, reason: str) -> None:
    with pytest.raises(MarkupError) as refused:
        html(source)
    assert str(refused.value) == reason


def test_html_empty_end_tag_closes_current_entity() -> None:
    assert html("<b>x</>").entities == ({"type": "bold", "offset": 0, "length": 1},)


def test_markdown_v2_entities_and_escapes() -> None:
    result = parse_markdown_v2(r"*Skor* _akhir_ __u__ ~s~ ||sp|| `c` [BKN](https://bkn.go.id) 8\.5\!", no_users)
    assert result.text == "Skor akhir u s sp c BKN 8.5!"
    assert [entity["type"] for entity in result.entities] == [
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "code",
        "text_link",
    ]


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("Nilai 8.5", "Character '.' is reserved and must be escaped with the preceding '\\'"),
        ("a-b", "Character '-' is reserved and must be escaped with the preceding '\\'"),
        ("*tebal", "Can't find end of Bold entity at byte offset 0"),
        ("x _miring", "Can't find end of Italic entity at byte offset 2"),
        ("[a](http://x.y", "Can't find end of a URL at byte offset 4"),
    ],
)
def test_markdown_v2_refusals(source: str, reason: str) -> None:
    with pytest.raises(MarkupError) as refused:
        parse_markdown_v2(source, no_users)
    assert str(refused.value) == reason


def test_markdown_v2_pre_with_language() -> None:
    result = parse_markdown_v2("```python\nprint(1)\n```", no_users)
    assert result.text == "print(1)\n"
    assert result.entities == ({"type": "pre", "offset": 0, "length": 9, "language": "python"},)


def test_legacy_markdown() -> None:
    result = parse("*a* _b_ `c` [d](http://e.f)", "Markdown", None, no_users)
    assert result.text == "a b c d"
    with pytest.raises(MarkupError, match="Can't find end of the entity starting at byte offset 0"):
        parse("*a", "Markdown", None, no_users)


def test_text_is_trimmed_and_entities_follow() -> None:
    result = html("\n  <b>x</b> y \n")
    assert result.text == "x y"
    assert result.entities == ({"type": "bold", "offset": 0, "length": 1},)


def test_unknown_parse_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported parse_mode"):
        parse("x", "BBCode", None, no_users)


def test_text_mention_needs_a_known_user() -> None:
    def budi(user_id: int) -> dict[str, Any] | None:
        return {"id": 7, "is_bot": False, "first_name": "Budi"} if user_id == 7 else None

    known = parse_html('<a href="tg://user?id=7">Budi</a>', budi)
    assert known.entities[0]["type"] == "text_mention"
    assert parse_html('<a href="tg://user?id=8">X</a>', budi).entities == ()


@given(st.text(alphabet=st.characters(blacklist_characters="<&"), max_size=200))
def test_html_without_markup_is_the_text_itself(text: str) -> None:
    assert parse_html(text, no_users) == FormattedText(text)
