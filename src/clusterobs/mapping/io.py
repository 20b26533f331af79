"""Files in and out of cluster mapping (the edge; the rest of mapping/ knows no files).

Tables: CSV (delimiter sniffed: ``,`` ``;`` or tab), Parquet or XLSX, chosen by extension. Relatedness:
a pair list (source, target, value columns) or a square matrix (first column = row codes). Presets: YAML.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Literal

import pandas as pd

from clusterobs.errors import FileFormatError, ValidationError
from clusterobs.mapping.presets import Preset, parse_preset
from clusterobs.mapping.relatedness import from_pairs

FORMATS = (".csv", ".parquet", ".xlsx")


def _suffix(path: Path) -> str:
    s = path.suffix.lower()
    if s not in FORMATS:
        raise FileFormatError(f"unsupported file type '{s or '(none)'}'", path=path,
                              hint="use .csv, .parquet or .xlsx")
    return s


def read_table(path: str | Path) -> pd.DataFrame:
    """Read a table by extension. Only empty CSV cells are NA here (so region "NA" survives); flags such
    as ``:`` or ``c`` in measure columns become missing values in validation."""
    p = Path(path)
    s = _suffix(p)
    if not p.exists():
        raise FileFormatError("file not found", path=p)
    try:
        if s == ".parquet":
            return pd.read_parquet(p)
        if s == ".xlsx":
            return pd.read_excel(p)
        with p.open(encoding="utf-8-sig", newline="") as fh:
            head = fh.read(8192)
        try:
            sep = csv.Sniffer().sniff(head, delimiters=",;\t").delimiter
        except csv.Error:
            sep = ","
        return pd.read_csv(p, sep=sep, dtype={"region": str, "category": str}, encoding="utf-8-sig",
                           keep_default_na=False, na_values=[""])
    except (ValueError, OSError, pd.errors.ParserError) as exc:
        raise FileFormatError(f"cannot read as {s[1:].upper()}: {exc}", path=p) from exc


def write_table(df: pd.DataFrame, path: str | Path) -> Path:
    """Write by extension (CSV, Parquet or XLSX); categoricals are written as their codes."""
    p = Path(path)
    s = _suffix(p)
    plain = df.copy()
    for col in plain.columns:
        if isinstance(plain[col].dtype, pd.CategoricalDtype):
            plain[col] = plain[col].astype(str)
    if s == ".csv":
        plain.to_csv(p, index=False)
    elif s == ".parquet":
        plain.to_parquet(p, index=False)
    else:
        plain.to_excel(p, index=False)
    return p


def read_relatedness(path: str | Path, *, source: str | None = None, target: str | None = None,
                     value: str | None = None,
                     symmetrize: Literal["none", "max", "min", "mean"] = "none") -> pd.DataFrame:
    """An external relatedness matrix or pair list as a square category × category frame.

    With ``source``/``target``/``value`` (e.g. the US CMP pairs: ``cluster_code``, ``related_code``,
    ``bcr_pctile_cr_all_pc`` or ``cmp_strong_related``) the file is a pair list; otherwise a square matrix
    whose first column holds the row codes and whose header holds the column codes.
    """
    raw = read_table(path)
    if source or target or value:
        if not (source and target and value):
            raise ValidationError("a pair list needs source, target and value column names", path=path)
        return from_pairs(raw, source=source, target=target, value=value, symmetrize=symmetrize)
    m = raw.set_index(raw.columns[0])
    m.index = m.index.astype(str)
    m.columns = m.columns.astype(str)
    if list(m.index) != list(m.columns):
        raise ValidationError("a relatedness matrix needs the same codes, in the same order, in rows and columns",
                              path=path, hint="or pass source/target/value for a pair list")
    m = pd.DataFrame(m.apply(pd.to_numeric, errors="coerce"))
    m.index.name = "category"
    m.columns.name = "category"
    return m


def read_preset(path: str | Path) -> Preset:
    """A user preset from a YAML file (validated; errors name the file and field)."""
    p = Path(path)
    if not p.exists():
        raise FileFormatError("preset file not found", path=p)
    return parse_preset(p.read_text(encoding="utf-8"), source=str(p))


__all__ = ["FORMATS", "read_preset", "read_relatedness", "read_table", "write_table"]
