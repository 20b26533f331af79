"""Adapters: what each Eurostat dataset's dimensions mean, and how its rows become canonical facts.

A parsed Eurostat table (see :mod:`clusterobs.ingest.eurostat`) has one column per dimension. An adapter
keeps the slice we use (annual data, both sexes, the working-age band, the units we want), names the region
and industry dimensions, and builds the indicator code from the remaining dimensions, so that the fact key
(dataset, region, industry, indicator, year) is unique. Indicator codes are Eurostat's own codes, joined
with ``_`` (``GDP_MIO_EUR``, ``GERD_BES_PC_GDP``), so a fact can always be traced to the source table.

Sources for the dimensions and codes: the Eurostat data browser pages and DSDs of each dataset
(https://ec.europa.eu/eurostat/databrowser/view/<code>/default/table). Where the dimension carrying the
unit has one value per indicator, the unit is taken from the file; otherwise from ``units`` below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from clusterobs.errors import UnknownMethodError, ValidationError
from clusterobs.ingest.download import download
from clusterobs.ingest.eurostat import read_eurostat
from clusterobs.ingest.tabular import LINE
from clusterobs.ingest.validate import INVALID, Registry, validate_facts
from clusterobs.store import Batch, file_checksum

API_BASE = "https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data"


def api_url(code: str, fmt: str = "TSV") -> str:
    """The dissemination API (SDMX 2.1) address of a whole dataset, gzip-compressed.

    The bulk download facility was replaced by this API in 2023; see Eurostat's "Transition from Bulk
    Download to API" notes.
    """
    return f"{API_BASE}/{code}?format={fmt}&compressed=true"


@dataclass(frozen=True)
class Adapter:
    """How one Eurostat dataset maps to facts."""

    code: str
    title: str
    #: Dimensions whose values form the indicator code, in order (alternatives separated by ``|``).
    indicator_dims: tuple[str, ...]
    #: Keep only rows whose dimension takes one of these values (``None`` in a key: keep all).
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: Fixed prefix of the indicator code (``GDP`` + unit → ``GDP_MIO_EUR``).
    prefix: str = ""
    industry_dim: str | None = None
    region_dim: str = "geo"
    #: Unit of each indicator value (first code part), when the file has no ``unit`` dimension.
    units: Mapping[str, str] = field(default_factory=dict)
    unit_dim: str | None = "unit"
    default_unit: str = ""
    note: str = ""

    def resolve(self, frame: pd.DataFrame, name: str, path: str) -> str:
        """The column for a dimension that may have several names (``indic_sb|indic_sbs``)."""
        for alt in name.split("|"):
            if alt in frame.columns:
                return alt
        dims = [c for c in frame.columns if not str(c).startswith("_") and c not in ("time", "year", "value", "flag")]
        raise ValidationError(
            f"{self.code}: the file has no dimension {name.replace('|', ' or ')} (it has {', '.join(dims)})",
            path=path, line=1, field=name.split("|")[0],
            hint=f"check that the file is {self.code}, or supply the dimension with --dim "
            f"{name.split('|')[0]}=CODE")


SBS_INDICATORS = {"V11210": "NR", "V16110": "NR", "V13320": "MIO_EUR"}
SBS_NOTE = ("V11210 number of enterprises, V16110 persons employed, V13320 personnel costs (million EUR); "
            "by NACE Rev.2 (sections B-N and S95, divisions, some groups) and NUTS 2.")

ADAPTERS: dict[str, Adapter] = {a.code: a for a in (
    Adapter("sbs_r_nuts06_r2", "SBS by NUTS 2 regions and NACE Rev. 2 (2008-2020)", ("indic_sb|indic_sbs",),
            filters={"indic_sb|indic_sbs": tuple(SBS_INDICATORS)}, industry_dim="nace_r2",
            units=SBS_INDICATORS, unit_dim=None, note=SBS_NOTE),
    Adapter("sbs_r_nuts2021", "SBS by NUTS 2 regions and NACE Rev. 2 (from 2021)", ("indic_sb|indic_sbs",),
            filters={"indic_sb|indic_sbs": tuple(SBS_INDICATORS)}, industry_dim="nace_r2",
            units=SBS_INDICATORS, unit_dim=None,
            note=SBS_NOTE + " The indicator dimension may be named indic_sbs; the codes kept are the V-codes "
            "(use --all-indicators when the file uses another code list)."),
    Adapter("nama_10r_3empers", "Employment (thousand persons) by NUTS 3 regions and NACE Rev.2 A*10",
            ("wstatus",), filters={"wstatus": ("EMP", "SAL", "SELF"), "unit": ("THS", "THS_PER")},
            prefix="EMP", industry_dim="nace_r2",
            note="wstatus EMP employed persons, SAL employees, SELF self-employed; thousands (THS). NACE "
            "aggregates A*10 (TOTAL, A, B-E, C, F, G-I, J, K, L, M_N, O-Q, R-U)."),
    Adapter("nama_10r_2gdp", "GDP at current market prices by NUTS 2 regions", ("unit",),
            filters={"unit": ("MIO_EUR", "EUR_HAB", "MIO_PPS_EU27_2020", "PPS_EU27_2020_HAB",
                              "PPS_HAB_EU27_2020", "EUR_HAB_EU27_2020")},
            prefix="GDP", note="Indicator GDP_<unit>: million EUR, EUR per inhabitant, PPS, PPS per "
            "inhabitant and the EU27=100 indices."),
    Adapter("demo_r_d2jan", "Population on 1 January by age, sex and NUTS 2 region", (),
            filters={"sex": ("T",), "age": ("TOTAL",), "unit": ("NR",)}, prefix="POP",
            note="Total population (sex T, age TOTAL), persons."),
    Adapter("rd_e_gerdreg", "GERD by sector of performance and NUTS 2 region", ("sectperf", "unit"),
            filters={"unit": ("MIO_EUR", "PC_GDP", "EUR_HAB"), "sectperf": ("TOTAL", "BES", "GOV", "HES", "PNP")},
            prefix="GERD", note="Indicator GERD_<sector>_<unit>: R&D expenditure by business (BES), government "
            "(GOV), higher education (HES), private non-profit (PNP) and all sectors; million EUR, % of GDP, "
            "EUR per inhabitant."),
    Adapter("trng_lfse_04", "Participation in education and training (last 4 weeks) by NUTS 2 region", (),
            filters={"sex": ("T",), "age": ("Y25-64",), "unit": ("PC",)}, prefix="TRNG_LFSE",
            note="Adults aged 25-64 (both sexes) in education or training, % of the age group."),
    Adapter("edat_lfse_04", "Population aged 25-64 by educational attainment level and NUTS 2 region",
            ("isced11",), filters={"sex": ("T",), "age": ("Y25-64",), "unit": ("PC",)}, prefix="EDAT",
            note="Indicator EDAT_<ISCED 2011 level>: ED0-2, ED3_4, ED5-8 …, % of the population aged 25-64."),
    Adapter("htec_emp_reg2", "Employment in technology and knowledge-intensive sectors by NUTS 2 region",
            ("nace_r2", "unit"), filters={"sex": ("T",)}, prefix="HTEC",
            note="Indicator HTEC_<sector>_<unit>; the sectors are Eurostat aggregates (HTC high-tech, C_HTC "
            "high-tech manufacturing, KIS knowledge-intensive services …), not NACE codes, so they form the "
            "indicator and the industry is ''. Units THS (thousands) and PC_EMP (% of total employment)."),
)}


def get_adapter(code: str) -> Adapter:
    if code not in ADAPTERS:
        raise UnknownMethodError("Eurostat dataset adapter", code, ADAPTERS)
    return ADAPTERS[code]


def to_facts(parsed: pd.DataFrame, adapter: Adapter, path: str, *,
             fixed: Mapping[str, str] | None = None, all_indicators: bool = False) -> pd.DataFrame:
    """Canonical facts (plus ``_line`` and ``_invalid``) from a parsed Eurostat table.

    ``fixed`` supplies dimensions a file lacks (an extract of one indicator); ``all_indicators`` keeps every
    value of the indicator dimensions instead of the adapter's selection.
    """
    frame = parsed.copy()
    for dim, val in (fixed or {}).items():
        frame[dim] = val
    mask = pd.Series(True, index=frame.index)
    if "freq" in frame.columns:
        mask &= frame["freq"] == "A"
    for dim, values in adapter.filters.items():
        if all_indicators and dim in adapter.indicator_dims:
            continue
        if dim == "unit" and "unit" not in frame.columns:
            continue
        col = adapter.resolve(frame, dim, path)
        keep = frame[col].isin(values)
        if not keep.any() and len(frame):
            seen = ", ".join(sorted(pd.unique(frame[col].astype(str)))[:12])
            raise ValidationError(
                f"{adapter.code}: no row has {col} in {', '.join(values)} (the file has {seen})",
                path=path, line=2, field=col,
                hint="check the dataset code" + (", or pass --all-indicators" if dim in adapter.indicator_dims
                                                 else ""))
        mask &= keep
    frame = frame.loc[mask]
    region = adapter.resolve(frame, adapter.region_dim, path)
    parts = [frame[adapter.resolve(frame, d, path)].astype(str) for d in adapter.indicator_dims]
    if adapter.prefix:
        parts.insert(0, pd.Series(adapter.prefix, index=frame.index))
    if not parts:
        raise ValidationError(f"{adapter.code}: adapter builds no indicator", path=path)
    indicator = parts[0]
    for p in parts[1:]:
        indicator = indicator + "_" + p
    if adapter.unit_dim and adapter.unit_dim in frame.columns:
        unit = frame[adapter.unit_dim].astype(str)
    else:
        first = frame[adapter.resolve(frame, adapter.indicator_dims[0], path)] if adapter.indicator_dims else None
        unit = (first.map(adapter.units).fillna(adapter.default_unit) if first is not None
                else pd.Series(adapter.default_unit, index=frame.index))
    industry = (frame[adapter.resolve(frame, adapter.industry_dim, path)].astype(str)
                if adapter.industry_dim else pd.Series("", index=frame.index))
    return pd.DataFrame({
        "dataset": adapter.code, "region": frame[region].astype(str), "industry": industry,
        "indicator": indicator, "year": frame["year"], "value": frame["value"], "unit": unit.astype(str),
        "flag": frame["flag"], INVALID: frame[INVALID], LINE: frame[LINE],
    }).reset_index(drop=True)


@dataclass(frozen=True)
class Extract:
    """A documented extract whose layout needs help: the dataset, dimensions it lacks, debris handling."""

    dataset: str
    fixed: Mapping[str, str]
    on_invalid: Literal["keep", "missing"]
    note: str


#: Known extracts by file name (see the README of the folder they come from).
EXTRACTS: dict[str, Extract] = {
    "eurostat_sbs_r_nuts06_r2_2015_EricMarcon.csv": Extract(
        "sbs_r_nuts06_r2", {"indic_sb": "V16110"}, "missing",
        "sbs_r_nuts06_r2 for 2015 as nace_r2;geo;n2015 (EricMarcon/Cours-Diversite-Concentration). The "
        "indicator is V16110 persons employed (inferred: AT manufacturing = 621,998). 30 Icelandic cells "
        "were mangled by a spreadsheet into '12:00 AM' and load as missing with flag ':'."),
}


def load_eurostat(path: str | Path, registry: Registry, dataset: str | None = None, *,
                  fixed: Mapping[str, str] | None = None, all_indicators: bool = False) -> pd.DataFrame:
    """Read, map and validate a Eurostat file into canonical facts (store columns), or raise.

    ``dataset`` names the adapter; it may be left out for a known extract (:data:`EXTRACTS`) or a
    dissemination-API file named ``<code>.tsv[.gz]``.
    """
    p = Path(path)
    extract = EXTRACTS.get(p.name)
    code = dataset or (extract.dataset if extract else _code_from_name(p))
    adapter = get_adapter(code)
    dims = dict(extract.fixed) if extract and extract.dataset == code else {}
    dims.update(fixed or {})
    on_invalid: Literal["keep", "missing"] = extract.on_invalid if extract and extract.dataset == code else "keep"
    parsed = read_eurostat(p, on_invalid=on_invalid)
    facts = to_facts(parsed, adapter, str(p), fixed=dims, all_indicators=all_indicators)
    return validate_facts(facts, registry, p)


def _code_from_name(path: Path) -> str:
    name = path.name.lower()
    for suffix in (".gz", ".tsv", ".csv"):
        name = name.removesuffix(suffix)
    if name in ADAPTERS:
        return name
    raise ValidationError(f"cannot tell the dataset of {path.name}", path=path,
                          hint="pass --dataset with one of: " + ", ".join(sorted(ADAPTERS)))


def eurostat_batch(path: str | Path, registry: Registry, dataset: str | None = None, *,
                   fixed: Mapping[str, str] | None = None, all_indicators: bool = False,
                   source: str | None = None) -> Batch:
    """A store batch of one Eurostat file (validated first; nothing is written here)."""
    p = Path(path)
    facts = load_eurostat(p, registry, dataset, fixed=fixed, all_indicators=all_indicators)
    code = str(facts["dataset"].iloc[0]) if len(facts) else (dataset or _code_from_name(p))
    options = ";".join(f"{k}={v}" for k, v in sorted((fixed or {}).items()))
    if all_indicators:
        options += ";all_indicators"
    checksum = file_checksum(p) + (f";{options.strip(';')}" if options else "")
    adapter = get_adapter(code)
    return Batch(dataset=code, kind="eurostat", source=source or str(p), checksum=checksum,
                 tables={"facts": facts}, note=adapter.title)


def fetch_eurostat(code: str, *, cache_dir: Path | None = None, refresh: bool = False,
                   progress: Callable[[int, int], None] | None = None, base_url: str = API_BASE) -> Path:
    """Download a dataset's gzip TSV from the dissemination API into the cache (reused unless refresh)."""
    get_adapter(code)
    url = api_url(code).replace(API_BASE, base_url.rstrip("/"), 1)
    return download(url, cache_dir=cache_dir, filename=f"{code}.tsv.gz", refresh=refresh, progress=progress)
