"""The Regional Ecosystems Scoreboard over the observatory store: inputs from facts, then the pure core.

The store holds indicator facts (any dataset whose indicator codes are the framework's ``ind*`` codes) and the
structural facts the peer method needs. This service gathers both into the units × variables tables the pure
:mod:`clusterobs.scoreboard` functions take, and caches the scores for its lifetime.

Choices where the published method is silent, stated once here:
- each region × indicator takes its **latest available year** (the published scoreboard used the latest data);
- the scoreboard is computed over the regions of one NUTS level (NUTS2 by default), extra-regio excluded;
- structural variables are derived from what the store holds: population (log), employment shares of broad
  NACE sections and firm size from business statistics by NACE class; blocks the store cannot fill are skipped
  and reported by the peer method.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from clusterobs.errors import NotFoundError, UnknownMethodError
from clusterobs.scoreboard import (
    Framework,
    PeerResult,
    choose_peers,
    compute_scores,
    element_table,
    exclude_survey_indicators,
    find_peers,
    load_framework,
    load_peer_blocks,
    load_policy_actions,
    policy_dashboard,
    scorecard,
    structural_distances,
)
from clusterobs.store import Store

#: A region needs data for this share of the provided indicators to get an index value (COINr flags < 0.65).
DEFAULT_MIN_COVERAGE = 0.65

#: Broad NACE sections → structural variable (shares of business employment), as in ``peer_blocks.yaml``.
_SECTION_SHARES = {
    "emp_share_agriculture": ("A",),
    "emp_share_industry": ("B", "C", "D", "E"),
    "emp_share_construction": ("F",),
    "emp_share_market_services": ("G", "H", "I", "J", "K", "L", "M", "N"),
}


@dataclass
class ScoreboardInputs:
    """What the scoreboard needs from the store, in the pure core's shapes."""

    data: pd.DataFrame  # regions × indicator codes (latest year each)
    years: pd.DataFrame  # regions × indicator codes: the year each value comes from
    names: pd.Series  # region → name
    countries: pd.Series  # region → country code
    structural: pd.DataFrame  # regions × structural variable codes
    datasets: list[str] = field(default_factory=list)
    synthetic: bool = False


def _regions(store: Store, level: int, version: str | None = None, indicators: list[str] | None = None
             ) -> pd.DataFrame:
    """The regions of one level in one NUTS version (extra-regio excluded).

    Without ``version``, the version the indicator facts are coded in: the one whose regions hold the most
    region × indicator values; on a tie (no facts yet, or codes shared by all versions) the demo version,
    then the newest. Real Eurostat extracts are mostly NUTS 2016 while the registry's newest version is 2021,
    so scoring "the newest" would drop the regions recoded in 2021 (HR04) and keep new ones without data.
    """
    if version is None:
        best = store.query(
            """
            WITH r AS (SELECT code, version FROM regions WHERE level = ? AND NOT is_extra_regio),
                 f AS (SELECT DISTINCT region, indicator FROM facts
                       WHERE indicator IN (SELECT unnest(?)) AND value IS NOT NULL AND NOT isnan(value))
            SELECT r.version FROM r LEFT JOIN f ON f.region = r.code
            GROUP BY r.version ORDER BY count(f.indicator) DESC, (r.version = 'demo') DESC, r.version DESC LIMIT 1
            """,
            [level, indicators or []],
        )  # fetched whole (a half-read result would block later statements on the connection)
        if best.empty:
            return pd.DataFrame({"code": pd.Series(dtype=str), "name": pd.Series(dtype=str),
                                 "country": pd.Series(dtype=str)})
        version = str(best["version"].iloc[0])
    return store.query(
        """
        SELECT code, name, country FROM regions
        WHERE level = ? AND NOT is_extra_regio AND version = ? ORDER BY code
        """,
        [level, version],
    )


