"""Demoland's regional indicators: population and GDP (``demo_regional``) and the 58 scoreboard indicators
ind1–ind60 without ind13 and ind44 (``demo_scoreboard``), per NUTS2 region.

What an indicator *is* (name, unit, direction, sub-dimension) has one source of truth: the Regional Ecosystems
Scoreboard framework (``clusterobs/scoreboard/data/framework.yaml``). ``data/scoreboard_indicators.csv`` holds
only how Demoland *generates* it: a plausible range for the framework's unit, how strongly it loads on the
latent wealth, innovation and governance factors (signs agree with the framework direction, so the indicators of
a sub-dimension agree once direction-corrected), how noisy it is and how often it is missing. A value is
``lo + (hi − lo) · Φ(z)`` on a linear scale or the same on a log scale, where ``z`` is the standardised
loading-weighted factor sum plus noise; so indicators that load on the same factor correlate as real ones do,
with skewed per-capita amounts where the scale is log. The ``gdp`` scale marks the framework's GDP per
inhabitant indicator (ind50), taken from ``demo_regional`` so the two datasets agree.
"""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd
from scipy.special import ndtr

from clusterobs.demo.latent import FACTORS, YEARS, Latent
from clusterobs.errors import ValidationError
from clusterobs.scoreboard import Framework, load_framework

SCOREBOARD = "demo_scoreboard"
REGIONAL = "demo_regional"
SCOREBOARD_YEARS: tuple[int, ...] = tuple(range(2018, 2023))
SPEC_FILE = "clusterobs/demo/data/scoreboard_indicators.csv"
SCALES: tuple[str, ...] = ("linear", "log", "gdp")
#: Name and unit of the framework indicator that is the demo's ``gdp_pps_hab`` (the ``gdp`` scale).
GDP_NAME, GDP_UNIT = "GDP per inhabitant", "PPS per inhabitant"
_CORR = np.array([[1.0, 0.65, 0.55], [0.65, 1.0, 0.45], [0.55, 0.45, 1.0]])


def generation_parameters() -> pd.DataFrame:
    """The generation parameters as shipped (one row per indicator code, no names or units)."""
    path = resources.files("clusterobs.demo") / "data" / "scoreboard_indicators.csv"
    with path.open("r", encoding="utf-8") as f:
        return pd.read_csv(f, keep_default_na=False)


def _check(params: pd.DataFrame, fw: Framework) -> None:
    """Reject a parameter file that would generate something the framework does not describe."""
    codes = list(params["code"])
    if codes != list(fw.indicators):
        extra = sorted(set(codes) - set(fw.indicators))
        lacking = [c for c in fw.indicators if c not in set(codes)]
        raise ValidationError(f"codes differ from the framework's indicators (extra: {extra}, lacking: {lacking},"
                              " or another order)", path=SPEC_FILE, field="code",
                              hint="list exactly Framework.indicators, in the framework's order")
    for line, spec in enumerate(params.to_dict("records"), start=2):
        code, scale = str(spec["code"]), str(spec["scale"])
        el = fw.element(code)
        if scale not in SCALES:
            raise ValidationError(f"{code}: unknown scale '{scale}'", path=SPEC_FILE, line=line, field="scale",
                                  hint="use one of " + ", ".join(SCALES))
        if (scale == "gdp") != (el.name == GDP_NAME and el.unit == GDP_UNIT):
            raise ValidationError(f"{code} ('{el.name}', {el.unit}): scale 'gdp' is for the framework's "
                                  f"'{GDP_NAME}' ({GDP_UNIT}) indicator and it only", path=SPEC_FILE,
                                  line=line, field="scale", hint="use 'gdp' exactly for that indicator")
        if scale == "gdp":
            continue
        loads = [float(spec[f]) for f in FACTORS]
        if any(x * el.direction < 0 for x in loads) or not any(loads):
            raise ValidationError(f"{code}: loadings {loads} disagree with the framework direction "
                                  f"{el.direction:+d}", path=SPEC_FILE, line=line, field="wealth",
                                  hint="give loadings the sign of the direction (higher is better → positive)")
        lo, hi = float(spec["lo"]), float(spec["hi"])
        if not lo < hi or (scale == "log" and lo <= 0):
            raise ValidationError(f"{code}: range [{lo}, {hi}] is empty or not positive on a log scale",
                                  path=SPEC_FILE, line=line, field="lo")


