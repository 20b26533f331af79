"""The fields of a cluster organisation profile: one registry of name → checker, used for create and edit.

Every value a person sends goes through its checker once (type, length limit, code list, range), so the
services and the database only ever see clean values. Multi-valued fields map to a facet of
``profile_tags``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from clusterobs.errors import ValidationError
from clusterobs.platform.models import Profile
from clusterobs.platform.safety import check_email, check_url, clean_text
from clusterobs.platform.vocabulary import Vocabulary, load_vocabulary

Checker = Callable[[object, Vocabulary, str], object]

#: List fields and the ``profile_tags`` facet that stores them.
TAG_FIELDS: dict[str, str] = {"ecosystems": "ecosystem", "sectors": "sector", "emerging_industries": "emerging",
                              "technologies": "technology", "value_chains": "value_chain",
                              "partnerships": "partnership"}
REQUIRED_ON_CREATE = ("type", "name", "country")
#: Fields of multi-line free text (kept with line breaks) — everything else textual is one line.
MULTILINE = frozenset({"description"})


def _text(max_length: int, *, multiline: bool = False) -> Checker:
    def check(v: object, _voc: Vocabulary, _f: str) -> object:
        return clean_text(v, _f, max_length=max_length, multiline=multiline)
    return check


def _number(kind: type[int] | type[float], low: float, high: float) -> Checker:
    def check(v: object, _voc: Vocabulary, _f: str) -> object:
        if v is None or v == "":
            return None if kind is float or _f in {"year_established"} else 0
        try:
            if isinstance(v, bool) or not isinstance(v, int | float | str):
                raise TypeError
            num = kind(v)
        except (TypeError, ValueError):
            raise ValidationError(f"'{v}' is not a {'whole ' if kind is int else ''}number", field=_f) from None
        if kind is int and isinstance(v, float) and not v.is_integer():
            raise ValidationError(f"'{v}' is not a whole number", field=_f)
        if not low <= num <= high:
            raise ValidationError(f"{num} is outside {low:g}…{high:g}", field=_f)
        return num
    return check


def _choice(options: Mapping[str, str], *, blank: bool) -> Checker:
    def check(v: object, _voc: Vocabulary, _f: str) -> object:
        text = clean_text(v, _f, max_length=40)
        if (blank and text == "") or text in options:
            return text
        raise ValidationError(f"'{text}' is not allowed", field=_f, hint="choose one of: " + ", ".join(options))
    return check


def _coded(facet: str, *, blank: bool) -> Checker:
    """One code of a vocabulary (its code, label or alias is accepted; the code is kept)."""
    def check(v: object, voc: Vocabulary, _f: str) -> object:
        text = clean_text(v, _f, max_length=80)
        if blank and text == "":
            return text
        code = voc.lookup(facet, text)
        if code is None:
            raise ValidationError(f"'{text}' is not allowed", field=_f,
                                  hint="choose one of: " + ", ".join(voc.codes(facet)))
        return code
    return check


def _bool(v: object, _voc: Vocabulary, _f: str) -> object:
    if isinstance(v, bool):
        return v
    if v in ("true", "on", "1", 1, "yes"):
        return True
    if v in (None, "", "false", "off", "0", 0, "no"):
        return False
    raise ValidationError(f"'{v}' is not yes/no", field=_f)


def _country(v: object, _voc: Vocabulary, _f: str) -> object:
    text = clean_text(v, _f, max_length=2).upper()
    if not re.fullmatch(r"[A-Z]{2}", text):
        raise ValidationError(f"'{text}' is not a two-letter country code", field=_f, hint="e.g. AT, DE, EL, FR")
    return text


def _region(v: object, _voc: Vocabulary, _f: str) -> object:
    text = clean_text(v, _f, max_length=4).upper()
    if text and not re.fullmatch(r"[A-Z]{2}[0-9A-Z]{2}", text):
        raise ValidationError(f"'{text}' is not a NUTS 2 code", field=_f, hint="e.g. AT13, DE21, FR10")
    return text


def _date(v: object, _voc: Vocabulary, _f: str) -> object:
    if v is None or v == "":
        return None
    if isinstance(v, date):
        return v
    try:
        return date.fromisoformat(clean_text(v, _f, max_length=10))
    except ValueError:
        raise ValidationError(f"'{v}' is not a date", field=_f, hint="write it as YYYY-MM-DD") from None


def _email_or_blank(v: object, _voc: Vocabulary, _f: str) -> object:
    text = clean_text(v, _f, max_length=254)
    return check_email(text, _f) if text else ""


def _url(v: object, _voc: Vocabulary, _f: str) -> object:
    return check_url(clean_text(v, _f, max_length=300), _f)


def _codes(facet: str, max_items: int) -> Checker:
    def check(v: object, voc: Vocabulary, _f: str) -> object:
        items = _as_list(v, _f, max_items)
        out: list[str] = []
        for item in items:
            code = voc.lookup(facet, clean_text(item, _f, max_length=120))
            if code is None:
                raise ValidationError(f"'{item}' is not a known code", field=_f,
                                      hint="choose from: " + ", ".join(sorted(voc.codes(facet))))
            out.append(code)
        return sorted(set(out))
    return check


def _free_list(max_items: int, max_length: int) -> Checker:
    def check(v: object, _voc: Vocabulary, _f: str) -> object:
        return sorted({t for t in (clean_text(i, _f, max_length=max_length) for i in _as_list(v, _f, max_items)) if t})
    return check


def _as_list(v: object, field: str, max_items: int) -> list[object]:
    if v is None or v == "":
        return []
    if isinstance(v, str):
        v = [p for p in v.split(";")]
    if not isinstance(v, list | tuple | set | frozenset):
        raise ValidationError(f"expected a list, got {type(v).__name__}", field=field)
    items = list(v)
    if len(items) > max_items:
        raise ValidationError(f"has {len(items)} entries, the limit is {max_items}", field=field)
    return items


FIELDS: dict[str, Checker] = {
    "type": _coded("type", blank=False),
    "name": _text(200),
    "acronym": _text(30),
    "country": _country,
    "region": _region,
    "city": _text(100),
    "latitude": _number(float, -90, 90),
    "longitude": _number(float, -180, 180),
    "website": _url,
    "website_english": _bool,
    "description": _text(5000, multiline=True),
    "description_format": _choice({"plain": "plain text", "markdown": "Markdown subset"}, blank=False),
    "year_established": _number(int, 1800, 2100),
    "staff_fte": _number(float, 0, 100000),
    "members_sme": _number(int, 0, 1_000_000),
    "members_large": _number(int, 0, 1_000_000),
    "members_research": _number(int, 0, 1_000_000),
    "members_public": _number(int, 0, 1_000_000),
    "members_other": _number(int, 0, 1_000_000),
    "esca_label": _coded("label", blank=True),
    "esca_valid_until": _date,
    "support_programme": _text(300),
    "contact_name": _text(120),
    "contact_email": _email_or_blank,
    "ecosystems": _codes("ecosystem", 14),
    "sectors": _codes("sector", 51),
    "emerging_industries": _codes("emerging", 10),
    "technologies": _codes("technology", 6),
    "value_chains": _free_list(20, 100),
    "partnerships": _free_list(50, 200),
}
#: Text fields a person types freely (what the XSS tests feed payloads into).
FREE_TEXT_FIELDS = ("name", "acronym", "city", "description", "support_programme", "contact_name")


def clean_profile_input(values: Mapping[str, object], *, partial: bool,
                        vocabulary: Vocabulary | None = None) -> dict[str, object]:
    """Checked values for the given fields; ``partial=False`` (create) also requires type, name and country."""
    voc = vocabulary or load_vocabulary()
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise ValidationError(f"unknown profile field(s): {', '.join(unknown)}",
                              hint="known fields: " + ", ".join(sorted(FIELDS)))
    out: dict[str, object] = {}
    for name, raw in values.items():
        out[name] = FIELDS[name](raw, voc, name)
    if not partial:
        for name in REQUIRED_ON_CREATE:
            if not out.get(name):
                raise ValidationError("is required", field=name)
    elif "name" in out and not out["name"]:
        raise ValidationError("may not be empty", field="name")
    if out.get("esca_label") and values.get("esca_valid_until") in (None, "") and not partial:
        raise ValidationError("an ESCA label needs its validity date", field="esca_valid_until")
    region, country = out.get("region"), out.get("country")
    if isinstance(region, str) and region and isinstance(country, str) and not region.startswith(country):
        raise ValidationError(f"region {region} is not in country {country}", field="region")
    return out


def profile_values(profile: Profile) -> dict[str, Any]:
    """Every field of a profile row as plain values (lists for the tag fields), in :data:`FIELDS` order."""
    out: dict[str, Any] = {}
    for name in FIELDS:
        if name in TAG_FIELDS:
            out[name] = profile.tag_codes(TAG_FIELDS[name])
        else:
            out[name] = getattr(profile, name)
    return out


def jsonable(value: object) -> object:
    """A value as it goes into the history's JSON (dates as ISO strings)."""
    return value.isoformat() if isinstance(value, date) else value


__all__ = ["FIELDS", "FREE_TEXT_FIELDS", "REQUIRED_ON_CREATE", "TAG_FIELDS", "clean_profile_input", "jsonable",
           "profile_values"]
