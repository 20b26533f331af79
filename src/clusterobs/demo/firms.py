"""Demoland's firm microdata: a sample of firm-year rows consistent with the ``demo_sbs`` facts.

The table imitates a business register extract (firm id, NACE class, NUTS3 region, employees, turnover,
founding year, year). Firms are drawn over the region × class cells in proportion to the cells' enterprise
counts, with a lognormal firm size whose mean is the cell's employment per enterprise, so the sample's
regional and sectoral structure (and hence its location quotients) follows the facts at a smaller scale:
:data:`ROWS_PER_SCALE` firm-year rows per unit of ``scale`` (about 333 thousand at scale 1, 10 million at
scale 30), against roughly five million enterprises a year in the facts at scale 1.

Everything is vectorised numpy and the table is built as Arrow columns with dictionary-encoded codes, so ten
million rows take seconds and little memory.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from clusterobs.demo.economy import Economy
from clusterobs.demo.latent import YEARS

ROWS_PER_SCALE = 333_334
FIRM_COLUMNS: tuple[str, ...] = ("firm_id", "nace", "nuts3", "employees", "turnover", "founded", "year")


def firm_rows(scale: float) -> int:
    """Number of firm-year rows the demo writes at a scale (scale 30: about 10 million)."""
    return max(1000, round(ROWS_PER_SCALE * scale))


def firm_table(econ: Economy, n_rows: int, rng: np.random.Generator) -> pa.Table:
    """Draw ``n_rows`` firm-year rows (exactly) from the economy's last-year cells."""
    emp = econ.employment[-1]
    ent = econ.enterprises[-1]
    va = econ.value_added[-1]
    n_c = emp.shape[1]
    weight = ent.ravel()
    cum = np.cumsum(weight)
    mean_size = np.where(ent > 0, emp / np.maximum(ent, 1), 1.0).ravel()
    # turnover per employee ≈ 2.5 × value added per employee of the cell (suppressed cells use the mean)
    va_per_emp = np.where(emp > 0, va / np.maximum(emp, 1), np.nan).ravel()
    va_per_emp = np.where(np.isfinite(va_per_emp), va_per_emp, np.nanmean(va_per_emp))
    first, last = YEARS[0], YEARS[-1]
    chunks: list[dict[str, np.ndarray]] = []
    have = 0
    next_id = 1
    while have < n_rows:
        m = max(1000, int((n_rows - have) / 4.5))
        cell = np.searchsorted(cum, rng.random(m) * cum[-1], side="right")
        sigma = 0.9
        size = np.maximum(1.0, np.round(rng.lognormal(np.log(mean_size[cell]) - sigma**2 / 2, sigma)))
        founded = np.clip(last - np.floor(rng.exponential(14.0, m)).astype(np.int64), 1900, last)
        start = np.maximum(founded, first)
        closes = rng.random(m) < 0.2
        end = np.where(closes, start + np.floor(rng.random(m) * (last - start + 1)).astype(np.int64), last)
        n_years = end - start + 1
        firm = np.repeat(np.arange(m), n_years)
        offset = np.arange(len(firm)) - np.repeat(np.cumsum(n_years) - n_years, n_years)
        year = start[firm] + offset
        drift = rng.normal(0.01, 0.05, m)
        employees = np.maximum(1.0, np.round(size[firm] * np.exp(drift[firm] * (year - last))))
        turnover = np.round(employees * va_per_emp[cell[firm]] * 2.5 * rng.lognormal(-0.125, 0.5, len(firm)))
        chunks.append({"firm_id": next_id + firm, "cell": cell[firm], "employees": employees,
                       "turnover": turnover, "founded": founded[firm], "year": year})
        next_id += m
        have += len(firm)
    cols = {k: np.concatenate([c[k] for c in chunks])[:n_rows] for k in chunks[0]}
    cell = cols.pop("cell")
    nace = pa.DictionaryArray.from_arrays(pa.array((cell % n_c).astype(np.int32)), pa.array(econ.classes))
    nuts3 = pa.DictionaryArray.from_arrays(pa.array((cell // n_c).astype(np.int32)), pa.array(econ.nuts3))
    return pa.table({
        "firm_id": pa.array(cols["firm_id"].astype(np.int64)),
        "nace": nace,
        "nuts3": nuts3,
        "employees": pa.array(cols["employees"].astype(np.int32)),
        "turnover": pa.array(cols["turnover"].astype(np.float64)),
        "founded": pa.array(cols["founded"].astype(np.int16)),
        "year": pa.array(cols["year"].astype(np.int16)),
    })


def write_firms(table: pa.Table, path: str | Path) -> Path:
    """Write the firm table as Parquet (written to a temporary name, then renamed: never half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd", row_group_size=1 << 20)
    tmp.replace(path)
    return path
