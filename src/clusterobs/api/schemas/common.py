"""Envelopes shared by every resource: a page of results and the one error shape."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from clusterobs.services.records import Suggestion

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: ``data`` holds at most ``limit`` items starting at ``offset`` of ``total``."""

    data: list[T]
    total: int = Field(description="Number of items matching the filters, over all pages.")
    limit: int
    offset: int


class ErrorDetail(BaseModel):
    """One problem with a request parameter (only for ``invalid_input``)."""

    loc: list[str | int]
    msg: str


class ErrorBody(BaseModel):
    """The one error shape of the API, whatever went wrong."""

    ok: bool = Field(default=False, description="Always false.")
    error: str = Field(description="Machine-readable kind: not_found, invalid_input, store, internal …")
    message: str = Field(description="What went wrong, where, and how to fix it.")
    status: int = Field(description="The HTTP status code, repeated.")
    hint: str | None = Field(default=None, description="How to fix it, when known.")
    errors: list[ErrorDetail] = Field(default_factory=list, description="Per-parameter problems.")
    suggestions: list[Suggestion] = Field(default_factory=list, description="Near matches of an unknown code.")
