"""Untrusted input: XSS payloads stored in every free-text field render inert; length limits; URL, e-mail and
logo checks. Inertness is judged by parsing the output with the standard library's HTML parser."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from sqlalchemy.orm import Session

from clusterobs.errors import ValidationError
from clusterobs.platform import create_profile, get_profile, render_markdown, render_plain
from clusterobs.platform.fields import FREE_TEXT_FIELDS
from clusterobs.platform.safety import ALLOWED_TAGS, check_email, check_logo, check_url, clean_text

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg/onload=alert(1)>",
    '"><script>alert(document.cookie)</script>',
    "<a href=\"javascript:alert(1)\">x</a>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[c](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    "<iframe src=//evil.example></iframe>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<a href='https://ok.example' onclick='alert(1)'>ok</a>",
    "<<script>script>alert(1)<</script>/script>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "[x](https://ok.example \"title\" onmouseover=alert(1))",
]


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.script_text = False
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        if self.tags and self.tags[-1] in ("script", "style"):
            self.script_text = True


def assert_inert(html: str, allowed: frozenset[str]) -> None:
    p = _Inspector()
    p.feed(html)
    p.close()
    assert set(p.tags) <= allowed, html
    assert not p.script_text, html
    for name, value in p.attrs:
        assert not name.lower().startswith("on"), html
        assert name in {"href", "title", "rel"}, html
        if name == "href":
            assert (value or "").lower().startswith(("http://", "https://", "mailto:")), html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_renderers_make_payloads_inert(payload: str) -> None:
    assert_inert(render_plain(payload), frozenset({"p", "br"}))
    assert_inert(render_markdown(payload), ALLOWED_TAGS)


def test_markdown_subset_keeps_harmless_formatting() -> None:
    out = render_markdown("**Bold** and *it*\n\n- one\n- two\n\n[site](https://c.example.eu)")
    assert "<strong>Bold</strong>" in out and "<em>it</em>" in out and "<li>one</li>" in out
    assert '<a href="https://c.example.eu" rel="nofollow noopener noreferrer">site</a>' in out
    assert render_plain("a < b & c\n\nnew") == "<p>a &lt; b &amp; c</p><p>new</p>"


def test_payloads_in_every_free_text_field_render_inert(session: Session, make: Any,
                                                        values: Callable[..., dict[str, Any]]) -> None:
    from clusterobs.platform.models import Profile

    limits = {c.name: getattr(c.type, "length", None) or 5000 for c in Profile.__table__.columns}
    actor = make.actor(make.user())
    for i, payload in enumerate(PAYLOADS):
        fields = {f: payload[:limits[f]] for f in FREE_TEXT_FIELDS}
        fields["name"] = f"{i} {payload}"[:200]
        p = create_profile(session, actor, values(country="LU", region="", **fields), allow_duplicate=True)
        stored = get_profile(session, actor, p.id)
        for field in FREE_TEXT_FIELDS:
            value = getattr(stored, field)
            assert value == fields[field].strip()  # kept verbatim as text, escaped only when rendered
            assert_inert(render_plain(value), frozenset({"p", "br"}))
            assert_inert(render_markdown(value), ALLOWED_TAGS)


def test_text_length_limits_and_cleaning() -> None:
    assert clean_text("  a \n b  ", "f", max_length=5) == "a b"
    assert clean_text("a\r\nb", "f", max_length=5, multiline=True) == "a\nb"
    with pytest.raises(ValidationError, match="field 'f': is 6 characters long, the limit is 5"):
        clean_text("abcdef", "f", max_length=5)
    with pytest.raises(ValidationError, match="control characters"):
        clean_text("a\x07b", "f", max_length=5)
    with pytest.raises(ValidationError, match="expected text"):
        clean_text(5, "f", max_length=5)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "ftp://x.eu", "https://a b.eu",
                                 "https://x.eu/\"onmouseover=alert(1)", "//evil.example"])
def test_only_http_urls_are_accepted(url: str) -> None:
    with pytest.raises(ValidationError):
        check_url(url)


def test_email_shape() -> None:
    assert check_email(" Info@Cluster.EU ") == "info@cluster.eu"
    for bad in ["x", "a@b", "<a>@b.eu", "a@-b.eu", "a b@c.eu"]:
        with pytest.raises(ValidationError):
            check_email(bad)


def test_logo_checks_type_by_content_and_size() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 10
    assert check_logo(png) == "image/png"
    assert check_logo(b"\xff\xd8\xff\xe0" + b"\0" * 10, declared_type="image/jpeg") == "image/jpeg"
    assert check_logo(b"GIF89a" + b"\0" * 10) == "image/gif"
    assert check_logo(b"RIFF\0\0\0\0WEBPVP8 " + b"\0" * 10) == "image/webp"
    with pytest.raises(ValidationError, match="sent as 'image/gif'"):
        check_logo(png, declared_type="image/gif")
    with pytest.raises(ValidationError, match="not a PNG"):
        check_logo(b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")
    with pytest.raises(ValidationError, match="limit is 100"):
        check_logo(png + b"\0" * 100, max_bytes=100)
    with pytest.raises(ValidationError, match="empty"):
        check_logo(b"")
