"""A user's own regional data, in the documented CSV template (docs/data-template.md), into facts.

The template is deliberately the store's own long form, so nothing is guessed: columns ``region``,
``industry`` (optional), ``indicator``, ``year``, ``value``, ``unit``, ``flag`` (optional). Files that name
their columns differently are read with a column mapping (``{"region": "nuts_id"}``), and a column the file
lacks can be given one value for every row (``{"unit": "PC"}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from clusterobs.errors import FileFormatError, ValidationError
from clusterobs.ingest.eurostat import parse_cells
from clusterobs.ingest.tabular import LINE, header_line, read_delimited, read_text, sniff_delimiter
from clusterobs.ingest.validate import INVALID, Registry, validate_facts
from clusterobs.store import Batch, file_checksum

REQUIRED = ("region", "indicator", "year", "value", "unit")
OPTIONAL = ("industry", "flag")
TEMPLATE_COLUMNS = ("region", "industry", "indicator", "year", "value", "unit", "flag")


def read_user_csv(path: str | Path, dataset: str, *, columns: Mapping[str, str] | None = None,
                  fixed: Mapping[str, str] | None = None, decimal: str = ".") -> pd.DataFrame:
    """Parse a template CSV into facts with ``_line`` and ``_invalid`` (not yet validated).

    ``columns`` maps a template column to the file's header name; ``fixed`` gives a template column one
    value for every row; ``decimal`` is the decimal mark of ``value`` (``','`` for many European exports).
    """
    p = Path(path)
    if not dataset:
        raise ValidationError("no dataset name given", path=p, hint="pass --dataset NAME (e.g. my_survey)")
    columns = dict(columns or {})
    fixed = dict(fixed or {})
    for name in (*columns, *fixed):
        if name not in TEMPLATE_COLUMNS:
            raise ValidationError(f"'{name}' is not a template column", path=p, field=name,
                                  hint="template columns: " + ", ".join(TEMPLATE_COLUMNS))
    text = read_text(p)
    wanted = tuple(columns.get(c, c) for c in REQUIRED if c not in fixed)
    sep = sniff_delimiter(header_line(text), p, expect=wanted)
    frame = read_delimited(text, p, sep)
    lower = {str(c).lower(): c for c in frame.columns}

    def column(name: str) -> pd.Series | None:
        if name in fixed:
            return pd.Series(fixed[name], index=frame.index, dtype=object)
        src = columns.get(name, name)
        col = lower.get(src.lower())
        return None if col is None else frame[col].astype(str).str.strip()

    if frame.empty:
        raise FileFormatError("file has a header but no data lines", path=p, line=2,
                              hint="add one line per fact below the header")
    cells = parse_cells(_decimal(column("value"), decimal))  # type: ignore[arg-type]
    flag_col = column("flag")
    flag = cells["flag"] if flag_col is None else flag_col.where(flag_col != "", cells["flag"])
    industry = column("industry")
    return pd.DataFrame({
        "dataset": dataset,
        "region": column("region"),
        "industry": industry if industry is not None else "",
        "indicator": column("indicator"),
        "year": column("year"),
        "value": cells["value"],
        "unit": column("unit"),
        "flag": flag,
        INVALID: cells[INVALID],
        LINE: frame[LINE],
    })


def _decimal(values: pd.Series, decimal: str) -> pd.Series:
    if decimal == ".":
        return values
    return values.str.replace(".", "", regex=False).str.replace(decimal, ".", regex=False)


def load_user_csv(path: str | Path, registry: Registry, dataset: str, *,
                  columns: Mapping[str, str] | None = None, fixed: Mapping[str, str] | None = None,
                  decimal: str = ".") -> pd.DataFrame:
    """Read and validate a template CSV into canonical facts, or raise one clear error."""
    facts = read_user_csv(path, dataset, columns=columns, fixed=fixed, decimal=decimal)
    return validate_facts(facts, registry, path)


def user_csv_batch(path: str | Path, registry: Registry, dataset: str, *,
                   columns: Mapping[str, str] | None = None, fixed: Mapping[str, str] | None = None,
                   decimal: str = ".", source: str | None = None) -> Batch:
    """A store batch of one template CSV (validated first; nothing is written here)."""
    p = Path(path)
    facts = load_user_csv(p, registry, dataset, columns=columns, fixed=fixed, decimal=decimal)
    opts = [f"{k}={v}" for k, v in sorted((columns or {}).items())] + \
        [f"{k}:={v}" for k, v in sorted((fixed or {}).items())] + ([f"decimal={decimal}"] if decimal != "." else [])
    checksum = file_checksum(p) + (";" + ";".join(opts) if opts else "")
    return Batch(dataset=dataset, kind="csv", source=source or str(p), checksum=checksum, tables={"facts": facts},
                 note="user CSV (docs/data-template.md)")
