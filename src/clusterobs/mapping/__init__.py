"""Cluster mapping (pure core): specialisation, size, focus, productivity, dynamism, stars, relatedness."""

# bridges() and relatedness() are not re-exported: their names are those of their modules.
from clusterobs.mapping.indicators import Indicators, compute_indicators
from clusterobs.mapping.presets import Preset, builtin_names, builtin_preset, parse_preset
from clusterobs.mapping.stars import StarResult, map_clusters, rate, rate_data
from clusterobs.mapping.uscmp import region_strength

__all__ = [
    "Indicators",
    "Preset",
    "StarResult",
    "builtin_names",
    "builtin_preset",
    "compute_indicators",
    "map_clusters",
    "parse_preset",
    "rate",
    "rate_data",
    "region_strength",
]
