"""Page sections: the extension point through which each capability adds its part of a page.

A region page (and a sector page) is a header plus a list of sections. Each section is registered with a
``build`` function that returns the data its template needs, or ``None`` when the store has nothing for it
(then the section is not rendered at all: no placeholders, no invented numbers). The built-in sections
show what the store holds today (indicators, location map, sub-regions); cluster mapping (portfolio,
stars, bridges) and the scoreboard (radar, scorecard, dashboard, peers) register theirs the same way::

    register_region_section(Section(key="portfolio", title="Cluster portfolio", order=20,
                                    template="sections/portfolio.html", build=build_portfolio))

``order`` sets the position (built-ins use 10, 50, 90; leave gaps). Templates live in
``web/templates/sections/`` and receive ``section`` (this object), ``data`` (what ``build`` returned) and
the page's context.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from clusterobs.services import Observatory
from clusterobs.services.records import IndustryDetail, RegionDetail

SectionData = Mapping[str, Any]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    template: str
    order: int
    build: Callable[[Observatory, Any], SectionData | None]


@dataclass(frozen=True)
class RenderedSection:
    section: Section
    data: SectionData


REGION_SECTIONS: dict[str, Section] = {}

#: Indicator naming hooks: ``label(dataset, indicator) -> name or None``; capabilities that define indicators
#: (the scoreboard framework) register one, so tables show names next to codes.
INDICATOR_LABELS: list[Callable[[str, str], str | None]] = []


def register_indicator_labels(label: Callable[[str, str], str | None]) -> None:
    INDICATOR_LABELS.append(label)


def indicator_label(dataset: str, indicator: str) -> str:
    for label in INDICATOR_LABELS:
        name = label(dataset, indicator)
        if name:
            return name
    return ""
SECTOR_SECTIONS: dict[str, Section] = {}


def register_region_section(section: Section) -> Section:
    REGION_SECTIONS[section.key] = section
    return section


def register_sector_section(section: Section) -> Section:
    SECTOR_SECTIONS[section.key] = section
    return section


def build_sections(registry: Mapping[str, Section], obs: Observatory, subject: object) -> list[RenderedSection]:
    """The sections that have data for this subject, in order."""
    out = []
    for section in sorted(registry.values(), key=lambda s: (s.order, s.key)):
        data = section.build(obs, subject)
        if data is not None:
            out.append(RenderedSection(section, data))
    return out


# -- built-in region sections -------------------------------------------------------------------------------
def _indicators(obs: Observatory, detail: RegionDetail) -> SectionData | None:
    latest = obs.latest_facts(detail.region.code)
    if not latest:
        return None
    series = [obs.series(detail.region.code, h.dataset, h.indicator) for h in detail.headline]
    charts = [{"id": f"chart-{s.indicator}", "title": h.label, "unit": s.unit,
               "x": [p.year for p in s.points], "y": [p.value for p in s.points]}
              for h, s in zip(detail.headline, series, strict=True)]
    rows = [{**f.model_dump(), "name": indicator_label(f.dataset, f.indicator)} for f in latest]
    return {"rows": rows, "charts": charts}


def _location(obs: Observatory, detail: RegionDetail) -> SectionData | None:
    if not detail.has_geometry:
        return None
    r = detail.region
    return {"version": r.version, "level": r.level, "country": r.country, "code": r.code}


def _subregions(obs: Observatory, detail: RegionDetail) -> SectionData | None:
    if not detail.children:
        return None
    return {"rows": [c.model_dump() for c in detail.children]}


def _sector_links(obs: Observatory, detail: IndustryDetail) -> SectionData | None:
    if not detail.links:
        return None
    return {"rows": [link.model_dump() for link in detail.links]}


register_region_section(Section("indicators", "Indicators", "sections/indicators.html", 10, _indicators))
register_region_section(Section("location", "Location", "sections/location.html", 50, _location))
register_region_section(Section("subregions", "Sub-regions", "sections/subregions.html", 90, _subregions))
register_sector_section(Section("links", "Industries", "sections/sector_links.html", 90, _sector_links))

__all__ = [
    "REGION_SECTIONS",
    "SECTOR_SECTIONS",
    "RenderedSection",
    "Section",
    "build_sections",
    "register_region_section",
    "register_sector_section",
]
