"""Untrusted input: text cleaning with length limits, safe rendering of descriptions, URL, e-mail and logo checks.

Everything a person types is stored as plain text and escaped when rendered. Descriptions may opt into a
Markdown subset: markdown-it-py parses with raw HTML disabled, and nh3 (an allow-list sanitiser) then keeps
only a few formatting tags and http(s)/mailto links, so even a parser bug cannot let a script through.
"""

from __future__ import annotations

import html
import re
import unicodedata

import nh3
from markdown_it import MarkdownIt

from clusterobs.errors import ValidationError

#: Tags and attributes a rendered description may contain; everything else is removed or escaped.
ALLOWED_TAGS = frozenset({"p", "br", "em", "strong", "ul", "ol", "li", "a", "code", "pre", "blockquote",
                          "h3", "h4", "h5", "h6"})
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
#: Logo uploads: accepted image types (by their first bytes, never by the file name) and the size limit.
LOGO_MAX_BYTES = 512 * 1024
_LOGO_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s<>\"']{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})+$")
_URL = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][^\s<>\"']*)?$")

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).disable("image")


def clean_text(value: object, field: str, *, max_length: int, multiline: bool = False) -> str:
    """A stripped, NFC-normalised string without control characters, at most ``max_length`` characters."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(f"expected text, got {type(value).__name__}", field=field)
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not multiline:
        text = " ".join(text.split())
    if _CONTROL.search(text):
        raise ValidationError("contains control characters", field=field, hint="remove non-printing characters")
    if len(text) > max_length:
        raise ValidationError(f"is {len(text)} characters long, the limit is {max_length}", field=field,
                              hint="shorten the text")
    return text


def check_email(value: str, field: str = "email") -> str:
    """A lower-cased e-mail address of plausible shape (delivery is what really confirms it)."""
    text = clean_text(value, field, max_length=254).lower()
    if not _EMAIL.match(text):
        raise ValidationError(f"'{text}' is not an e-mail address", field=field, hint="write it as name@domain.eu")
    return text


def check_url(value: str, field: str = "website") -> str:
    """An http(s) URL; any other scheme (javascript:, data:, …) is refused."""
    text = clean_text(value, field, max_length=300)
    if text and not _URL.match(text):
        raise ValidationError(f"'{text}' is not an http:// or https:// address", field=field,
                              hint="give the full address, e.g. https://www.cluster.eu")
    return text


def render_plain(text: str) -> str:
    """Plain text as HTML: everything escaped, paragraphs on blank lines, line breaks kept."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.strip()) if p]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)


def render_markdown(text: str) -> str:
    """A Markdown subset as sanitised HTML (no raw HTML, no images, links only to http(s)/mailto)."""
    raw = _md.render(text)
    return nh3.clean(raw, tags=set(ALLOWED_TAGS), attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                     url_schemes=set(ALLOWED_URL_SCHEMES), link_rel="nofollow noopener noreferrer")


def render_text(text: str, *, markdown: bool = False) -> str:
    """The one entry point templates use for user text: escaped plain text, or the safe Markdown subset."""
    return render_markdown(text) if markdown else render_plain(text)


def check_logo(data: bytes, *, declared_type: str | None = None, max_bytes: int = LOGO_MAX_BYTES) -> str:
    """The MIME type of an uploaded logo, judged from its first bytes; SVG and anything else is refused."""
    if not data:
        raise ValidationError("the file is empty", field="logo")
    if len(data) > max_bytes:
        raise ValidationError(f"the file has {len(data)} bytes, the limit is {max_bytes}", field="logo",
                              hint="upload a smaller image (e.g. 400 × 400 pixels)")
    mime = next((m for magic, at, m in _LOGO_MAGIC if data[at:at + len(magic)] == magic
                 and (m != "image/webp" or data[:4] == b"RIFF")), None)
    if mime is None:
        raise ValidationError("the file is not a PNG, JPEG, GIF or WebP image", field="logo",
                              hint="SVG and other formats are not accepted; save the logo as PNG")
    if declared_type is not None and declared_type.split(";")[0].strip().lower() != mime:
        raise ValidationError(f"the file was sent as '{declared_type}' but its content is {mime}", field="logo",
                              hint="upload the image file itself, unchanged")
    return mime


__all__ = ["ALLOWED_TAGS", "ALLOWED_URL_SCHEMES", "LOGO_MAX_BYTES", "check_email", "check_logo", "check_url",
           "clean_text", "render_markdown", "render_plain", "render_text"]
