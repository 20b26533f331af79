"""Tidy employment input → validated table → dense year × region × category arrays.

Cluster mapping reads tidy tables with fixed *role* columns so that any country's data works (C5):

==================  =========================================================================
role                meaning
==================  =========================================================================
region              region code (NUTS or any code); a reference unit may be one of the rows
category            industry code: cluster category, emerging industry, NACE code …
year                integer year
employment          persons employed (required)
establishments      number of enterprises / establishments (optional)
wage_bill           total wages (optional)
value_added         value added (optional)
traded              bool per category: traded (True) or local (False) (optional)
level               region level, e.g. NUTS level 0–3 (optional; otherwise one level)
region_employment   the region's total employment in that year, repeated on each of its rows (optional).
                    Needed when the categories do not partition the economy (the overlapping emerging
                    industries): E_r and E of the LQ and focus are then the regions' totals, not the sums
                    of the table's categories. One value per region × year, non-negative; empty = unknown.
                    Not checked against the categories (overlapping sets may together exceed it).
==================  =========================================================================

Validation happens once, here; the kernels then trust their input. Two kinds of "nothing" are kept apart
on purpose: a region × category row that is *absent* from the long table is a structural zero (data are
often given sparse), while a row that is present with an empty, non-numeric (confidential ``c``) or NaN
value is *missing* — it is excluded from every total and ranking and reported, never read as zero.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from clusterobs.errors import ValidationError

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

REQUIRED = ("region", "category", "year", "employment")
MEASURES = ("employment", "establishments", "wage_bill", "value_added")
#: Role of the region's total employment (per region × year), the E_r of the LQ when categories overlap.
REGION_TOTAL = "region_employment"
OPTIONAL = ("establishments", "wage_bill", "value_added", "traded", "level", REGION_TOTAL)
ROLES = REQUIRED + OPTIONAL

_TRUE = {"true", "1", "yes", "y", "t", "traded"}
_FALSE = {"false", "0", "no", "n", "f", "local", ""}


def _show(values: pd.Series | pd.Index, limit: int = 5) -> str:
    items = [str(v) for v in list(values)[:limit]]
    more = len(values) - len(items)
    return ", ".join(items) + (f" (and {more} more)" if more > 0 else "")


def _to_bool(col: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(col):
        return col.astype(bool)
    text = col.astype(str).str.strip().str.lower()
    bad = ~(text.isin(_TRUE) | text.isin(_FALSE))
    if bad.any():
        raise ValidationError(
            f"values {_show(col[bad].drop_duplicates())} are not booleans",
            field="traded", hint="use true/false (or 1/0, traded/local)",
        )
    return text.isin(_TRUE)


def _codes(col: pd.Series) -> pd.Series:
    """Codes as a categorical of stripped strings: cheap to group and pivot on millions of rows."""
    cat = col if isinstance(col.dtype, pd.CategoricalDtype) else col.astype("category")
    names = pd.Index(cat.cat.categories.astype(str).str.strip())
    if names.has_duplicates:  # " A" and "A" collapse to one code
        return pd.Series(pd.Categorical(np.asarray(names)[cat.cat.codes.to_numpy()]), index=col.index)
    return pd.Series(pd.Categorical.from_codes(cat.cat.codes.to_numpy(), categories=names), index=col.index)


def _duplicated(out: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """Rows whose (region, category, year) occurs more than once, by integer keys (fast)."""
    r = out["region"].cat.codes.to_numpy(dtype=np.int64)
    c = out["category"].cat.codes.to_numpy(dtype=np.int64)
    y_u, y = np.unique(out["year"].to_numpy(), return_inverse=True)
    n_c = len(out["category"].cat.categories)
    key = (y * (r.max(initial=0) + 1) + r) * n_c + c
    counts = np.bincount(key)
    return np.asarray(counts[key] > 1)


def _region_totals(out: pd.DataFrame, column: pd.Series) -> pd.Series:
    """The region-total column as floats (NaN = unknown), checked: non-negative, one value per region × year."""
    val = pd.to_numeric(column, errors="coerce").astype("float64").set_axis(out.index)
    neg = val < 0
    if neg.any():
        rows = out.loc[neg, ["region", "year"]].astype(str).agg("/".join, axis=1).drop_duplicates()
        raise ValidationError(f"negative region totals for {_show(rows)}", field=REGION_TOTAL,
                              hint="a region's total employment cannot be negative; leave it empty if unknown")
    keys = out[["region", "year"]].assign(v=val.fillna(-1.0))  # -1: unknown, a value of its own
    per = keys.groupby(["region", "year"], observed=True)["v"].nunique()
    if (per > 1).any():
        bad = [f"{r}/{y}" for r, y in per.index[per > 1]]
        raise ValidationError(f"region × year with several region totals: {_show(pd.Index(bad))}",
                              field=REGION_TOTAL, hint="repeat the region's one total on each of its rows")
    return val


def validate_input(data: pd.DataFrame, *, columns: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Return a clean copy of ``data`` with role columns, or raise a ValidationError naming the bad rows.

    ``columns`` maps role → the caller's column name (``{"region": "geo", "employment": "n2015"}``).
    Measures become floats, with NaN where the input was empty or non-numeric (confidential).
    """
    renamed = data.rename(columns={v: k for k, v in (columns or {}).items()})
    missing = [c for c in REQUIRED if c not in renamed.columns]
    if missing:
        raise ValidationError(
            f"required column(s) {', '.join(missing)} absent; found {', '.join(map(str, renamed.columns))}",
            field=missing[0], hint="rename your columns or pass columns={role: your_name}",
        )
    out = pd.DataFrame({"region": _codes(renamed["region"]), "category": _codes(renamed["category"])})
    for role in ("region", "category"):
        if (out[role].cat.codes < 0).any():
            raise ValidationError(f"{int((out[role].cat.codes < 0).sum())} rows have no {role} code",
                                  field=role, hint="every row needs a region, a category and a year")
    year = pd.to_numeric(renamed["year"], errors="coerce")
    bad_year = year.isna() | (year != year.round())
    if bad_year.any():
        raise ValidationError(f"non-integer years {_show(renamed.loc[bad_year, 'year'])}", field="year",
                              hint="years must be integers such as 2015")
    out["year"] = year.astype("int64")
    for m in MEASURES:
        if m not in renamed.columns:
            continue
        val = pd.to_numeric(renamed[m], errors="coerce").astype("float64")
        neg = val < 0
        if neg.any():
            rows = out.loc[neg, ["region", "category", "year"]].astype(str).agg("/".join, axis=1)
            raise ValidationError(f"negative values for {_show(rows)}", field=m,
                                  hint="counts and amounts cannot be negative; leave missing values empty")
        out[m] = val
    if REGION_TOTAL in renamed.columns:
        out[REGION_TOTAL] = _region_totals(out, renamed[REGION_TOTAL])
    if "traded" in renamed.columns:
        out["traded"] = _to_bool(renamed["traded"]).to_numpy()
        per_cat = out.groupby("category")["traded"].nunique()
        if (per_cat > 1).any():
            raise ValidationError(f"categories {_show(per_cat.index[per_cat > 1])} are both traded and local",
                                  field="traded", hint="the traded flag belongs to the category")
    if "level" in renamed.columns:
        out["level"] = renamed["level"].astype(str).str.strip()
        per_region = out.groupby("region")["level"].nunique()
        if (per_region > 1).any():
            raise ValidationError(f"regions {_show(per_region.index[per_region > 1])} have several levels",
                                  field="level")
    dup = _duplicated(out)
    if dup.any():
        rows = out.loc[dup, ["region", "category", "year"]].astype(str).agg("/".join, axis=1).drop_duplicates()
        raise ValidationError(f"duplicate region/category/year rows: {_show(rows)}",
                              hint="aggregate duplicates before mapping")
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class Panel:
    """Dense ``(year, region, category)`` arrays of the measures; NaN = missing, 0 = absent or zero.

    ``present`` marks cells that had a row in the input; ``reference`` holds the reference unit's
    ``(year, category)`` arrays when the reference area is a unit of the data (it is not among ``regions``).
    ``region_totals`` ``(year, region)`` and ``reference_total`` ``(year,)`` hold the ``region_employment``
    column when given (NaN = unknown, 0 where a region has no row in a year), else ``None``: the LQ's E_r
    and E are then the sums of the categories.
    """

    regions: npt.NDArray[np.str_]
    categories: npt.NDArray[np.str_]
    years: npt.NDArray[np.int64]
    levels: npt.NDArray[np.str_]
    measures: dict[str, FloatArray]
    present: BoolArray
    traded: BoolArray | None
    reference_code: str | None
    reference: dict[str, FloatArray] | None
    region_totals: FloatArray | None = None
    reference_total: FloatArray | None = None


