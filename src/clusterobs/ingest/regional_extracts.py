"""Documented regional extracts (long and wide CSV/TSV repackagings of Eurostat and EC data) into facts.

The reference folder ``shared/data/regional`` holds real regional statistics that are not in Eurostat's own
TSV/SDMX layouts but in documented repackagings (see its README): a long GDP table, a long R&D/HRST/patents
table, a lifelong-learning extract, the i40 NUTS2 panel (with its column-description file), a wide NUTS2
panel and the Regional Competitiveness Index. Each is recognised by its **header**, never by its name alone,
and becomes canonical facts: ``dataset`` is the Eurostat dataset or table code where the README or the column
names give it (``nama_10r_2gdp``, ``edat_lfse_04``, ``tgs00049``), ``indicator`` the source's own code (the
column name or indicator value as published), ``unit`` the Eurostat unit code, ``flag`` ``''`` (these
extracts dropped Eurostat's flags). Region codes are kept as published: the files mix NUTS versions.

Every file is parsed and checked completely; a fault raises one error with file, line and field.
The ``DERIVED_*`` demo tables of the same folder are not official data and are not recognised here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from clusterobs.errors import FileFormatError, UnknownMethodError, ValidationError
from clusterobs.ingest.tabular import LINE, delimiter_name, read_delimited, read_text
from clusterobs.ingest.validate import REGION_AGGREGATES, Registry, validate_facts
from clusterobs.scoreboard.real_sources import REAL_DATASET, RealSources, derive_facts, load_real_sources
from clusterobs.store import Batch, Store, file_checksum

_REGION = re.compile(r"^[A-Z]{2}[0-9A-Z]{0,3}$")
I40_COLUMNS_HEADER = ("ColumnName", "DataType", "Description")

GDP_UNITS: dict[str, tuple[str, str]] = {  # unit in the file → (dataset, unit of the fact)
    "EUR_HAB": ("nama_10r_2gdp", "EUR_HAB"), "MIO_EUR": ("nama_10r_2gdp", "MIO_EUR"),
    "MIO_PPS": ("nama_10r_2gdp", "MIO_PPS"), "PPS_HAB": ("nama_10r_2gdp", "PPS_HAB"),
    "PPS_HAB_EU27": ("nama_10r_2gdp", "PPS_HAB_EU27"), "POP": ("nama_10r_3popgdp", "THS"),
}
#: Eurostat datasets whose codes prefix the indicator codes of the R&D/HRST/patents table and the i40 panel.
_PREFIX_DATASETS = ("demo_r_d2jan", "edat_lfse_04", "edat_lfse_12", "edat_lfse_33", "hrst_st_rcat",
                    "htec_emp_reg2", "rd_e_gerdreg", "rd_p_persreg", "pat_ep_rtot", "pat_ep_rtec")
#: Indicator-code endings of the R&D/HRST/patents table → unit (longest first when matching).
_NESTA_UNITS = {"_pc_act_fte": "PC_ACT_FTE", "_t_fte": "FTE", "_pc_gdp": "PC_GDP", "_eur_hab": "EUR_HAB",
                "_mio_eur": "MIO_EUR", "_pc_act": "PC_ACT", "_ths": "THS", "_p_mhab": "P_MHAB",
                "_gdp_beur": "P_BEUR_GDP", "_nr": "NR"}
#: Wide-panel columns → (Eurostat table, unit), from the folder README (tgs codes as it names them).
BALLATORE_COLUMNS: dict[str, tuple[str, str]] = {
    "region_gdp": ("tgs00003", "MIO_EUR"), "region_population": ("tgs00096", "NR"),
    "unemployment_rate_t": ("tgs00010", "PC"), "unemployment_rate_f": ("tgs00010", "PC"),
    "unemployment_rate_m": ("tgs00010", "PC"), "disp_income_household": ("tgs00026", "PPCS_HAB"),
    "patents": ("tgs00040", "P_MHAB"), "broadband_access_household": ("tgs00049", "PC_HH"),
    "life_expectancy_t": ("ballatore_nuts2_panel", "YR"), "life_expectancy_f": ("ballatore_nuts2_panel", "YR"),
    "life_expectancy_m": ("ballatore_nuts2_panel", "YR"), "gender_employ_gap": ("ballatore_nuts2_panel", ""),
}
RCI_HEADER = ("Country", "NUTS CODE 2016", "merged regions_code", "capital region", "NUTS NAME", "Year",
              "Year z-score", "value")


@dataclass(frozen=True)
class RegionalLayout:
    """One documented layout: how to recognise its header line and how to read it into facts."""

    name: str
    title: str
    sep: str
    matches: Callable[[list[str]], bool]
    read: Callable[[pd.DataFrame, Path, Mapping[str, tuple[str, str]]], pd.DataFrame]


# -- shared checks ----------------------------------------------------------------------------------------
def _first(frame: pd.DataFrame, bad: pd.Series, cells: pd.Series) -> tuple[int, str]:
    """Line number and cell text of the first row flagged in ``bad``."""
    pos = int(np.flatnonzero(bad.to_numpy(dtype=bool))[0])
    return int(str(frame[LINE].iloc[pos])), str(cells.iloc[pos])


def _fields(header: str, sep: str) -> list[str]:
    return [h.strip().strip('"') for h in header.split(sep)]


def _numbers(frame: pd.DataFrame, col: str, path: Path) -> pd.Series:
    """A value column as floats: empty or ':' is missing (NaN, never 0); anything else not a number fails."""
    text = frame[col].astype(str).str.strip()
    value = pd.to_numeric(text.where(~text.isin(["", ":", "NA", "nan", "NaN"])), errors="coerce")
    bad = value.isna() & ~text.isin(["", ":", "NA", "nan", "NaN"])
    if bad.any():
        line, cell = _first(frame, bad, text)
        raise ValidationError(f"value {cell!r} is not a number", path=path, line=line,
                              field=col, hint="write numbers with a dot for decimals; leave the cell empty when "
                              "missing")
    return value.astype("float64")


def _regions(frame: pd.DataFrame, col: str, path: Path) -> pd.Series:
    codes = frame[col].astype(str).str.strip()
    bad = ~codes.str.match(_REGION) & ~codes.isin(REGION_AGGREGATES)
    if bad.any():
        line, cell = _first(frame, bad, codes)
        raise ValidationError(f"'{cell}' is not a NUTS code", path=path, line=line,
                              field=col, hint="NUTS codes are two capital letters and up to three letters or "
                              "digits (AT, AT1, AT13), or a Eurostat aggregate such as EU27_2020")
    return codes


def _levels(frame: pd.DataFrame, codes: pd.Series, path: Path) -> None:
    """The ``level`` column must agree with the code's length (aggregates such as EU27_2020 excepted)."""
    level = pd.to_numeric(frame["level"].astype(str).str.strip(), errors="coerce")
    nuts = codes.str.match(_REGION) & ~codes.isin(REGION_AGGREGATES) & ~codes.str.startswith(("EU", "EA"))
    bad = level.isna() | (nuts & (level != codes.str.len() - 2))
    if bad.any():
        line, cell = _first(frame, bad, frame["level"].astype(str) + " " + codes)
        lv, code = cell.split(" ", 1)
        raise ValidationError(f"level {lv!r} does not fit region {code}", path=path, line=line, field="level",
                              hint="the level is the code length minus two (AT 0, AT1 1, AT13 2)")


