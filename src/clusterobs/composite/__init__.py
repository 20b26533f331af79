"""Composite-indicator engine (pure core), following the OECD/JRC Handbook and COINr's semantics.

Flow: a :class:`Framework` (hierarchy, directions, weights) and a units × indicators table make a :class:`Coin`
with the Raw stage; a :class:`Run` (typed steps) takes it through Denominated → Imputed → Screened → Treated →
Normalised → Aggregated. Each operation also exists as a kernel on one array and a table function.
"""

# --- pipeline engine: framework, stages, methods, results -------------------------------------------------
from clusterobs.composite.aggregate import (
    AGGREGATORS,
    AggSpec,
    aggregate_table,
    amean,
    copeland,
    genmean,
    gmean,
    hmean,
)
from clusterobs.composite.denominate import denominate, denominate_table
from clusterobs.composite.framework import Element, Framework, build_framework, check_data
from clusterobs.composite.impute import IMPUTERS, impute_panel, impute_table
from clusterobs.composite.io import framework_from_imeta, read_framework_yaml, read_idata, read_imeta
from clusterobs.composite.normalise import NORMALISERS, NormSpec, normalise_table
from clusterobs.composite.pipeline import Coin, apply_step, compare, new_coin, regenerate, replay, run_pipeline
from clusterobs.composite.results import (
    rank_desc,
    results_table,
    scores_and_ranks,
    strengths_weaknesses,
    unit_summary,
)
from clusterobs.composite.screen import screen_units
from clusterobs.composite.spec import (
    AggregateStep,
    DenominateStep,
    ImputeStep,
    MethodRef,
    NormaliseStep,
    Run,
    ScreenStep,
    TreatOverride,
    TreatStep,
    coinr_example_run,
    default_run,
)
from clusterobs.composite.stats import indicator_stats, kurt, skew, unit_availability
from clusterobs.composite.treat import TreatParams, treat_table, winsorise
from clusterobs.composite.weights import equal_weights, resolve_weights, user_weights

__all__ = [
    "AGGREGATORS",
    "IMPUTERS",
    "NORMALISERS",
    "AggSpec",
    "AggregateStep",
    "Coin",
    "DenominateStep",
    "Element",
    "Framework",
    "ImputeStep",
    "MethodRef",
    "NormSpec",
    "NormaliseStep",
    "Run",
    "ScreenStep",
    "TreatOverride",
    "TreatParams",
    "TreatStep",
    "aggregate_table",
    "amean",
    "apply_step",
    "build_framework",
    "check_data",
    "coinr_example_run",
    "compare",
    "copeland",
    "default_run",
    "denominate",
    "denominate_table",
    "equal_weights",
    "framework_from_imeta",
    "genmean",
    "gmean",
    "hmean",
    "impute_panel",
    "impute_table",
    "indicator_stats",
    "kurt",
    "new_coin",
    "normalise_table",
    "rank_desc",
    "read_framework_yaml",
    "read_idata",
    "read_imeta",
    "regenerate",
    "replay",
    "resolve_weights",
    "results_table",
    "run_pipeline",
    "scores_and_ranks",
    "screen_units",
    "skew",
    "strengths_weaknesses",
    "treat_table",
    "unit_availability",
    "unit_summary",
    "user_weights",
    "winsorise",
]

# --- analysis and robustness (correlation, reliability, PCA, effective weights, uncertainty, sensitivity) ---
# (added by the engineer who owns those modules; keep this block separate)
