"""Build the observatory store from a folder of official files: classify, parse, then write batch by batch.

Each file is recognised by its content (header or GeoJSON properties), not trusted by its name alone, and
parsed completely before anything is written. A file that is not recognised, or fails to parse, is reported
as skipped with the reason and the command to load it by hand; the files that parse are written, each in its
own transaction (so a store is never left with half of a file).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from clusterobs.errors import ClusterObsError
from clusterobs.industries import load_taxonomy, taxonomy_batch
from clusterobs.ingest.eurostat_datasets import ADAPTERS, EXTRACTS, eurostat_batch
from clusterobs.ingest.gisco import load_gisco
from clusterobs.ingest.nuts import load_nuts
from clusterobs.ingest.regional_extracts import detect_regional, regional_batch, scoreboard_batch
from clusterobs.ingest.validate import Registry
from clusterobs.scoreboard import load_framework
from clusterobs.scoreboard.real_sources import POPULATION, load_real_sources, provided
from clusterobs.store import Batch, Store

_GISCO_NAME = re.compile(r"NUTS_RG_\d+M_(\d{4})_4326", re.IGNORECASE)


@dataclass
class BuildReport:
    """What a build read (file → dataset, rows, ingest id or None when already loaded) and what it skipped."""

    read: list[tuple[str, str, int, int | None]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _head(path: Path, n: int = 2048) -> str:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rb") as f:
        return f.read(n).decode("utf-8", errors="replace")


def _kind(path: Path) -> str | None:
    """'codes', 'changes', 'gisco', 'eurostat', 'regional', 'i40_columns' or None (not a file the build knows)."""
    name = path.name
    if name in EXTRACTS:
        return "eurostat"
    head = _head(path)
    first = head.splitlines()[0] if head else ""
    if path.suffix.lower() == ".geojson" or name.lower().endswith(".geojson.gz"):
        return "gisco" if "NUTS_ID" in head else None
    if first.strip() == "nuts_id,level,country_code,name,is_extra_regio":
        return "codes"
    if first.startswith(("code_2016,code_2021", "code_2013,code_2016")):
        return "changes"
    stem = name.lower().removesuffix(".gz").removesuffix(".tsv").removesuffix(".csv")
    if stem in ADAPTERS and ("\\TIME_PERIOD" in first or "\\time" in first or first.startswith("DATAFLOW")):
        return "eurostat"
    regional = detect_regional(path)
    if regional is not None:
        return "i40_columns" if regional == "i40_columns" else "regional"
    return None


def _gisco_version(path: Path) -> str:
    m = _GISCO_NAME.search(path.name)
    return m.group(1) if m else "2021"


def build_from_folder(folder: Path, store: Store, *, progress: Callable[[int, int], None] | None = None
                      ) -> BuildReport:
    """Load every recognised official file of ``folder`` (recursively) into ``store``."""
    report = BuildReport()
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    kinds: dict[str, list[Path]] = {"codes": [], "changes": [], "gisco": [], "eurostat": [], "regional": [],
                                    "i40_columns": []}
    for p in files:
        if p.name.startswith("DERIVED_"):  # tables built for demos from the official files beside them
            report.skipped.append((str(p), "a derived demo table, not an official file: not loaded"))
            continue
        kind = _kind(p)
        if kind is None:
            if p.suffix.lower() not in (".md", ".txt"):
                report.skipped.append((str(p), "layout not recognised: load it with 'clusterobs ingest csv' "
                                               "(see docs/data-template.md) or 'clusterobs ingest eurostat --dataset'"))
            continue
        kinds[kind].append(p)

    def write(label: str, make: Callable[[], Batch]) -> None:
        try:
            batch = make()
        except ClusterObsError as exc:
            report.skipped.append((label, str(exc)))
            return
        report.read.append((label, batch.dataset, batch.rows, store.write(batch)))

    steps: list[tuple[str, Callable[[], Batch]]] = [
        ("clusterobs taxonomy", lambda: taxonomy_batch(load_taxonomy())),
    ]
    for codes in kinds["codes"]:
        steps.append((str(codes), partial(load_nuts, codes, kinds["changes"], version="2021")))
    if not kinds["codes"]:
        report.skipped += [(str(c), "change table without a NUTS 2021 code list beside it") for c in kinds["changes"]]
    for geo in kinds["gisco"]:
        steps.append((str(geo), partial(load_gisco, geo, version=_gisco_version(geo))))
    total = len(steps) + len(kinds["eurostat"]) + len(kinds["regional"]) + 1
    for i, (label, make) in enumerate(steps):
        write(label, make)
        if progress:
            progress(i + 1, total)
    # Eurostat tables mix NUTS versions (old codes stay published), so region codes are not checked against
    # the registry here; codes outside it are counted and reported instead. NACE codes are still checked.
    known = Registry.from_store(store)
    lenient = Registry(regions=frozenset(), nace=known.nace)
    for j, path in enumerate(kinds["eurostat"]):
        write(str(path), partial(_eurostat, path, lenient, known, report))
        if progress:
            progress(len(steps) + j + 1, total)
    done = len(steps) + len(kinds["eurostat"])
    for j, path in enumerate(kinds["regional"]):
        write(str(path), partial(regional_batch, path, columns_file=_columns_for(path, kinds["i40_columns"])))
        if progress:
            progress(done + j + 1, total)
    _scoreboard(store, report, bool(kinds["regional"] or kinds["eurostat"]))
    if progress:
        progress(total, total)
    return report


def _columns_for(path: Path, candidates: list[Path]) -> Path | None:
    """The i40 column-description file beside a data file (or the only one found)."""
    beside = [c for c in candidates if c.parent == path.parent]
    found = beside or candidates
    return found[0] if found else None


def _scoreboard(store: Store, report: BuildReport, loaded_sources: bool) -> None:
    """Derive the scoreboard's framework-coded facts from what the store now holds, and say what they cover."""
    framework = load_framework()
    spec = load_real_sources(framework=framework)
    try:
        batch = scoreboard_batch(store, spec)
    except ClusterObsError as exc:
        report.skipped.append(("scoreboard indicators (res_real)", str(exc)))
        return
    if batch is None:
        if loaded_sources:
            report.notes.append("scoreboard: no framework indicator found among the loaded sources "
                                "(see clusterobs/scoreboard/data/real_sources.yaml)")
        return
    report.read.append(("scoreboard indicators from real sources", batch.dataset, batch.rows, store.write(batch)))
    facts = batch.tables["facts"]
    have, lacking = provided(spec, facts, framework)
    nuts2 = facts[(facts["region"].str.len() == 4) & ~facts["region"].str.startswith(("EU", "EA"))]
    regions = nuts2.groupby("indicator")["region"].nunique()
    proxies = [c for c in have if spec.indicators[c].fit == "proxy"]
    report.notes.append(f"scoreboard (real_sources.yaml {spec.version}): the real files provide {len(have)} of "
                        f"{len(framework.indicators)} framework indicators: "
                        + ", ".join(f"{c} ({regions.get(c, 0)} NUTS2 codes)" for c in have)
                        + (f"; proxies: {', '.join(proxies)}" if proxies else ""))
    report.notes.append(f"scoreboard: the real files lack {len(lacking)} indicators: {', '.join(lacking)}")
    if POPULATION in regions:
        report.notes.append(f"scoreboard: population for peer regions in {regions[POPULATION]} NUTS2 codes")


def _eurostat(path: Path, lenient: Registry, known: Registry, report: BuildReport) -> Batch:
    batch = eurostat_batch(path, lenient)
    regions = set(batch.tables["facts"]["region"].unique())
    outside = sorted(r for r in regions if not known.known_region(r))
    if outside:
        report.notes.append(f"{path.name}: {len(outside)} region codes outside the loaded NUTS registry kept as "
                            f"published (older NUTS versions), e.g. {', '.join(outside[:5])}")
    return batch
