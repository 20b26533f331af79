"""What a store holds, as a typed summary for ``clusterobs info`` (text and ``--json``)."""

from __future__ import annotations

from pydantic import BaseModel

from clusterobs.store.store import Store


class RegionCount(BaseModel):
    version: str
    level: int
    regions: int
    extra_regio: int


class IndustryCount(BaseModel):
    scheme: str
    codes: int


class DatasetSummary(BaseModel):
    dataset: str
    facts: int
    missing: int
    years: str
    sources: list[str]
    synthetic: bool


class IngestRecord(BaseModel):
    id: int
    dataset: str
    kind: str
    source: str
    checksum: str
    loaded_at: str
    rows: int


class StoreInfo(BaseModel):
    path: str
    synthetic: bool
    regions: list[RegionCount]
    geometries: dict[str, int]
    industries: list[IndustryCount]
    datasets: list[DatasetSummary]
    ingests: list[IngestRecord]


def store_info(store: Store) -> StoreInfo:
    """Summarise regions by NUTS version and level, industries, datasets and provenance."""
    regions = [
        RegionCount(version=str(r.version), level=int(r.level), regions=int(r.n), extra_regio=int(r.x))
        for r in store.query(
            "SELECT version, level, count(*) AS n, count(*) FILTER (WHERE is_extra_regio) AS x "
            "FROM regions GROUP BY version, level ORDER BY version, level"
        ).itertuples()
    ]
    geometries = {
        f"{r.version}/L{int(r.level)}": int(r.n)
        for r in store.query(
            "SELECT version, level, count(*) AS n FROM geometries GROUP BY version, level ORDER BY version, level"
        ).itertuples()
    }
    industries = [
        IndustryCount(scheme=str(r.scheme), codes=int(r.n))
        for r in store.query("SELECT scheme, count(*) AS n FROM industries GROUP BY scheme ORDER BY scheme").itertuples()
    ]
    ds = store.query(
        """
        SELECT f.dataset, count(*) AS n, count(*) FILTER (WHERE f.value IS NULL) AS missing,
               min(f.year) AS y0, max(f.year) AS y1,
               list(DISTINCT i.source ORDER BY i.source) AS sources, bool_or(i.synthetic) AS synthetic
        FROM facts f JOIN ingests i ON i.id = f.ingest_id
        GROUP BY f.dataset ORDER BY f.dataset
        """
    )
    datasets = [
        DatasetSummary(
            dataset=str(r.dataset), facts=int(r.n), missing=int(r.missing),
            years=f"{int(r.y0)}" if r.y0 == r.y1 else f"{int(r.y0)}–{int(r.y1)}",
            sources=[str(s) for s in r.sources], synthetic=bool(r.synthetic),
        )
        for r in ds.itertuples()
    ]
    ingests = [
        IngestRecord(id=int(r.id), dataset=str(r.dataset), kind=str(r.kind), source=str(r.source),
                     checksum=str(r.checksum), loaded_at=str(r.loaded_at), rows=int(r.rows))
        for r in store.query("SELECT * FROM ingests ORDER BY id").itertuples()
    ]
    synthetic = bool(store.query("SELECT coalesce(bool_or(synthetic), false) AS s FROM ingests").iloc[0, 0])
    return StoreInfo(path=str(store.path), synthetic=synthetic, regions=regions, geometries=geometries,
                     industries=industries, datasets=datasets, ingests=ingests)
