"""NUTS regions: the registry of codes, levels and parents, and conversion between NUTS versions."""

from clusterobs.regions.changes import CHANGE_KINDS, VERSIONS, CodeFate, Correspondence, version_steps
from clusterobs.regions.codes import NutsCode, is_extra_regio, is_nuts_code, nuts_level, parent_code, parse_code
from clusterobs.regions.convert import ConversionEntry, ConversionReport, Rule, convert_facts, plan_step
from clusterobs.regions.eu import eu27_countries, is_eu27
from clusterobs.regions.geometry import feature_collection, simplify_geometry
from clusterobs.regions.registry import Region, RegionRegistry, regions_frame

__all__ = [
    "CHANGE_KINDS",
    "VERSIONS",
    "CodeFate",
    "ConversionEntry",
    "ConversionReport",
    "Correspondence",
    "NutsCode",
    "Region",
    "RegionRegistry",
    "Rule",
    "convert_facts",
    "eu27_countries",
    "feature_collection",
    "is_eu27",
    "is_extra_regio",
    "is_nuts_code",
    "nuts_level",
    "parent_code",
    "parse_code",
    "plan_step",
    "regions_frame",
    "simplify_geometry",
    "version_steps",
]
