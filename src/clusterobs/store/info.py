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
    con = store.con
    regions = [
        RegionCount(version=v, level=lv, regions=n, extra_regio=x)
        for v, lv, n, x in con.execute(
            "SELECT version, level, count(*), count(*) FILTER (WHERE is_extra_regio) "
            "FROM regions GROUP BY version, level ORDER BY version, level"
        ).fetchall()
    ]
    geometries = {
        f"{v}/L{lv}": n
        for v, lv, n in con.execute(
            "SELECT version, level, count(*) FROM geometries GROUP BY version, level ORDER BY version, level"
        ).fetchall()
    }
    industries = [
        IndustryCount(scheme=s, codes=n)
        for s, n in con.execute("SELECT scheme, count(*) FROM industries GROUP BY scheme ORDER BY scheme").fetchall()
    ]
    datasets = [
        DatasetSummary(dataset=d, facts=n, missing=m, years=str(y0) if y0 == y1 else f"{y0}–{y1}",
                       sources=list(src), synthetic=syn)
        for d, n, m, y0, y1, src, syn in con.execute(
            """
            SELECT f.dataset, count(*), count(*) FILTER (WHERE f.value IS NULL OR isnan(f.value)),
                   min(f.year), max(f.year), list(DISTINCT i.source ORDER BY i.source), bool_or(i.synthetic)
            FROM facts f JOIN ingests i ON i.id = f.ingest_id
            GROUP BY f.dataset ORDER BY f.dataset
            """
        ).fetchall()
    ]
    ingests = [
        IngestRecord(id=i, dataset=d, kind=k, source=s, checksum=c, loaded_at=str(t), rows=r)
        for i, d, k, s, c, t, r in con.execute(
            "SELECT id, dataset, kind, source, checksum, loaded_at, rows FROM ingests ORDER BY id"
        ).fetchall()
    ]
    row = con.execute("SELECT coalesce(bool_or(synthetic), false) FROM ingests").fetchone()
    synthetic = bool(row[0]) if row else False
    return StoreInfo(path=str(store.path), synthetic=synthetic, regions=regions, geometries=geometries,
                     industries=industries, datasets=datasets, ingests=ingests)
