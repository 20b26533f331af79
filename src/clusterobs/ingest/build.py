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
from clusterobs.ingest.validate import Registry
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
    """'codes', 'changes', 'gisco', 'eurostat' or None (not a file the build knows)."""
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
    return None


def _gisco_version(path: Path) -> str:
    m = _GISCO_NAME.search(path.name)
    return m.group(1) if m else "2021"


def build_from_folder(folder: Path, store: Store, *, progress: Callable[[int, int], None] | None = None
                      ) -> BuildReport:
    """Load every recognised official file of ``folder`` (recursively) into ``store``."""
    report = BuildReport()
    files = sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    kinds: dict[str, list[Path]] = {"codes": [], "changes": [], "gisco": [], "eurostat": []}
    for p in files:
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
    total = len(steps) + len(kinds["eurostat"])
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
    return report


def _eurostat(path: Path, lenient: Registry, known: Registry, report: BuildReport) -> Batch:
    batch = eurostat_batch(path, lenient)
    regions = set(batch.tables["facts"]["region"].unique())
    outside = sorted(r for r in regions if not known.known_region(r))
    if outside:
        report.notes.append(f"{path.name}: {len(outside)} region codes outside the loaded NUTS registry kept as "
                            f"published (older NUTS versions), e.g. {', '.join(outside[:5])}")
    return batch