def indicator_specs(framework: Framework | None = None) -> pd.DataFrame:
    """The generation parameters joined with the framework's sub-dimension, name, unit and direction."""
    fw = framework or load_framework()
    params = generation_parameters()
    _check(params, fw)
    els = [fw.element(str(c)) for c in params["code"]]
    described = pd.DataFrame({"code": params["code"], "subdimension": [e.parent or "" for e in els],
                              "name": [e.name for e in els], "unit": [e.unit for e in els],
                              "direction": [int(e.direction) for e in els]})
    return described.merge(params, on="code", how="left", validate="one_to_one")


def _long(frame: pd.DataFrame, dataset: str, indicator: str, unit: str) -> pd.DataFrame:
    """``frame``: index region, columns years → long facts."""
    long = frame.stack(future_stack=True).reset_index()
    long.columns = pd.Index(["region", "year", "value"])
    return long.assign(dataset=dataset, industry="", indicator=indicator, unit=unit,
                       flag="", year=long["year"].astype("int64"))


def regional_facts(rng: np.random.Generator, latent: Latent, parents: pd.Series) -> pd.DataFrame:
    """Population at every level and GDP per inhabitant (PPS) at NUTS2 and country level, 2015–2022."""
    pop3 = pd.DataFrame({y: latent.population(y) for y in YEARS})
    pops: dict[int, pd.DataFrame] = {3: pop3}
    for level in (2, 1, 0):
        child = pops[level + 1]
        pops[level] = child.groupby(parents.loc[child.index].to_numpy()).sum()
    population = pd.concat([pops[level] for level in (0, 1, 2, 3)])
    n2 = latent.nuts2
    base = 29_000.0 * np.exp(0.32 * n2["wealth"].to_numpy() + rng.normal(0, 0.05, len(n2)))
    growth = 0.02 + 0.008 * n2["innovation"].to_numpy() + rng.normal(0, 0.004, len(n2))
    gdp = pd.DataFrame({y: base * (1 + growth) ** (y - YEARS[0]) * (0.94 if y == 2020 else 1.0)
                        for y in YEARS}, index=n2.index)
    gdp_total = gdp * pops[2].loc[gdp.index]
    country = gdp_total.groupby(n2["country"]).sum() / pops[0]
    gdp_all = pd.concat([country, gdp]).round()
    return pd.concat([_long(population, REGIONAL, "population", "persons"),
                      _long(gdp_all, REGIONAL, "gdp_pps_hab", "PPS")], ignore_index=True)


def scoreboard_facts(rng: np.random.Generator, latent: Latent, gdp_pps_hab: pd.DataFrame) -> pd.DataFrame:
    """Facts for the framework's indicators per NUTS2 region and year, in the framework's units.

    ``gdp_pps_hab``: index region, columns years.
    """
    specs = indicator_specs()
    n2 = latent.nuts2
    factors = n2.loc[:, list(FACTORS)].to_numpy()
    frames: list[pd.DataFrame] = []
    years = np.array(SCOREBOARD_YEARS)
    for spec in specs.to_dict("records"):
        scale, direction = str(spec["scale"]), float(spec["direction"])
        lo, hi, noise = float(spec["lo"]), float(spec["hi"]), float(spec["noise"])
        values: np.ndarray
        if scale == "gdp":
            values = gdp_pps_hab.loc[n2.index, list(SCOREBOARD_YEARS)].to_numpy(dtype=float)
        else:
            load = np.array([spec["wealth"], spec["innovation"], spec["governance"]], dtype=float)
            sd = float(np.sqrt(load @ _CORR @ load + noise**2))
            z = factors @ load + noise * rng.standard_normal(len(n2))
            # slow improvement over time in the good direction, plus year-to-year wobble
            zt = (z[:, None] + 0.05 * direction * (years - years[-1])[None, :]
                  + 0.1 * rng.standard_normal((len(n2), len(years))))
            u = ndtr(zt / sd)
            if scale == "log":
                values = np.exp(np.log(lo) + (np.log(hi) - np.log(lo)) * u)
            else:
                values = lo + (hi - lo) * u
            values = np.round(values, int(spec["decimals"]))
            values[rng.random(values.shape) < float(spec["missing"])] = np.nan
        frame = pd.DataFrame(values, index=n2.index, columns=list(SCOREBOARD_YEARS))
        frames.append(_long(frame, SCOREBOARD, str(spec["code"]), str(spec["unit"])))
    return pd.concat(frames, ignore_index=True)
