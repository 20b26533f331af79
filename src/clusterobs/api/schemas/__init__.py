"""API schemas: the envelope types of the REST API (pages, errors) and the records it returns.

Records are the service's typed records (:mod:`clusterobs.services.records`), re-exported here so that the
OpenAPI document and the pages describe one shape; the envelopes exist only on the wire.
"""

from clusterobs.api.schemas.common import ErrorBody, ErrorDetail, Page
from clusterobs.services.records import (
    DatasetRecord,
    FactRecord,
    IndicatorRecord,
    IndicatorSeries,
    IndustryDetail,
    IndustryRecord,
    LatestFact,
    MapIndicator,
    RegionDetail,
    RegionRecord,
    SchemeRecord,
    Suggestion,
    Summary,
)

__all__ = [
    "DatasetRecord",
    "ErrorBody",
    "ErrorDetail",
    "FactRecord",
    "IndicatorRecord",
    "IndicatorSeries",
    "IndustryDetail",
    "IndustryRecord",
    "LatestFact",
    "MapIndicator",
    "Page",
    "RegionDetail",
    "RegionRecord",
    "SchemeRecord",
    "Suggestion",
    "Summary",
]
