"""Assemble Demoland: generate every part from one seed, as store batches, and write them.

Each part draws from its own random stream (spawned from the seed), so changing how one part is generated
does not reshuffle the others, and the same seed always gives the same world. Batches carry a fixed load time
and a checksum derived from the generator version, seed and scale, so two builds give identical stores and
re-running a build on the same store changes nothing.

What ``scale`` means: scale 1 is about 6 countries, 60 NUTS2 regions (180 NUTS3), 4 million facts and a
333-thousand-row firm sample; the number of NUTS2 regions and firm rows grow linearly with it, the number of
countries with its square root (scale 30: 33 countries, 1,800 NUTS2, about 5,400 NUTS3, 10 million firm rows).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from clusterobs.demo import records
from clusterobs.demo.economy import DATASET as SBS
from clusterobs.demo.economy import Economy, build_economy
from clusterobs.demo.firms import firm_rows, firm_table, write_firms
from clusterobs.demo.geography import Geography, build_geography, geometries_table
from clusterobs.demo.indicators import REGIONAL, SCOREBOARD, regional_facts, scoreboard_facts
from clusterobs.demo.latent import Latent, build_latent
from clusterobs.demo.sbs import sbs_facts
from clusterobs.demo.taxonomy import business_classes, plantable, taxonomy, taxonomy_batch
from clusterobs.errors import InputError, StoreError
from clusterobs.store import Batch, Store

#: Bump when the generator changes what a seed produces (it is part of every demo batch's checksum).
GENERATOR_VERSION = "4"
KIND = "demo"
LOADED_AT = datetime(2000, 1, 1)
NOTE = "Synthetic demo data (Demoland): invented regions and numbers, not real statistics."
FIRMS_FILE = Path("demo") / "firms.parquet"
_STREAMS = ("geography", "latent", "economy", "sbs", "regional", "scoreboard", "profiles", "events", "survey",
            "firms")

Progress = Callable[[int, int], None]


@dataclass
class DemoWorld:
    """The generated world before it becomes store rows; kept so that the firm table reuses the economy."""

    seed: int
    scale: float
    geo: Geography
    latent: Latent
    economy: Economy

    def rng(self, stream: str) -> np.random.Generator:
        return stream_rng(self.seed, stream)


def stream_rng(seed: int, stream: str) -> np.random.Generator:
    """The random stream of one part of the world (independent of the other parts)."""
    children = np.random.SeedSequence(seed).spawn(len(_STREAMS))
    return np.random.default_rng(children[_STREAMS.index(stream)])


def _check(seed: int, scale: float) -> None:
    if seed < 0:
        raise InputError(f"demo seed must be a non-negative integer, got {seed}", hint="use e.g. --seed 42")
    if not 0.05 <= scale <= 100:
        raise InputError(f"demo scale must lie between 0.05 and 100, got {scale}",
                         hint="scale 1 is 60 NUTS2 regions; scale 30 is about 2,000 regions and 10 million firms")


def build_world(seed: int = 42, scale: float = 1.0) -> DemoWorld:
    _check(seed, scale)
    geo = build_geography(stream_rng(seed, "geography"), scale)
    latent = build_latent(stream_rng(seed, "latent"), geo)
    tax = taxonomy()
    economy = build_economy(stream_rng(seed, "economy"), latent, business_classes(tax), plantable(tax))
    return DemoWorld(seed, scale, geo, latent, economy)


def _batch(world: DemoWorld, dataset: str, tables: dict[str, pd.DataFrame]) -> Batch:
    key = f"clusterobs-demo|v{GENERATOR_VERSION}|seed={world.seed}|scale={world.scale!r}|{dataset}"
    return Batch(dataset=dataset, kind=KIND, source=f"clusterobs demo --seed {world.seed} --scale {world.scale:g}",
                 checksum="demo:" + hashlib.sha256(key.encode()).hexdigest(), tables=tables, synthetic=True,
                 note=NOTE, loaded_at=LOADED_AT)


def demo_batches(world: DemoWorld) -> list[Batch]:
    """Every store batch of the demo: taxonomy (when available), regions, three fact datasets, records."""
    geo = world.geo
    parents = geo.regions.set_index("code")["parent"]
    regional = regional_facts(world.rng("regional"), world.latent, parents)
    gdp = regional[regional["indicator"] == "gdp_pps_hab"].pivot(index="region", columns="year", values="value")
    tax = taxonomy()
    profiles, profile_list = records.profile_records(world.rng("profiles"), geo, world.economy.planted,
                                                     plantable(tax), world.scale)
    recs = pd.concat([
        records.planted_records(world.economy.planted),
        profiles,
        records.event_records(world.rng("events"), profile_list, world.scale),
        records.survey_records(world.rng("survey"), world.latent),
    ], ignore_index=True)
    batches = [taxonomy_batch(tax)]
    batches[0].loaded_at = LOADED_AT  # the taxonomy is real (not synthetic), but its load time is fixed
    batches += [
        _batch(world, "demo_regions", {"regions": geo.regions, "geometries": geometries_table(geo)}),
        _batch(world, REGIONAL, {"facts": regional}),
        _batch(world, SCOREBOARD, {"facts": scoreboard_facts(world.rng("scoreboard"), world.latent, gdp)}),
        _batch(world, "demo_records", {"records": recs}),
        # the big one last: each write first deletes rows with the batch's keys, which costs more the more
        # facts the store already holds
        _batch(world, SBS, {"facts": sbs_facts(world.economy, geo, world.rng("sbs"))}),
    ]
    return batches


def build_demo(seed: int = 42, scale: float = 1.0) -> list[Batch]:
    """The demo world as store batches (pure: nothing is written)."""
    return demo_batches(build_world(seed, scale))


def demo_firms(world: DemoWorld, n_rows: int | None = None) -> pa.Table:
    """The firm-year sample of a world (``n_rows`` defaults to the scale's size, see ``firm_rows``)."""
    return firm_table(world.economy, firm_rows(world.scale) if n_rows is None else n_rows, world.rng("firms"))


def firms_path(store: Store) -> Path:
    """Where ``write_demo`` puts the firm table: ``demo/firms.parquet`` beside the store file."""
    return store.path.parent / FIRMS_FILE


def _refuse_mixing(store: Store, batches: list[Batch]) -> None:
    loaded = store.query("SELECT dataset, kind, checksum FROM ingests")
    ours = {(b.dataset, b.checksum) for b in batches}
    real = loaded[~loaded["kind"].isin([KIND, "taxonomy"])]
    if not real.empty:
        raise StoreError(f"store {store.path} holds real data ({', '.join(sorted(set(real['dataset'])))}); the "
                         "demo is synthetic and must not be mixed with it",
                         hint="build the demo into its own file, e.g. --store demo.duckdb")
    other = loaded[loaded["kind"] == KIND]
    if any((d, c) not in ours for d, c in zip(other["dataset"], other["checksum"], strict=True)):
        raise StoreError(f"store {store.path} already holds a demo built with another seed, scale or generator "
                         "version", hint="choose a new file with --store, or delete this one first")


def write_demo(store: Store, seed: int = 42, scale: float = 1.0, *, firms: bool = True,
               progress: Progress | None = None) -> list[int | None]:
    """Build the demo and write it: one transaction per batch, plus the firm table beside the store.

    Returns the ingest id of each batch (``None`` where the same build was already in the store).
    """
    report = progress or (lambda done, total: None)
    total = 3 + (1 if firms else 0)
    report(0, total)
    world = build_world(seed, scale)
    report(1, total)
    batches = demo_batches(world)
    _refuse_mixing(store, batches)
    report(2, total)
    ids = [store.write(b) for b in batches]
    report(3, total)
    if firms:
        write_firms(demo_firms(world), firms_path(store))
        report(4, total)
    return ids


__all__ = ["GENERATOR_VERSION", "NOTE", "DemoWorld", "build_demo", "build_world", "demo_batches", "demo_firms",
           "firms_path", "stream_rng", "write_demo"]
