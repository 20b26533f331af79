"""Typed records the observatory service returns: what the API serialises and the pages render.

They are the read side of the store's tables, shaped for people (a region with its parents and children, a
headline figure with its year and unit), so the API and the web show the same thing. Missing values are
``None`` (never 0), with the Eurostat flag kept beside them.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class RegionRecord(BaseModel):
    code: str = Field(description="NUTS code as Eurostat writes it, e.g. 'AT13'.")
    version: str = Field(description="NUTS version: '2013', '2016', '2021' or 'demo'.")
    level: int = Field(description="NUTS level, 0 (country) to 3.")
    country: str
    name: str
    parent: str | None = None
    is_extra_regio: bool = False


class Headline(BaseModel):
    """One key figure of a region (population, GDP per inhabitant …) at its latest year with data."""

    key: str
    label: str
    dataset: str
    indicator: str
    year: int
    value: float
    unit: str
    flag: str = ""


class RegionDetail(BaseModel):
    region: RegionRecord
    ancestors: list[RegionRecord] = Field(description="From the country down to the parent.")
    children: list[RegionRecord]
    has_geometry: bool
    headline: list[Headline]
    other_versions: list[str] = Field(description="Other NUTS versions that have the same code.")


class FactRecord(BaseModel):
    dataset: str
    region: str
    industry: str = Field(description="NACE code or category; '' when the fact is not by industry.")
    indicator: str
    year: int
    value: float | None = Field(description="None when missing (see flag); never 0 for missing.")
    unit: str
    flag: str


class SeriesPoint(BaseModel):
    year: int
    value: float | None


class IndicatorSeries(BaseModel):
    dataset: str
    indicator: str
    unit: str
    points: list[SeriesPoint]


class LatestFact(BaseModel):
    """The latest non-missing value of one region-level indicator."""

    dataset: str
    indicator: str
    year: int
    value: float
    unit: str
    flag: str


class DatasetRecord(BaseModel):
    dataset: str
    facts: int
    missing: int
    regions: int
    indicators: int
    first_year: int
    last_year: int
    by_industry: bool
    synthetic: bool
    sources: list[str]


class IndicatorRecord(BaseModel):
    dataset: str
    indicator: str
    unit: str
    first_year: int
    last_year: int
    regions: int
    by_industry: bool


class MapIndicator(BaseModel):
    """A region-level indicator that can colour a map of one NUTS version and level."""

    dataset: str
    indicator: str
    unit: str
    years: list[int]
    regions: int

    @property
    def key(self) -> str:
        return f"{self.dataset}:{self.indicator}"


class IndustryRecord(BaseModel):
    scheme: str = Field(description="'nace_r2', 'cluster_category' or 'emerging'.")
    code: str
    level: int
    parent: str | None = None
    label: str
    kind: str = Field(default="", description="'traded' or 'local' for categories; '' otherwise.")


class IndustryDetail(BaseModel):
    industry: IndustryRecord
    parent: IndustryRecord | None
    children: list[IndustryRecord]
    links: list[IndustryRecord] = Field(description="For a category: its NACE classes; for a NACE code: the "
                                        "categories and emerging industries it belongs to.")


class SchemeRecord(BaseModel):
    scheme: str
    codes: int
    levels: list[int]


class Suggestion(BaseModel):
    code: str
    name: str
    url: str = Field(description="Path of the page of the suggested item.")


class Source(BaseModel):
    dataset: str
    kind: str
    source: str
    loaded_at: str
    rows: int
    synthetic: bool
    note: str


class Provenance(BaseModel):
    synthetic: bool = Field(description="True when any data in the store is synthetic (the demo).")
    credits: list[str] = Field(description="Credits the data requires, e.g. 'Source: Eurostat'.")
    sources: list[Source]


class LevelCount(BaseModel):
    version: str
    level: int
    regions: int
    geometries: int


class Summary(BaseModel):
    """What the observatory holds: the home page and ``GET /api/v1/observatory``."""

    default_version: str | None
    versions: list[str]
    levels: list[LevelCount]
    datasets: list[DatasetRecord]
    schemes: list[SchemeRecord]
    provenance: Provenance


__all__ = [
    "DatasetRecord",
    "FactRecord",
    "Headline",
    "IndicatorRecord",
    "IndicatorSeries",
    "IndustryDetail",
    "IndustryRecord",
    "LatestFact",
    "LevelCount",
    "MapIndicator",
    "Provenance",
    "RegionDetail",
    "RegionRecord",
    "SchemeRecord",
    "SeriesPoint",
    "Source",
    "Suggestion",
    "Summary",
]