def _compact(
    codes: npt.NDArray[np.integer[Any]], names: pd.Index
) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.int64]]:
    """Drop unused categories and sort the codes: returns (sorted names, new codes)."""
    used = np.unique(codes)
    labels = np.asarray(names.astype(str))[used]
    order = np.argsort(labels, kind="stable")
    remap = np.empty(len(names), dtype=np.int64)
    remap[used[order]] = np.arange(len(used))
    return labels[order], remap[codes]


def build_panel(table: pd.DataFrame, *, reference: str | None = None, level: str | None = None) -> Panel:
    """Pivot a validated table (see :func:`validate_input`) into a :class:`Panel`.

    ``reference`` names a unit of the data used as the reference area (e.g. ``EU27_2020``); it is taken
    out of the regions. ``level`` keeps only the regions of that level.
    """
    region_col = table["region"]
    if not isinstance(region_col.dtype, pd.CategoricalDtype):
        region_col = _codes(region_col)
    region_names = region_col.cat.categories
    r_all = region_col.cat.codes.to_numpy(dtype=np.int64)
    if reference is not None:
        if reference not in region_names:
            raise ValidationError(f"reference unit '{reference}' is not a region of the data", field="region",
                                  hint="omit --reference to use the sum of the regions, or add its rows")
        is_ref = r_all == region_names.get_loc(reference)
    else:
        is_ref = np.zeros(len(table), dtype=bool)
    cat_col = table["category"]
    if not isinstance(cat_col.dtype, pd.CategoricalDtype):
        cat_col = _codes(cat_col)
    cats, c_idx = _compact(cat_col.cat.codes.to_numpy(dtype=np.int64), cat_col.cat.categories)
    years, y_idx = np.unique(table["year"].to_numpy(dtype=np.int64), return_inverse=True)
    keep = ~is_ref
    if level is not None:
        if "level" not in table.columns:
            raise ValidationError("a level was asked for but the data has no level column", field="level")
        keep &= (table["level"] == str(level)).to_numpy()
        if not keep.any():
            raise ValidationError(f"no region of level '{level}' in the data", field="level")
    all_kept = bool(keep.all())
    regions, r_idx = _compact(r_all if all_kept else r_all[keep], region_names)
    yk = y_idx if all_kept else y_idx[keep]
    ck = c_idx if all_kept else c_idx[keep]
    shape = (len(years), len(regions), len(cats))
    present = np.zeros(shape, dtype=bool)
    present[yk, r_idx, ck] = True
    measures: dict[str, FloatArray] = {}
    ref_measures: dict[str, FloatArray] | None = {} if reference is not None else None
    for m in MEASURES:
        if m not in table.columns:
            continue
        vals = table[m].to_numpy(dtype=np.float64)
        arr = np.zeros(shape)
        arr[yk, r_idx, ck] = vals if all_kept else vals[keep]
        measures[m] = arr
        if ref_measures is not None:
            ref = np.zeros((len(years), len(cats)))
            ref[y_idx[is_ref], c_idx[is_ref]] = vals[is_ref]
            ref_measures[m] = ref
    region_totals: FloatArray | None = None
    reference_total: FloatArray | None = None
    if REGION_TOTAL in table.columns:
        vals = table[REGION_TOTAL].to_numpy(dtype=np.float64)
        region_totals = np.zeros(shape[:2])
        region_totals[yk, r_idx] = vals if all_kept else vals[keep]  # one value per region × year (validated)
        if reference is not None:
            reference_total = np.zeros(len(years))
            reference_total[y_idx[is_ref]] = vals[is_ref]
    if "level" in table.columns:
        lv = pd.Series(table["level"].to_numpy()[keep], index=np.asarray(region_names.astype(str))[r_all[keep]])
        levels = lv[~lv.index.duplicated()].reindex(regions).to_numpy(dtype=str)
    else:
        levels = np.full(len(regions), "", dtype=str)
    traded = None
    if "traded" in table.columns:
        tr = np.zeros(len(cats), dtype=bool)
        tr[c_idx] = table["traded"].to_numpy(dtype=bool)
        traded = tr
    return Panel(regions=regions, categories=cats, years=years, levels=levels, measures=measures,
                 present=present, traded=traded, reference_code=reference, reference=ref_measures,
                 region_totals=region_totals, reference_total=reference_total)


def missing_report(table: pd.DataFrame) -> pd.DataFrame:
    """Rows whose measures are missing or confidential: region, category, year, field — excluded, not zeroed."""
    parts = []
    for m in MEASURES:
        if m in table.columns:
            rows = table.loc[table[m].isna(), ["region", "category", "year"]].copy()
            rows["field"] = m
            parts.append(rows)
    if not parts:
        return pd.DataFrame(columns=["region", "category", "year", "field"])
    return pd.concat(parts, ignore_index=True).sort_values(["region", "category", "year", "field"],
                                                          ignore_index=True)


__all__ = ["MEASURES", "REGION_TOTAL", "ROLES", "Panel", "build_panel", "missing_report", "validate_input"]
