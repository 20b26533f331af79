"""The industry taxonomy as one immutable object: NACE Rev.2, cluster categories, the curated mapping, emerging
industries.

It is built from already-parsed tables (see :mod:`clusterobs.industries.io` for reading the package files), so
the lookups here are pure and testable without files.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from clusterobs.errors import NotFoundError, UnknownMethodError
from clusterobs.industries.validate import (
    validate_categories,
    validate_emerging,
    validate_mapping,
    validate_nace,
)


@dataclass(frozen=True, eq=False)
class Taxonomy:
    """One version of the taxonomy; DataFrames are shared, so treat them as read-only."""

    version: str
    checksum: str
    #: code, level, parent ('' for sections), label, section
    nace: pd.DataFrame
    #: code, label, kind ('traded' | 'local'), note
    categories: pd.DataFrame
    #: nace, category, basis, isic4, note — one row per NACE class
    nace_to_category: pd.DataFrame
    #: long: industry, nace
    emerging: pd.DataFrame
    #: code, label, note — one row per emerging industry
    emerging_industries: pd.DataFrame
    sources: tuple[str, ...] = ()
    _category: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._category.update(zip(self.nace_to_category["nace"], self.nace_to_category["category"], strict=True))

    def category_of(self, nace_class: str) -> str:
        """The one cluster category of a NACE class (Eurostat form, e.g. 'C2910')."""
        try:
            return self._category[nace_class]
        except KeyError:
            raise NotFoundError(f"'{nace_class}' is not a NACE Rev.2 class",
                                hint="give a 4-digit class in Eurostat form, e.g. 'C2910'") from None

    def classes_of(self, code: str, *, scheme: str = "cluster_category") -> list[str]:
        """NACE classes of a cluster category (or, with ``scheme='emerging'``, of an emerging industry), sorted.

        The scheme is explicit because some codes (e.g. 'biopharmaceuticals') name both a category and a
        wider emerging industry.
        """
        if scheme == "cluster_category":
            table, key, codes = self.nace_to_category, "category", self.categories["code"]
        elif scheme == "emerging":
            table, key, codes = self.emerging, "industry", self.emerging_industries["code"]
        else:
            raise UnknownMethodError("taxonomy scheme", scheme, ("cluster_category", "emerging"))
        if code not in set(codes):
            raise NotFoundError(f"'{code}' is not a code of scheme '{scheme}'",
                                hint=f"choose one of: {', '.join(sorted(codes))}")
        return sorted(table.loc[table[key] == code, "nace"])

    def classes_of_division(self, division: str) -> list[str]:
        """NACE classes under a division code such as 'C10'."""
        n = self.nace
        if division not in set(n.loc[n["level"] == 2, "code"]):
            raise NotFoundError(f"'{division}' is not a NACE Rev.2 division", hint="e.g. 'C10'")
        return sorted(n.loc[(n["level"] == 4) & (n["code"].str[:3] == division), "code"])


def build_taxonomy(
    *,
    version: str,
    checksum: str,
    nace: pd.DataFrame,
    categories: pd.DataFrame,
    mapping: pd.DataFrame,
    emerging: pd.DataFrame,
    emerging_industries: pd.DataFrame,
    files: dict[str, str],
    sources: tuple[str, ...] = (),
) -> Taxonomy:
    """Validate parsed tables (each with a ``_line`` column) and assemble a :class:`Taxonomy`.

    ``files`` maps 'nace', 'categories', 'mapping', 'emerging' to the file names used in error messages.
    """
    validate_nace(nace, files["nace"])
    validate_categories(categories, files["categories"])
    validate_mapping(mapping, nace, categories, files["mapping"])
    validate_emerging(emerging, nace, files["emerging"])

    def clean(df: pd.DataFrame) -> pd.DataFrame:
        return df.drop(columns=["_line"], errors="ignore").reset_index(drop=True)

    return Taxonomy(
        version=version,
        checksum=checksum,
        nace=clean(nace),
        categories=clean(categories),
        nace_to_category=clean(mapping),
        emerging=clean(emerging),
        emerging_industries=clean(emerging_industries),
        sources=sources,
    )
