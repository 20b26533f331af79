"""Industry taxonomy: NACE Rev.2, the 51 traded cluster categories, local industries, emerging industries."""

from clusterobs.industries.aggregate import (
    ALLOCATION_RULES,
    aggregate_to_categories,
    allocate_divisions,
)
from clusterobs.industries.batch import taxonomy_batch
from clusterobs.industries.io import load_taxonomy, load_taxonomy_from
from clusterobs.industries.taxonomy import Taxonomy, build_taxonomy

__all__ = [
    "ALLOCATION_RULES",
    "Taxonomy",
    "aggregate_to_categories",
    "allocate_divisions",
    "build_taxonomy",
    "load_taxonomy",
    "load_taxonomy_from",
    "taxonomy_batch",
]