def _facts(frame: pd.DataFrame, *, dataset: object, region: pd.Series, indicator: object, year: pd.Series,
           value: pd.Series, unit: object) -> pd.DataFrame:
    return pd.DataFrame({"dataset": dataset, "region": region, "industry": "", "indicator": indicator,
                         "year": year.astype(str).str.strip(), "value": value, "unit": unit, "flag": "",
                         LINE: frame[LINE]})


def _wide(frame: pd.DataFrame, path: Path, *, region_col: str, year_col: str,
          columns: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    """Melt a region × year panel (one column per variable) into facts, dropping empty cells."""
    region = _regions(frame, region_col, path)
    parts = []
    for col, (dataset, unit) in columns.items():
        value = _numbers(frame, col, path)
        keep = value.notna()
        parts.append(_facts(frame[keep], dataset=dataset, region=region[keep], indicator=col,
                            year=frame.loc[keep, year_col], value=value[keep], unit=unit))
    return pd.concat(parts, ignore_index=True)


# -- readers, one per layout ---------------------------------------------------------------------------------
def _read_gdp(frame: pd.DataFrame, path: Path, _: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    codes = _regions(frame, "nuts_id", path)
    _levels(frame, codes, path)
    unit = frame["unit"].astype(str).str.strip()
    bad = ~unit.isin(list(GDP_UNITS))
    if bad.any():
        line, cell = _first(frame, bad, unit)
        raise ValidationError(f"unknown unit '{cell}'", path=path, line=line, field="unit",
                              hint="expected one of: " + ", ".join(GDP_UNITS))
    return _facts(frame, dataset=unit.map(lambda u: GDP_UNITS[u][0]), region=codes, indicator=unit,
                  year=frame["year"], value=_numbers(frame, "value", path), unit=unit.map(lambda u: GDP_UNITS[u][1]))


def _nesta_code(code: str) -> tuple[str, str] | None:
    dataset = next((p for p in _PREFIX_DATASETS if code.startswith(p + "_")), None)
    unit = next((u for s, u in sorted(_NESTA_UNITS.items(), key=lambda kv: -len(kv[0])) if code.endswith(s)), None)
    return (dataset, unit) if dataset and unit else None


def _read_nesta(frame: pd.DataFrame, path: Path, _: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    codes = _regions(frame, "nuts_id", path)
    _levels(frame, codes, path)
    ind = frame["indicator"].astype(str).str.strip()
    codes_units = {str(c): _nesta_code(str(c)) for c in pd.unique(ind)}
    known = {c: v for c, v in codes_units.items() if v is not None}
    bad = ~ind.isin(list(known))
    if bad.any():
        line, cell = _first(frame, bad, ind)
        raise ValidationError(f"indicator '{cell}' is not a known R&D, HRST or patent code", path=path,
                              line=line, field="indicator",
                              hint="codes start with rd_e_gerdreg_, rd_p_persreg_, hrst_st_rcat_, pat_ep_rtot_ or "
                              "pat_ep_rtec_ and end with a unit (_pc_gdp, _pc_act, _ths, _nr …)")
    return _facts(frame, dataset=ind.map({c: v[0] for c, v in known.items()}), region=codes, indicator=ind,
                  year=frame["year"], value=_numbers(frame, "value", path),
                  unit=ind.map({c: v[1] for c, v in known.items()}))


def _read_trng(frame: pd.DataFrame, path: Path, _: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    codes = _regions(frame, "nuts_id", path)
    _levels(frame, codes, path)
    col = "pct_25_64_participating_last4weeks"
    return _facts(frame, dataset="trng_lfse_04", region=codes, indicator=col, year=frame["year"],
                  value=_numbers(frame, col, path), unit="PC")


def i40_unit(column: str, data_type: str = "") -> str:
    """Eurostat unit code from an i40 column name (``…__UNIT_PC_EMP__SEX_T`` → ``PC_EMP``); counts are NR."""
    m = re.search(r"UNIT_([A-Z_]+?)(?:__|$)", column)
    if m:
        return m.group(1)
    return "NR" if data_type.strip().lower() == "int" else ""


def _read_i40(frame: pd.DataFrame, path: Path, described: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    variables = [c for c in frame.columns if c not in ("NUTS2", "YEAR", LINE)]
    if described:
        undocumented = [c for c in variables if c not in described]
        if undocumented:
            raise ValidationError(f"column '{undocumented[0]}' is not in the columns file"
                                  + (f" (and {len(undocumented) - 1} more)" if len(undocumented) > 1 else ""),
                                  path=path, line=1, field=undocumented[0],
                                  hint="use the i40_indicator_db_columns.tsv of the same release")
    columns = {c: (next((p for p in _PREFIX_DATASETS if c.startswith(p + "_")), "i40_indicator_db"),
                   i40_unit(c, described.get(c, ("", ""))[0])) for c in variables}
    return _wide(frame, path, region_col="NUTS2", year_col="YEAR", columns=columns)


def _read_ballatore(frame: pd.DataFrame, path: Path, _: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    cols = {c: BALLATORE_COLUMNS[c] for c in frame.columns if c in BALLATORE_COLUMNS}
    return _wide(frame, path, region_col="nuts_id", year_col="year", columns=cols)


def _read_rci(frame: pd.DataFrame, path: Path, _: Mapping[str, tuple[str, str]]) -> pd.DataFrame:
    codes = _regions(frame, "NUTS CODE 2016", path)
    return _facts(frame, dataset="rci", region=codes, indicator="RCI_Z", year=frame["Year"],
                  value=_numbers(frame, "value", path), unit="z-score")


def _is(expected: tuple[str, ...]) -> Callable[[list[str]], bool]:
    return lambda fields: tuple(fields) == expected


def _is_i40(fields: list[str]) -> bool:
    return fields[:2] == ["NUTS2", "YEAR"] and any(f.startswith(_PREFIX_DATASETS) for f in fields[2:])


def _is_ballatore(fields: list[str]) -> bool:
    return fields[:2] == ["nuts_id", "year"] and len(fields) > 2 and set(fields[2:]) <= set(BALLATORE_COLUMNS)


LAYOUTS: dict[str, RegionalLayout] = {lay.name: lay for lay in (
    RegionalLayout("eurostat_regional_gdp", "Regional GDP and population, long (nama_10r_2gdp, nama_10r_3popgdp)",
                   ",", _is(("nuts_id", "level", "country_code", "name", "unit", "year", "value")), _read_gdp),
    RegionalLayout("eurostat_rd_hrst_patents", "R&D expenditure and personnel, HRST, EPO patents, long", ",",
                   _is(("indicator", "nuts_id", "level", "year", "value")), _read_nesta),
    RegionalLayout("trng_lfse_04", "Adult participation in learning (trng_lfse_04), 25-64, both sexes", ",",
                   _is(("nuts_id", "level", "year", "pct_25_64_participating_last4weeks")), _read_trng),
    RegionalLayout("i40_indicator_db", "i40 NUTS2 panel (Honti, Czvetko & Abonyi 2020)", "\t", _is_i40, _read_i40),
    RegionalLayout("ballatore_nuts2_panel", "NUTS 2016 level-2 panel 2007-2018 (tgs tables), wide", ",",
                   _is_ballatore, _read_ballatore),
    RegionalLayout("rci", "EU Regional Competitiveness Index, overall z-scores (EC Cohesion Open Data)", ",",
                   lambda f: tuple(f[:len(RCI_HEADER)]) == RCI_HEADER, _read_rci),
)}


def _first_line(path: Path) -> str:
    with open(path, "rb") as f:
        return f.readline(1 << 16).decode("utf-8-sig", errors="replace").rstrip("\r\n")


def detect_regional(path: str | Path) -> str | None:
    """The layout name of a regional extract, or ``'i40_columns'`` for the i40 column file, or None."""
    p = Path(path)
    if p.name.startswith("DERIVED_"):
        return None
    try:
        head = _first_line(p)
    except OSError:
        return None
    if tuple(_fields(head, "\t")[:3]) == I40_COLUMNS_HEADER:
        return "i40_columns"
    for lay in LAYOUTS.values():
        if lay.sep in head and lay.matches(_fields(head, lay.sep)):
            return lay.name
    return None


def read_i40_columns(path: str | Path) -> dict[str, tuple[str, str]]:
    """Column name → (data type, description) from ``i40_indicator_db_columns.tsv`` (stray tabs tolerated)."""
    p = Path(path)
    lines = read_text(p).split("\n")
    if tuple(_fields(lines[0], "\t")[:3]) != I40_COLUMNS_HEADER:
        raise FileFormatError(f"header {lines[0][:60]!r} is not {'<tab>'.join(I40_COLUMNS_HEADER)}", path=p,
                              line=1, hint="this is not the i40 column-description file")
    out: dict[str, tuple[str, str]] = {}
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) < 2 or not cells[0]:
            raise FileFormatError("expected ColumnName<tab>DataType<tab>Description", path=p, line=n,
                                  field="ColumnName", hint="separate the fields by tabs")
        if cells[0] in out:
            raise ValidationError(f"column '{cells[0]}' is described twice", path=p, line=n, field="ColumnName")
        out[cells[0]] = (cells[1], cells[2] if len(cells) > 2 else "")
    return out


def load_regional(path: str | Path, layout: str | None = None, *,
                  columns: Mapping[str, tuple[str, str]] | None = None) -> pd.DataFrame:
    """Read one regional extract into validated canonical facts (store columns), or raise.

    ``layout`` is detected from the header when not given; ``columns`` (from :func:`read_i40_columns`) makes
    the i40 reader check that every column is documented and take count units from it.
    """
    p = Path(path)
    text = read_text(p)
    name = layout or detect_regional(p)
    if name is None or name == "i40_columns":
        raise FileFormatError("the header matches none of the documented regional layouts", path=p, line=1,
                              hint="expected one of: " + ", ".join(LAYOUTS) + " (see shared/data/regional/README.md)")
    if name not in LAYOUTS:
        raise UnknownMethodError("regional layout", name, LAYOUTS)
    lay = LAYOUTS[name]
    head = text.split("\n", 1)[0]
    if lay.sep not in head or not lay.matches(_fields(head, lay.sep)):
        raise FileFormatError(f"the header is not the {name} layout ({lay.title}); its fields must be "
                              f"{delimiter_name(lay.sep)}-separated", path=p, line=1,
                              hint="check the delimiter and the column names against the folder README")
    frame = read_delimited(text, p, lay.sep)
    frame.columns = [str(c).strip() for c in frame.columns]
    facts = lay.read(frame, p, columns or {})
    return validate_facts(facts, Registry(), p)


def regional_batch(path: str | Path, layout: str | None = None, *, columns_file: str | Path | None = None,
                   source: str | None = None) -> Batch:
    """A store batch of one regional extract (validated first; nothing is written here)."""
    p = Path(path)
    name = layout or detect_regional(p) or ""
    described = read_i40_columns(columns_file) if columns_file is not None and name == "i40_indicator_db" else None
    facts = load_regional(p, name or None, columns=described)
    checksum = file_checksum(p)
    if described is not None and columns_file is not None:
        checksum += ";columns=" + file_checksum(columns_file)
    title = LAYOUTS[name].title if name in LAYOUTS else name
    return Batch(dataset=name, kind="regional", source=source or str(p), checksum=checksum,
                 tables={"facts": facts}, note=title)


def source_facts(store: Store, spec: RealSources) -> pd.DataFrame:
    """The store's facts that ``spec`` can map (its source figures, not by industry)."""
    keys = [f"{r.dataset}\x1f{r.indicator}" for r in spec.source_refs()]
    return store.query(
        "SELECT dataset, region, industry, indicator, year, value, unit, flag FROM facts "
        "WHERE industry = '' AND dataset || chr(31) || indicator IN (SELECT unnest(?))", [keys])


def scoreboard_batch(store: Store, spec: RealSources | None = None) -> Batch | None:
    """The ``res_real`` batch: framework-coded facts derived from the source facts in the store (None if none).

    The checksum is the content's hash, so rebuilding from unchanged sources writes nothing.
    """
    spec = spec or load_real_sources()
    derived = derive_facts(source_facts(store, spec), spec)
    if derived.empty:
        return None
    digest = hashlib.sha256(pd.util.hash_pandas_object(derived, index=False).to_numpy().tobytes()).hexdigest()
    return Batch(dataset=REAL_DATASET, kind="derived", source=f"clusterobs/scoreboard/data/real_sources.yaml "
                 f"(version {spec.version})", checksum=f"sha256:{digest}", tables={"facts": derived},
                 note="Regional Ecosystems Scoreboard indicators from real sources (see real_sources.yaml)")
