"""The region registry: NUTS codes of one or more versions, queried by level, country, version and tree.

The registry wraps a plain DataFrame in the store's ``regions`` layout (code, version, level, country, name,
parent, is_extra_regio), so it can come from a loader, the store or a test alike. Extra-regio codes are
left out of every selection unless asked for, because analyses must not treat them as territories.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pandas as pd

from clusterobs.errors import InputError, NotFoundError
from clusterobs.regions.codes import parse_code
from clusterobs.regions.eu import eu27_countries

COLUMNS: tuple[str, ...] = ("code", "version", "level", "country", "name", "parent", "is_extra_regio")


@dataclass(frozen=True)
class Region:
    """One region of one NUTS version."""

    code: str
    version: str
    level: int
    country: str
    name: str
    parent: str | None
    is_extra_regio: bool


class RegionRegistry:
    """Query NUTS regions; methods that need a version take it, or use the only version held."""

    def __init__(self, frame: pd.DataFrame) -> None:
        missing = [c for c in COLUMNS if c not in frame.columns]
        if missing:
            raise InputError(f"a region table lacks columns {missing}",
                             hint="give columns " + ", ".join(COLUMNS))
        df = frame.loc[:, list(COLUMNS)].copy()
        df["code"] = df["code"].astype(str)
        df["version"] = df["version"].astype(str)
        df["level"] = df["level"].astype(int)
        df["country"] = df["country"].astype(str)
        df["name"] = df["name"].astype(str)
        df["parent"] = df["parent"].astype(object).where(df["parent"].notna() & (df["parent"] != ""), None)
        df["is_extra_regio"] = df["is_extra_regio"].astype(bool)
        dup = df.duplicated(["code", "version"], keep=False)
        if dup.any():
            pairs = sorted({f"{c}@{v}" for c, v in zip(df.loc[dup, "code"], df.loc[dup, "version"], strict=True)})
            raise InputError(f"duplicate region codes: {', '.join(pairs[:10])}",
                             hint="each code may appear once per NUTS version")
        self._df = df.sort_values(["version", "level", "code"], kind="stable").reset_index(drop=True)
        self._index = {(c, v): i for i, (c, v) in enumerate(zip(self._df["code"], self._df["version"], strict=True))}

    # -- whole-table views -------------------------------------------------------------------------------
    @property
    def frame(self) -> pd.DataFrame:
        """A copy of the underlying table (sorted by version, level, code)."""
        return self._df.copy()

    @property
    def versions(self) -> list[str]:
        return sorted(self._df["version"].unique().tolist())

    def __len__(self) -> int:
        return len(self._df)

    def __contains__(self, code: object) -> bool:
        return any((code, v) in self._index for v in self.versions)

    def __iter__(self) -> Iterator[Region]:
        return (self._row(i) for i in range(len(self._df)))

    # -- selections --------------------------------------------------------------------------------------
    def select(
        self,
        *,
        level: int | Iterable[int] | None = None,
        country: str | Iterable[str] | None = None,
        version: str | None = None,
        eu27: bool = False,
        include_extra_regio: bool = False,
    ) -> pd.DataFrame:
        """Rows matching every given filter; extra-regio codes only with ``include_extra_regio``."""
        df = self._df
        mask = pd.Series(True, index=df.index)
        if version is not None:
            self._check_version(version)
            mask &= df["version"] == version
        if level is not None:
            levels = [level] if isinstance(level, int) else list(level)
            mask &= df["level"].isin(levels)
        if country is not None:
            countries = [country] if isinstance(country, str) else list(country)
            mask &= df["country"].isin(countries)
        if eu27:
            mask &= df["country"].isin(sorted(eu27_countries()))
        if not include_extra_regio:
            mask &= ~df["is_extra_regio"]
        return df.loc[mask].reset_index(drop=True)

    def codes(
        self,
        *,
        level: int | Iterable[int] | None = None,
        country: str | Iterable[str] | None = None,
        version: str | None = None,
        eu27: bool = False,
        include_extra_regio: bool = False,
    ) -> list[str]:
        """Sorted codes matching the filters (see :meth:`select`)."""
        sel = self.select(level=level, country=country, version=version, eu27=eu27,
                          include_extra_regio=include_extra_regio)
        return sorted(set(sel["code"].tolist()))

    # -- single regions and the tree -------------------------------------------------------------------
    def get(self, code: str, version: str | None = None) -> Region:
        """The region with this code, or NotFoundError naming the code and version."""
        v = self._resolve_version(version)
        i = self._index.get((code, v))
        if i is None:
            raise NotFoundError(f"region '{code}' is not in the NUTS {v} registry",
                                hint="check the code and the NUTS version (codes change between versions; "
                                "see clusterobs.regions.convert)")
        return self._row(i)

    def parent(self, code: str, version: str | None = None) -> Region | None:
        """The region one level up; None for countries. A parent missing from the registry is NotFoundError."""
        region = self.get(code, version)
        if region.parent is None:
            return None
        return self.get(region.parent, region.version)

    def ancestors(self, code: str, version: str | None = None) -> list[Region]:
        """Parent, grandparent … up to the country."""
        out: list[Region] = []
        region: Region | None = self.get(code, version)
        while region is not None and region.parent is not None:
            region = self.get(region.parent, region.version)
            out.append(region)
        return out

    def children(self, code: str, version: str | None = None, *, include_extra_regio: bool = False) -> list[Region]:
        """Regions one level down whose parent is ``code``."""
        region = self.get(code, version)
        df = self._df
        mask = (df["version"] == region.version) & (df["parent"] == code)
        if not include_extra_regio:
            mask &= ~df["is_extra_regio"]
        return [self._row(int(i)) for i in df.index[mask]]

    def unresolved_parents(self, version: str | None = None) -> list[str]:
        """Codes whose parent code is not in the registry (should be empty for an official code list)."""
        df = self._df
        if version is not None:
            self._check_version(version)
            df = df[df["version"] == version]
        known = set(zip(self._df["code"], self._df["version"], strict=True))
        bad = [c for c, p, v in zip(df["code"], df["parent"], df["version"], strict=True)
               if p is not None and (p, v) not in known]
        return sorted(bad)

    def is_eu27(self, code: str, version: str | None = None) -> bool:
        return self.get(code, version).country in eu27_countries()

    # -- helpers -----------------------------------------------------------------------------------------
    def _row(self, i: int) -> Region:
        r = self._df.iloc[i]
        return Region(code=str(r["code"]), version=str(r["version"]), level=int(r["level"]),
                      country=str(r["country"]), name=str(r["name"]),
                      parent=None if r["parent"] is None else str(r["parent"]),
                      is_extra_regio=bool(r["is_extra_regio"]))

    def _check_version(self, version: str) -> None:
        if version not in self.versions:
            raise NotFoundError(f"the registry holds no NUTS {version} regions",
                                hint="versions held: " + (", ".join(self.versions) or "none") +
                                "; load them with 'clusterobs ingest nuts'")

    def _resolve_version(self, version: str | None) -> str:
        if version is not None:
            self._check_version(version)
            return version
        if len(self.versions) == 1:
            return self.versions[0]
        raise InputError("the registry holds several NUTS versions (" + ", ".join(self.versions) + ")",
                         hint="say which with version=...")


def regions_frame(codes: Iterable[tuple[str, str]], version: str) -> pd.DataFrame:
    """A ``regions`` table from (code, name) pairs, deriving level, country, parent and extra-regio from
    each code; used by loaders whose source gives only codes and names."""
    rows = []
    for code, name in codes:
        p = parse_code(code)
        rows.append({"code": p.code, "version": version, "level": p.level, "country": p.country, "name": name,
                     "parent": p.parent, "is_extra_regio": p.is_extra_regio})
    return pd.DataFrame(rows, columns=list(COLUMNS))


__all__ = ["COLUMNS", "Region", "RegionRegistry", "regions_frame"]
