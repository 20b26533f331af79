"""Peer (reference) regions, by structural similarity after Navarro et al. (2014, S3 Platform).

A region is best compared with regions that share its *structural* conditions: those that policy cannot
change in the short run. Following the S3 Platform's regional benchmarking method, structural variables are
grouped in blocks (demography and geography, sectoral specialisation, business structure, human capital,
institutions), standardised as z-scores (sample sd, over all regions given), and for each block the distance
between two regions is computed over that block's variables and divided by the largest distance of that block
over all pairs, so each block lies in [0, 1] and weighs the same whatever its number of variables. The
structural distance is the mean of the block distances available for the pair: a block where either region
lacks a value is skipped for that pair (and reported), not imputed. Because the rescaling uses the maximum
over *all* pairs, the distance is symmetric and zero from a region to itself.

Users may instead pick up to five peers themselves (:func:`choose_peers`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from clusterobs.errors import NotFoundError, UnknownMethodError, ValidationError

MAX_USER_PEERS = 5
DEFAULT_K = 5


def _euclidean(x: np.ndarray) -> np.ndarray:
    """√Σ (x_ik − x_jk)² for every pair of rows."""
    diff = x[:, None, :] - x[None, :, :]
    out: np.ndarray = np.sqrt(np.einsum("ijk,ijk->ij", diff, diff))
    return out


def _manhattan(x: np.ndarray) -> np.ndarray:
    """Σ |x_ik − x_jk| for every pair of rows."""
    out: np.ndarray = np.abs(x[:, None, :] - x[None, :, :]).sum(axis=2)
    return out


#: Distance kernels: rows × variables → rows × rows.
DISTANCES: dict[str, Callable[[np.ndarray], np.ndarray]] = {"euclidean": _euclidean, "manhattan": _manhattan}


@dataclass(frozen=True)
class PeerBlocks:
    """The structural variable → block mapping (a versioned data file)."""

    version: str
    blocks: dict[str, str]  # block code → label
    variables: dict[str, str]  # variable code → block code
    sources: tuple[str, ...] = ()

    def block_variables(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {b: [] for b in self.blocks}
        for var, block in self.variables.items():
            out[block].append(var)
        return out


def peer_blocks_from_dict(doc: Mapping[str, object], *, origin: str = "<peer blocks>") -> PeerBlocks:
    """Parse and check the mapping file: every variable in a declared block, no duplicate variables."""
    blocks = doc.get("blocks")
    variables = doc.get("variables")
    if not isinstance(blocks, Mapping) or not blocks:
        raise ValidationError("'blocks' must be a non-empty mapping of code → label", path=origin, field="blocks")
    if not isinstance(variables, list) or not variables:
        raise ValidationError("'variables' must be a non-empty list", path=origin, field="variables")
    mapping: dict[str, str] = {}
    for v in variables:
        if not isinstance(v, Mapping) or "code" not in v or "block" not in v:
            raise ValidationError(f"each variable needs a code and a block, got {v!r}", path=origin)
        code, block = str(v["code"]), str(v["block"])
        if code in mapping:
            raise ValidationError(f"variable '{code}' is listed twice", path=origin, field="variables")
        if block not in blocks:
            raise ValidationError(
                f"variable '{code}': unknown block '{block}'",
                path=origin,
                hint="declare it under 'blocks': " + ", ".join(map(str, blocks)),
            )
        mapping[code] = block
    raw_sources = doc.get("sources") or []
    return PeerBlocks(
        version=str(doc.get("version", "")),
        blocks={str(k): str(val) for k, val in blocks.items()},
        variables=mapping,
        sources=tuple(str(s) for s in raw_sources) if isinstance(raw_sources, list) else (),
    )


def standardise(structural: pd.DataFrame) -> pd.DataFrame:
    """z-scores per column, sample sd (n − 1); a column with no spread becomes 0 (it separates nobody)."""
    x = structural.astype(float)
    mean = x.mean()
    sd = x.std(ddof=1)
    z = (x - mean) / sd.where(sd > 0)
    for col in sd.index[~(sd > 0)]:
        z[col] = x[col].where(x[col].isna(), 0.0)
    return z


def block_distances(
    structural: pd.DataFrame, blocks: PeerBlocks, *, distance: str = "euclidean"
) -> dict[str, pd.DataFrame]:
    """Per block, a regions × regions distance in [0, 1] (NaN where either region lacks a block value).

    Variables of the data not in the mapping are ignored; a block with none of its variables in the data is
    absent from the result.
    """
    if distance not in DISTANCES:
        raise UnknownMethodError("peer distance", distance, DISTANCES)
    kernel = DISTANCES[distance]
    regions = structural.index.astype(str)
    if regions.duplicated().any():
        raise ValidationError("duplicate regions in the structural data: "
                              + ", ".join(sorted(set(regions[regions.duplicated()]))))
    used = [c for c in structural.columns if c in blocks.variables]
    z = standardise(structural[used])
    out: dict[str, pd.DataFrame] = {}
    for block, variables in blocks.block_variables().items():
        present = [v for v in variables if v in z.columns]
        if not present:
            continue
        x = z[present].to_numpy(dtype=float)
        complete = ~np.isnan(x).any(axis=1)
        d = kernel(np.where(np.isnan(x), 0.0, x))
        d[~complete, :] = np.nan
        d[:, ~complete] = np.nan
        top = np.nanmax(d) if complete.sum() > 1 else 0.0
        if top > 0:
            d = d / top
        out[block] = pd.DataFrame(d, index=regions, columns=regions)
    return out


def structural_distances(
    structural: pd.DataFrame, blocks: PeerBlocks, *, distance: str = "euclidean"
) -> pd.DataFrame:
    """Regions × regions mean of the available block distances (NaN where no block is available)."""
    per_block = block_distances(structural, blocks, distance=distance)
    regions = structural.index.astype(str)
    if not per_block:
        return pd.DataFrame(np.nan, index=regions, columns=regions)
    stack = np.stack([d.to_numpy() for d in per_block.values()])
    avail = ~np.isnan(stack)
    n = avail.sum(axis=0)
    total = np.where(avail, stack, 0.0).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(n > 0, total / np.where(n > 0, n, 1), np.nan)
    return pd.DataFrame(mean, index=regions, columns=regions)


@dataclass(frozen=True)
class PeerResult:
    """Peers of one region: ``table`` has columns peer, distance, rank, country, blocks_used."""

    region: str
    method: str
    table: pd.DataFrame
    skipped_blocks: tuple[str, ...] = ()

    @property
    def peers(self) -> tuple[str, ...]:
        return tuple(self.table["peer"])


def country_code(region: str) -> str:
    """The country of a NUTS code: its first two letters (Eurostat's convention)."""
    return region[:2]


def find_peers(
    structural: pd.DataFrame,
    blocks: PeerBlocks,
    region: str,
    *,
    k: int = DEFAULT_K,
    exclude_own_country: bool = False,
    country_of: Callable[[str], str] = country_code,
    distance: str = "euclidean",
) -> PeerResult:
    """The ``k`` structurally nearest regions (ties broken by code), with their distances.

    Regions with no block in common with ``region`` are never peers. ``skipped_blocks`` lists the blocks the
    region itself has no complete data for (or that the data lacks entirely).
    """
    if k < 1:
        raise ValidationError(f"k must be at least 1, got {k}")
    regions = list(structural.index.astype(str))
    if region not in regions:
        raise NotFoundError(f"region '{region}' is not in the structural data",
                            hint="pass structural variables for every candidate region, this one included")
    per_block = block_distances(structural, blocks, distance=distance)
    skipped = tuple(
        b for b in blocks.blocks if b not in per_block or bool(per_block[b].loc[region].isna()[region])
    )
    dist = structural_distances(structural, blocks, distance=distance).loc[region]
    used = np.zeros(len(dist), dtype=int)
    for d in per_block.values():
        used += d.loc[region].notna().to_numpy().astype(int)
    cand = pd.DataFrame({"peer": dist.index, "distance": dist.to_numpy(), "blocks_used": used})
    cand["country"] = [country_of(r) for r in cand["peer"]]
    cand = cand[(cand["peer"] != region) & cand["distance"].notna()]
    if exclude_own_country:
        cand = cand[cand["country"] != country_of(region)]
    cand = cand.sort_values(["distance", "peer"], kind="mergesort").head(k).reset_index(drop=True)
    cand["rank"] = np.arange(1, len(cand) + 1)
    table = cand[["peer", "distance", "rank", "country", "blocks_used"]]
    return PeerResult(region=region, method="structural", table=table, skipped_blocks=skipped)


def choose_peers(
    region: str,
    peers: Iterable[str],
    *,
    regions: Iterable[str],
    distances: pd.DataFrame | None = None,
    country_of: Callable[[str], str] = country_code,
) -> PeerResult:
    """Up to five peers chosen by the user, checked; distances filled in when a distance matrix is given."""
    chosen = [str(p) for p in peers]
    if not chosen:
        raise ValidationError("choose at least one peer region")
    if len(chosen) > MAX_USER_PEERS:
        raise ValidationError(
            f"at most {MAX_USER_PEERS} peer regions can be chosen, got {len(chosen)}: " + ", ".join(chosen),
            field="peers",
            hint="drop some, or let the structural method pick the nearest regions",
        )
    dups = sorted({p for p in chosen if chosen.count(p) > 1})
    if dups:
        raise ValidationError("peer regions listed twice: " + ", ".join(dups), field="peers")
    if region in chosen:
        raise ValidationError(f"region '{region}' cannot be its own peer", field="peers")
    known = set(map(str, regions))
    unknown = [p for p in [region, *chosen] if p not in known]
    if unknown:
        raise NotFoundError("unknown regions: " + ", ".join(unknown), hint="use NUTS codes of the scored regions")
    if distances is not None and region in distances.index:
        dist = distances.loc[region].reindex(chosen).to_numpy(dtype=float)
    else:
        dist = np.full(len(chosen), np.nan)
    table = pd.DataFrame(
        {
            "peer": chosen,
            "distance": dist,
            "rank": np.arange(1, len(chosen) + 1),
            "country": [country_of(p) for p in chosen],
            "blocks_used": pd.array([pd.NA] * len(chosen), dtype="Int64"),
        }
    )
    return PeerResult(region=region, method="user", table=table)


__all__ = [
    "DEFAULT_K",
    "DISTANCES",
    "MAX_USER_PEERS",
    "PeerBlocks",
    "PeerResult",
    "block_distances",
    "choose_peers",
    "country_code",
    "find_peers",
    "peer_blocks_from_dict",
    "standardise",
    "structural_distances",
]