def load_inputs(store: Store, framework: Framework, *, level: int = 2, version: str | None = None
                ) -> ScoreboardInputs:
    """Gather indicator values (latest year), names, countries and structural variables for one level.

    ``version`` picks the NUTS version of the scored regions ('2016', '2021', 'demo'); by default the version
    the indicator facts are coded in (see :func:`_regions`).
    """
    codes = list(framework.indicators)
    regions = _regions(store, level, version, codes)
    if regions.empty:
        raise NotFoundError(f"the store has no NUTS level-{level} regions"
                            + (f" of version {version}" if version else ""),
                            hint="load regions first (clusterobs demo or clusterobs build --from DIR)")
    facts = store.query(
        """
        SELECT region, indicator, arg_max(value, year) AS value, max(year) AS year, list(DISTINCT dataset) AS ds
        FROM facts
        WHERE indicator IN (SELECT unnest(?)) AND value IS NOT NULL AND NOT isnan(value)
          AND region IN (SELECT unnest(?))
        GROUP BY region, indicator
        """,
        [codes, regions["code"].tolist()],
    )
    index = pd.Index(regions["code"].astype(str), name="uCode")
    data = facts.pivot(index="region", columns="indicator", values="value").reindex(index=index, columns=codes)
    years = facts.pivot(index="region", columns="indicator", values="year").reindex(index=index, columns=codes)
    datasets = sorted({d for ds in facts["ds"] for d in ds})
    synthetic_row = store.con.execute(
        "SELECT coalesce(bool_or(synthetic), false) FROM ingests WHERE dataset IN (SELECT unnest(?))",
        [datasets or [""]],
    ).fetchone()
    return ScoreboardInputs(
        data=data.astype(float), years=years, names=regions.set_index("code")["name"].astype(str),
        countries=regions.set_index("code")["country"].astype(str), structural=structural_variables(store, index),
        datasets=datasets, synthetic=bool(synthetic_row[0]) if synthetic_row else False,
    )


def structural_variables(store: Store, regions: pd.Index) -> pd.DataFrame:
    """Structural variables per region from population and business statistics by NACE class."""
    wanted = regions.tolist()
    out = pd.DataFrame(index=regions)
    pop = store.query(
        "SELECT region, arg_max(value, year) AS v FROM facts WHERE indicator = 'population' AND value > 0 "
        "AND region IN (SELECT unnest(?)) GROUP BY region", [wanted],
    ).set_index("region")["v"]
    out["population"] = np.log(pop.reindex(regions).astype(float))
    sbs = store.query(
        """
        WITH latest AS (
            SELECT f.region, f.indicator, i.parent AS nace_parent, f.industry, f.value, f.year,
                   max(f.year) OVER (PARTITION BY f.region) AS last_year
            FROM facts f JOIN industries i ON i.scheme = 'nace_r2' AND i.code = f.industry AND i.level = 4
            WHERE f.indicator IN ('employment', 'enterprises') AND f.region IN (SELECT unnest(?))
        )
        SELECT region, indicator, substr(industry, 1, 1) AS section, sum(value) AS v
        FROM latest WHERE year = last_year AND value IS NOT NULL AND NOT isnan(value)
        GROUP BY region, indicator, section
        """,
        [wanted],
    )
    if not sbs.empty:
        emp = sbs[sbs["indicator"] == "employment"].pivot(index="region", columns="section", values="v")
        emp = emp.reindex(regions).fillna(0.0)
        total = emp.sum(axis=1).replace(0.0, np.nan)
        for var, sections in _SECTION_SHARES.items():
            present = [s for s in sections if s in emp.columns]
            if present:
                out[var] = 100 * emp[present].sum(axis=1) / total
        ent = sbs[sbs["indicator"] == "enterprises"].groupby("region")["v"].sum().reindex(regions)
        out["avg_enterprise_size"] = total / ent.replace(0.0, np.nan)
        if "population" in out:
            out["local_units_per_1000"] = 1000 * ent / np.exp(out["population"])
    return out


