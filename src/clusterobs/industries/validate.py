"""Rules the taxonomy tables must obey, checked once when they are loaded.

Pure functions over DataFrames that carry a ``_line`` column (the 1-based line in the source file, header = 1),
so every error can name the file, line and field. Callers trust a validated taxonomy afterwards.
"""

from __future__ import annotations

import re

import pandas as pd

from clusterobs.errors import ValidationError

#: Eurostat form of a NACE code at each level: section "C", division "C10", group "C101", class "C1011".
NACE_PATTERN = {1: re.compile(r"[A-U]"), 2: re.compile(r"[A-U]\d{2}"), 3: re.compile(r"[A-U]\d{3}"),
                4: re.compile(r"[A-U]\d{4}")}
KINDS = ("traded", "local")
BASES = ("us-naics-crosswalk", "curated")


def _line(row: pd.Series) -> int:
    return int(row["_line"])


def require_columns(df: pd.DataFrame, columns: tuple[str, ...], file: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValidationError(f"missing column(s) {', '.join(missing)}", path=file, line=1,
                              hint=f"the header must name: {', '.join(columns)}")


def _no_duplicates(df: pd.DataFrame, column: str, file: str, what: str) -> None:
    dup = df[df.duplicated(column, keep="first")]
    if len(dup):
        row = dup.iloc[0]
        raise ValidationError(f"duplicate {what} '{row[column]}'", path=file, line=_line(row), field=column,
                              hint="each code may appear once; remove or rename the repeated row")


def validate_nace(nace: pd.DataFrame, file: str) -> None:
    """Codes unique and well-formed for their level; each parent exists one level up and prefixes the code."""
    require_columns(nace, ("code", "level", "parent", "label", "section"), file)
    _no_duplicates(nace, "code", file, "NACE code")
    levels = dict(zip(nace["code"], nace["level"], strict=True))
    for _, row in nace.iterrows():
        code, level, parent = row["code"], row["level"], row["parent"]
        if level not in NACE_PATTERN:
            raise ValidationError(f"level {level!r} of '{code}' is not 1-4", path=file, line=_line(row),
                                  field="level", hint="1 section, 2 division, 3 group, 4 class")
        if not NACE_PATTERN[level].fullmatch(code):
            raise ValidationError(f"code '{code}' is not a level-{level} NACE code in Eurostat form",
                                  path=file, line=_line(row), field="code",
                                  hint="write e.g. 'C', 'C10', 'C101', 'C1011' (no dots)")
        if row["section"] != code[0]:
            raise ValidationError(f"section '{row['section']}' does not match code '{code}'", path=file,
                                  line=_line(row), field="section", hint=f"use '{code[0]}'")
        if not str(row["label"]).strip():
            raise ValidationError(f"empty label for '{code}'", path=file, line=_line(row), field="label")
        if level == 1:
            if parent:
                raise ValidationError(f"section '{code}' must have no parent", path=file, line=_line(row),
                                      field="parent")
            continue
        if parent not in levels:
            raise ValidationError(f"unknown parent '{parent}' of '{code}'", path=file, line=_line(row),
                                  field="parent", hint="add the parent row or correct the code")
        if levels[parent] != level - 1:
            raise ValidationError(f"parent '{parent}' of '{code}' is at level {levels[parent]}, not {level - 1}",
                                  path=file, line=_line(row), field="parent")
        expected = code[0] if level == 2 else code[:-1]
        if parent != expected:
            raise ValidationError(f"code '{code}' is inconsistent with its parent '{parent}'", path=file,
                                  line=_line(row), field="parent", hint=f"the parent of '{code}' is '{expected}'")


def validate_categories(categories: pd.DataFrame, file: str) -> None:
    require_columns(categories, ("code", "label", "kind"), file)
    _no_duplicates(categories, "code", file, "category code")
    for _, row in categories.iterrows():
        if row["kind"] not in KINDS:
            raise ValidationError(f"kind '{row['kind']}' of category '{row['code']}' is not traded or local",
                                  path=file, line=_line(row), field="kind")
        if not str(row["label"]).strip():
            raise ValidationError(f"empty label for category '{row['code']}'", path=file, line=_line(row),
                                  field="label")


def validate_mapping(mapping: pd.DataFrame, nace: pd.DataFrame, categories: pd.DataFrame, file: str) -> None:
    """Every NACE class has exactly one known category; curated rows explain themselves in ``note``."""
    require_columns(mapping, ("nace", "category", "basis", "note"), file)
    _no_duplicates(mapping, "nace", file, "NACE class")
    classes = set(nace.loc[nace["level"] == 4, "code"])
    known = set(categories["code"])
    for _, row in mapping.iterrows():
        if row["nace"] not in classes:
            raise ValidationError(f"unknown NACE class '{row['nace']}'", path=file, line=_line(row), field="nace",
                                  hint="use a level-4 code from nace_r2.csv, e.g. 'C1011'")
        if row["category"] not in known:
            raise ValidationError(f"unknown category '{row['category']}' for '{row['nace']}'", path=file,
                                  line=_line(row), field="category",
                                  hint="use a code from cluster_categories.yaml")
        if row["basis"] not in BASES:
            raise ValidationError(f"basis '{row['basis']}' is not one of {', '.join(BASES)}", path=file,
                                  line=_line(row), field="basis")
        if row["basis"] == "curated" and not str(row["note"]).strip():
            raise ValidationError(f"curated class '{row['nace']}' has no note", path=file, line=_line(row),
                                  field="note", hint="say why the class was curated")
    unmapped = sorted(classes - set(mapping["nace"]))
    if unmapped:
        shown = ", ".join(unmapped[:10]) + (" …" if len(unmapped) > 10 else "")
        raise ValidationError(f"{len(unmapped)} NACE class(es) without category: {shown}", path=file,
                              hint="add one row per class")


def validate_emerging(emerging: pd.DataFrame, nace: pd.DataFrame, file: str) -> None:
    """Long table (industry, nace, _line): every class known, no class listed twice for one industry."""
    classes = set(nace.loc[nace["level"] == 4, "code"])
    for _, row in emerging.iterrows():
        if row["nace"] not in classes:
            raise ValidationError(f"unknown NACE class '{row['nace']}' in emerging industry '{row['industry']}'",
                                  path=file, line=_line(row), field="classes",
                                  hint="use level-4 codes from nace_r2.csv")
    dup = emerging[emerging.duplicated(["industry", "nace"])]
    if len(dup):
        row = dup.iloc[0]
        raise ValidationError(f"class '{row['nace']}' listed twice in '{row['industry']}'", path=file,
                              line=_line(row), field="classes")
