"""Wire shapes of cluster organisation profiles, by direction (create, update, public), apart from the rows.

The services check every value once (:mod:`clusterobs.platform.fields`: code lists, length limits, ranges);
these models only give the API document its types and turn rows into answers. Multi-valued fields are
lists of codes (sectors are the observatory's category codes, so they join the cluster mapping directly).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from clusterobs.platform.fields import profile_values
from clusterobs.platform.models import Profile
from clusterobs.platform.search import FacetCount, SearchHit, SearchResult
from clusterobs.platform.validation import ValidationReport

Status = Literal["draft", "submitted", "returned", "published", "deleted"]


class ProfileBase(BaseModel):
    """The fields of a profile as a person fills them in."""

    type: str = Field(description="cluster_organisation, national_cluster_association, cluster_related_project "
                      "or member_organisation.")
    name: str = Field(description="Name (at most 200 characters).")
    acronym: str = ""
    country: str = Field(description="Two-letter country code, e.g. AT.")
    region: str = Field(default="", description="NUTS 2 code, e.g. AT22.")
    city: str = ""
    latitude: float | None = None
    longitude: float | None = None
    website: str = Field(default="", description="http(s) address.")
    website_english: bool = Field(default=False, description="The website is available in English.")
    description: str = Field(default="", description="Plain text or the Markdown subset (at most 5,000 characters).")
    description_format: Literal["plain", "markdown"] = "plain"
    year_established: int | None = None
    staff_fte: float | None = Field(default=None, description="Cluster management team in full-time equivalents.")
    members_sme: int = 0
    members_large: int = 0
    members_research: int = 0
    members_public: int = 0
    members_other: int = 0
    esca_label: Literal["", "bronze", "silver", "gold"] = ""
    esca_valid_until: date | None = None
    support_programme: str = Field(default="", description="Regional or national cluster programme supporting it.")
    contact_name: str = ""
    contact_email: str = ""
    ecosystems: list[str] = Field(default_factory=list, description="Codes of the 14 EU industrial ecosystems.")
    sectors: list[str] = Field(default_factory=list, description="Codes of the 51 traded cluster categories.")
    emerging_industries: list[str] = Field(default_factory=list, description="Codes of the 10 emerging industries.")
    technologies: list[str] = Field(default_factory=list, description="Key enabling technologies.")
    value_chains: list[str] = Field(default_factory=list)
    partnerships: list[str] = Field(default_factory=list, description="Strategic partnerships.")


class ProfileCreate(ProfileBase):
    """A new profile (a draft; its creator becomes its administrator)."""

    allow_duplicate: bool = Field(default=False, description="Create even though a similar name exists in the "
                                  "same country (the first attempt lists the look-alikes).")


class ProfileUpdate(BaseModel):
    """Some fields of a profile, plus the ``version`` the client edited (optimistic locking: 409 if stale)."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(description="The version you read; a newer one on the server gives 409 Conflict.")
    type: str | None = None
    name: str | None = None
    acronym: str | None = None
    country: str | None = None
    region: str | None = None
    city: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    website: str | None = None
    website_english: bool | None = None
    description: str | None = None
    description_format: Literal["plain", "markdown"] | None = None
    year_established: int | None = None
    staff_fte: float | None = None
    members_sme: int | None = None
    members_large: int | None = None
    members_research: int | None = None
    members_public: int | None = None
    members_other: int | None = None
    esca_label: Literal["", "bronze", "silver", "gold"] | None = None
    esca_valid_until: date | None = None
    support_programme: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None
    ecosystems: list[str] | None = None
    sectors: list[str] | None = None
    emerging_industries: list[str] | None = None
    technologies: list[str] | None = None
    value_chains: list[str] | None = None
    partnerships: list[str] | None = None

    def changes(self) -> dict[str, object]:
        """The fields the client sent (not ``version``), as the service takes them."""
        return self.model_dump(exclude_unset=True, exclude={"version"})


class VersionBody(BaseModel):
    """For life-cycle steps: the version the client saw (optional; 409 when given and stale)."""

    version: int | None = None


class ReturnBody(VersionBody):
    reason: str = Field(min_length=1, description="What the profile's administrators must change.")


class CriterionPublic(BaseModel):
    code: str
    text: str
    passed: bool
    detail: str
    fix: str


class ValidationPublic(BaseModel):
    """The validation criteria as they stand (all must pass, unless a recognised programme waives them)."""

    ok: bool
    waived: bool
    waiver_detail: str
    results: list[CriterionPublic]

    @classmethod
    def of(cls, report: ValidationReport) -> ValidationPublic:
        return cls(ok=report.ok, waived=report.waived, waiver_detail=report.waiver_detail,
                   results=[CriterionPublic(code=r.code, text=r.text, passed=r.passed, detail=r.detail, fix=r.fix)
                            for r in report.results])


class ProfilePublic(ProfileBase):
    """A profile as the API returns it."""

    id: int
    status: Status
    version: int
    return_reason: str = ""
    size_band: str = ""
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = None
    published_at: datetime | None = None
    validation: ValidationPublic

    @classmethod
    def of(cls, profile: Profile, report: ValidationReport) -> ProfilePublic:
        return cls(**profile_values(profile), id=profile.id, status=profile.status,  # type: ignore[arg-type]
                   version=profile.version, return_reason=profile.return_reason, size_band=profile.size_band,
                   created_at=profile.created_at, updated_at=profile.updated_at,
                   submitted_at=profile.submitted_at, published_at=profile.published_at,
                   validation=ValidationPublic.of(report))


class ProfileHitPublic(BaseModel):
    """One search result (also a map point when it has coordinates)."""

    id: int
    name: str
    acronym: str
    type: str
    country: str
    region: str
    city: str
    latitude: float | None
    longitude: float | None
    esca_label: str
    score: float | None = Field(description="Full-text relevance (higher is better); null without words.")

    @classmethod
    def of(cls, hit: SearchHit) -> ProfileHitPublic:
        return cls(id=hit.id, name=hit.name, acronym=hit.acronym, type=hit.type, country=hit.country,
                   region=hit.region, city=hit.city, latitude=hit.latitude, longitude=hit.longitude,
                   esca_label=hit.esca_label, score=hit.score)


class FacetCountPublic(BaseModel):
    code: str
    label: str
    count: int = Field(description="Profiles with this value, given every other facet's filters.")

    @classmethod
    def of(cls, f: FacetCount) -> FacetCountPublic:
        return cls(code=f.code, label=f.label, count=f.count)


class ProfilesPublic(BaseModel):
    """One page of search results: ``data``, the ``count`` over all pages, and each facet's counts."""

    data: list[ProfileHitPublic]
    count: int
    limit: int
    offset: int
    facets: dict[str, list[FacetCountPublic]] = Field(default_factory=dict)

    @classmethod
    def of(cls, result: SearchResult, *, limit: int, offset: int) -> ProfilesPublic:
        return cls(data=[ProfileHitPublic.of(h) for h in result.hits], count=result.total, limit=limit,
                   offset=offset, facets={k: [FacetCountPublic.of(f) for f in v] for k, v in result.facets.items()})


__all__ = ["CriterionPublic", "FacetCountPublic", "ProfileBase", "ProfileCreate", "ProfileHitPublic",
           "ProfilePublic", "ProfileUpdate", "ProfilesPublic", "ReturnBody", "ValidationPublic", "VersionBody"]