class ScoreboardService:
    """Scores, peers, scorecards and dashboards of the regions in a store."""

    def __init__(self, store: Store, *, level: int = 2, framework: Framework | None = None,
                 version: str | None = None, min_coverage: float = DEFAULT_MIN_COVERAGE,
                 exclude_survey: bool = False) -> None:
        self.store = store
        self.level = level
        self.version = version
        self.framework = framework or load_framework()
        self.min_coverage = min_coverage
        #: the robustness variant without perception (survey) indicators: they leave the framework, and
        #: sub-dimensions left empty leave every mean above them rather than scoring zero
        self.excluded: list[str] = []
        if exclude_survey:
            self.framework, _, self.excluded = exclude_survey_indicators(self.framework)

    @cached_property
    def inputs(self) -> ScoreboardInputs:
        return load_inputs(self.store, self.framework, level=self.level, version=self.version)

    @cached_property
    def scores(self) -> pd.DataFrame:
        """Regions × (ind*, c*, p*, RES) on [0, 1]; the index only where the region's data coverage suffices.

        The published method averages whatever children a region has, so a region with a handful of indicators
        could top the index on them alone. A region gets an index value only when it has data for at least
        ``min_coverage`` of the indicators the store provides for any region (its dimension and sub-dimension
        scores are still shown); below that its index is missing, shown grey and not ranked.
        """
        scores = compute_scores(self.framework, self.inputs.data)
        index = self.framework.index_code
        scores.loc[self.region_coverage() < self.min_coverage, index] = np.nan
        return scores

    def region_coverage(self) -> pd.Series:
        """Per region: the share of the indicators with data anywhere that the region has data for."""
        data = self.inputs.data
        provided = data.columns[data.notna().any()]
        if len(provided) == 0:
            return pd.Series(0.0, index=data.index)
        return data[provided].notna().mean(axis=1)

    def _check_region(self, region: str) -> None:
        if region not in self.scores.index:
            raise NotFoundError(f"region '{region}' is not among the {len(self.scores)} scored regions",
                                hint="see 'clusterobs scoreboard build' for the list, or check the NUTS level")

    @cached_property
    def distances(self) -> pd.DataFrame:
        return structural_distances(self.inputs.structural, load_peer_blocks())

    def peers(self, region: str, *, k: int = 5, exclude_own_country: bool = False,
              chosen: list[str] | None = None) -> PeerResult:
        """Default peers by structural similarity, or up to five chosen by the user."""
        self._check_region(region)
        countries = self.inputs.countries
        if chosen:
            return choose_peers(region, chosen, regions=self.scores.index, distances=self.distances,
                                country_of=lambda r: str(countries.get(r, r[:2])))
        return find_peers(self.inputs.structural, load_peer_blocks(), region, k=k,
                          exclude_own_country=exclude_own_country,
                          country_of=lambda r: str(countries.get(r, r[:2])))

    def elements(self, region: str, peers: PeerResult | None = None) -> pd.DataFrame:
        peers = peers or self.peers(region)
        return element_table(self.framework, self.scores, region, peers.peers)

    def scorecard(self, region: str, peers: PeerResult | None = None) -> pd.DataFrame:
        return scorecard(self.framework, self.elements(region, peers))

    def dashboard(self, region: str, peers: PeerResult | None = None) -> pd.DataFrame:
        return policy_dashboard(self.framework, self.elements(region, peers), load_policy_actions())

    def coverage(self) -> pd.DataFrame:
        """Per indicator: regions with data, share, and the years used — what the build read and lacks."""
        data = self.inputs.data
        n = data.notna().sum()
        years = self.inputs.years
        return pd.DataFrame({
            "indicator": data.columns,
            "name": [self.framework.element(c).name for c in data.columns],
            "regions": n.to_numpy(),
            "coverage": (n / len(data)).round(4).to_numpy(),
            "years": [_span(years[c]) for c in data.columns],
        })


def _span(years: pd.Series) -> str:
    y = years.dropna()
    if y.empty:
        return ""
    lo, hi = int(y.min()), int(y.max())
    return str(lo) if lo == hi else f"{lo}–{hi}"


#: Normalisations the uncertainty analysis may switch between, all onto [0, 1] like the published method.
UA_NORMALISATIONS: dict[str, dict[str, float | int | str | bool]] = {"minmax": {"l": 0.0, "u": 1.0}, "prank": {}}


def scoreboard_uncertainty(service: ScoreboardService, *, n_runs: int = 1000, seed: int = 1,
                           noise: float = 0.25, normalisations: tuple[str, ...] = ("minmax",)) -> pd.DataFrame:
    """Rank robustness of the index over weights (±``noise`` at every level) and normalisation choices.

    With more than one normalisation, each run also picks one of them (the first is the published min-max):
    the alternatives are real pipeline runs of the scoreboard (see
    :func:`clusterobs.composite.alternatives.data_alternatives`). Per region: nominal rank, median rank and the
    5–95 % rank interval (see :func:`clusterobs.composite.uncertainty_analysis`).
    """
    from clusterobs.composite import NormaliseStep, framework_from_imeta
    from clusterobs.composite.alternatives import data_alternatives
    from clusterobs.composite.uncertainty import UncertaintySpec, uncertainty_analysis
    from clusterobs.scoreboard import res_run

    unknown = [n for n in normalisations if n not in UA_NORMALISATIONS]
    if unknown or not normalisations:
        raise UnknownMethodError("normalisation for the uncertainty analysis", ",".join(unknown) or "(none)",
                                 UA_NORMALISATIONS)
    fw = service.framework
    levels = sorted({int(lv) for lv in fw.imeta()["Level"]})[:-1]
    weight_noise = {lv: noise for lv in levels}
    if len(normalisations) == 1 and normalisations[0] == "minmax":
        normalised = service.scores[list(fw.indicators)]
        spec = UncertaintySpec(weight_noise=weight_noise)
        return uncertainty_analysis(normalised, fw.imeta(), spec, n_runs=n_runs, seed=seed).rank_stats
    variants = {"normalisation": {n: NormaliseStep(dset="Raw", method=n, params=UA_NORMALISATIONS[n])
                                  for n in normalisations}}
    engine = framework_from_imeta(fw.imeta(), source="scoreboard")
    factors, datasets = data_alternatives(engine, service.inputs.data, res_run(), variants)
    spec = UncertaintySpec(weight_noise=weight_noise, data_factors=factors)
    return uncertainty_analysis(datasets, fw.imeta(), spec, n_runs=n_runs, seed=seed).rank_stats
