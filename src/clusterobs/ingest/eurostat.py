"""Eurostat files of any dataset into one long table: dimensions, ``time``, ``year``, ``value``, ``flag``.

Three layouts are read, all vectorised with pandas (no per-cell Python):

- **TSV** (bulk download and the dissemination API's ``format=TSV``, plain or ``.tsv.gz``): the first
  column header lists the dimensions before a backslash and the time dimension after it
  (``freq,nace_r2,indic_sb,geo\\TIME_PERIOD``); each cell holds a value and optional flags
  (``12.3 p``, ``45 e``, ``:``, ``: c``).
- **SDMX-CSV** (``format=SDMX-CSV``): ``DATAFLOW, LAST UPDATE, <dimensions…>, TIME_PERIOD, OBS_VALUE,
  OBS_FLAG`` with one observation per line.
- **wide CSV**: a documented extract with one column per dimension and one per year, named by the year
  with an optional prefix (``nace_r2;geo;n2015``), cells as in the TSV.

Missing and confidential cells become NaN and keep their flag (``':'`` for a bare colon, ``'c'`` for
``': c'``, ``''`` for an empty cell); they are never read as zero. A cell that is not a number is kept in
``_invalid`` for :mod:`clusterobs.ingest.validate` to report with its line.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from clusterobs.errors import ClusterObsWarning, FileFormatError
from clusterobs.ingest.tabular import LINE, delimiter_name, header_line, read_delimited, read_text, sniff_delimiter
from clusterobs.ingest.validate import INVALID

Layout = Literal["tsv", "sdmx-csv", "wide-csv"]

_CELL = re.compile(
    r"^\s*(?:(?P<num>[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)|(?P<colon>:))?\s*(?P<flag>[a-z]{1,4})?\s*$"
)
_YEAR_COLUMN = re.compile(r"^[A-Za-z_]*?(\d{4})$")
_SDMX_META = {"DATAFLOW", "LAST UPDATE", "TIME_PERIOD", "OBS_VALUE", "OBS_FLAG", "CONF_STATUS", "OBS_STATUS"}


def parse_cells(cells: pd.Series) -> pd.DataFrame:
    """Split Eurostat cells (``'12.3 p'``, ``': c'``, ``':'``, ``''``) into value, flag and ``_invalid``."""
    s = cells.astype(str)
    parts = s.str.extract(_CELL)
    matched = s.str.match(_CELL)  # every group is optional: a blank cell matches, debris does not
    value = pd.to_numeric(parts["num"], errors="coerce").astype("float64")
    flag = parts["flag"].fillna("")
    flag = flag.where(flag != "", np.where(parts["colon"].notna(), ":", ""))
    invalid = s.where(~matched)
    return pd.DataFrame({"value": value.to_numpy(), "flag": flag.astype(str).to_numpy(dtype=object),
                         INVALID: invalid.to_numpy(dtype=object)}, index=cells.index)


def _years(time: pd.Series) -> pd.Series:
    """The period as text: annual periods (``'2015'``) pass validation, others (``2015-Q1``) are reported."""
    return time.astype(str).str.strip().astype(object)


def detect_layout(text: str) -> Layout:
    head = header_line(text)
    if "\\" in head:  # 'dims\TIME_PERIOD': a TSV, even when wrongly delimited (parse_tsv says so)
        return "tsv"
    cols = {c.strip().strip('"').upper() for c in re.split(r"[,;\t|]", head)}
    if {"OBS_VALUE", "TIME_PERIOD"} <= cols:
        return "sdmx-csv"
    return "wide-csv"


def parse_tsv(text: str, path: str | Path) -> pd.DataFrame:
    """Parse Eurostat TSV text (already decoded) into the long form."""
    head = header_line(text)
    first = head.split("\t", 1)[0]
    if "\\" not in first or "\t" not in head:
        sep = max((";", ",", "|"), key=head.count)
        hint = (f"the file looks {delimiter_name(sep)}-separated; Eurostat TSV separates columns by tabs"
                if head.count(sep) else "download the TSV again (format=TSV)")
        raise FileFormatError(
            "not a Eurostat TSV: the first header cell must look like 'freq,geo\\TIME_PERIOD' followed by "
            "tab-separated periods", path=path, line=1, hint=hint)
    dims_part, time_dim = first.split("\\", 1)
    dims = [d.strip() for d in dims_part.split(",")]
    frame = read_delimited(text, path, "\t")
    key_col = frame.columns[0]
    keys = frame[key_col].str.split(",", expand=True)
    if keys.shape[1] != len(dims) or keys.isna().any(axis=None):
        nparts = (frame[key_col].str.count(",") + 1).to_numpy()
        pos = int((nparts != len(dims)).argmax())
        raise FileFormatError(
            f"row key {frame[key_col].iloc[pos]!r} has {int(nparts[pos])} comma-separated code(s), the header "
            f"names {len(dims)} dimension(s) ({', '.join(dims)})", path=path, line=int(frame[LINE].iloc[pos]),
            field=key_col, hint="complete the row key or remove the line")
    keys.columns = dims
    periods = [c for c in frame.columns if c not in (key_col, LINE)]
    wide = pd.concat([keys, frame[periods + [LINE]]], axis=1)
    long = wide.melt(id_vars=[*dims, LINE], value_vars=periods, var_name="time", value_name="_cell")
    long["time"] = long["time"].astype(str).str.strip()
    cells = parse_cells(long.pop("_cell"))
    out = pd.concat([long, cells], axis=1)
    out["year"] = _years(out["time"])
    out.attrs["dimensions"] = dims
    out.attrs["time_dimension"] = time_dim.strip()
    return out.sort_values([LINE, "time"], kind="stable").reset_index(drop=True)


def parse_sdmx_csv(text: str, path: str | Path) -> pd.DataFrame:
    """Parse SDMX-CSV text into the long form (flag from OBS_FLAG, or a confidentiality status)."""
    sep = sniff_delimiter(header_line(text), path, expect=("TIME_PERIOD", "OBS_VALUE"))
    frame = read_delimited(text, path, sep)
    rename = {c: c.split(":", 1)[0].strip() for c in frame.columns if c != LINE}
    frame = frame.rename(columns=rename)
    upper = {c: c.upper() for c in frame.columns if c.upper() in _SDMX_META}
    frame = frame.rename(columns=upper)
    dims = [c for c in frame.columns if c not in _SDMX_META and c != LINE]
    for d in dims:  # labels=both writes 'AT:Österreich'
        frame[d] = frame[d].str.split(":", n=1).str[0].str.strip()
    raw = frame["OBS_VALUE"].astype(str).str.strip()
    value = pd.Series(pd.to_numeric(raw.to_numpy(dtype=object), errors="coerce"), index=frame.index)
    flag = (frame["OBS_FLAG"].astype(str).str.strip() if "OBS_FLAG" in frame.columns
            else pd.Series("", index=frame.index))
    if "CONF_STATUS" in frame.columns:
        conf = frame["CONF_STATUS"].astype(str).str.strip().str.lower()
        flag = flag.where(flag != "", conf.where(conf.isin(["c", "d"]), ""))
    flag = flag.mask((flag == "") & (raw == ":"), ":")
    out = frame[dims].copy()
    out["time"] = frame["TIME_PERIOD"].astype(str).str.strip()
    out["year"] = _years(out["time"])
    out["value"] = value.astype("float64")
    out["flag"] = flag.astype(str).to_numpy(dtype=object)
    out[INVALID] = raw.where(value.isna() & ~raw.isin(["", ":"])).to_numpy(dtype=object)
    out[LINE] = frame[LINE]
    out.attrs["dimensions"] = dims
    return out.reset_index(drop=True)


def parse_wide_csv(text: str, path: str | Path) -> pd.DataFrame:
    """Parse a wide extract (dimension columns, then one column per year such as ``n2015`` or ``2015``)."""
    sep = sniff_delimiter(header_line(text), path)
    frame = read_delimited(text, path, sep)
    years = {c: m.group(1) for c in frame.columns if (m := _YEAR_COLUMN.match(str(c)))}
    if not years:
        raise FileFormatError(
            f"no year column in the header {header_line(text)[:80]!r}", path=path, line=1,
            hint="name year columns by the year (2015 or n2015), or use the CSV template (clusterobs ingest csv)")
    dims = [c for c in frame.columns if c not in years and c != LINE]
    long = frame.melt(id_vars=[*dims, LINE], value_vars=list(years), var_name="time", value_name="_cell")
    long["time"] = long["time"].map(years)
    for d in dims:
        long[d] = long[d].str.strip()
    cells = parse_cells(long.pop("_cell"))
    out = pd.concat([long, cells], axis=1)
    out["year"] = out["time"]
    out.attrs["dimensions"] = dims
    return out.sort_values([LINE, "time"], kind="stable").reset_index(drop=True)


_PARSERS = {"tsv": parse_tsv, "sdmx-csv": parse_sdmx_csv, "wide-csv": parse_wide_csv}


def read_eurostat(path: str | Path, layout: Layout | None = None,
                  on_invalid: Literal["keep", "missing"] = "keep") -> pd.DataFrame:
    """Read a Eurostat file (layout detected from its header unless given) into the long form.

    ``on_invalid='missing'`` turns cells that are not numbers into missing values flagged ``':'`` with a
    :class:`~clusterobs.errors.ClusterObsWarning`; use it only for extracts known to hold such debris.
    """
    text = read_text(path)
    kind = layout or detect_layout(text)
    out = _PARSERS[kind](text, path)
    out.attrs["layout"] = kind
    if on_invalid == "missing":
        bad = out[INVALID].notna()
        if bad.any():
            first = out.loc[bad].iloc[0]
            warnings.warn(
                f"{path}:{int(first[LINE])}: {int(bad.sum())} cell(s) are not numbers (first: "
                f"{first[INVALID]!r}); loaded as missing with flag ':'", ClusterObsWarning, stacklevel=2)
            out.loc[bad, "flag"] = ":"
            out.loc[bad, INVALID] = None
    return out
