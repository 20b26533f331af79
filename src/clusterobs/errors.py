"""One exception tree for the whole of clusterobs.

Every error a user can meet is a :class:`ClusterObsError`; its message says *what* went wrong, *where*
(file, line, field or code) and *how to fix it*, so the CLI can print it as one line and the API and web
can map it to one error shape. Input errors also subclass the matching builtin so that callers who catch
``ValueError`` or ``LookupError`` keep working::

    ClusterObsError
    ├── InputError (ValueError)            bad data or arguments supplied by the user
    │   ├── FileFormatError                a file cannot be parsed (delimiter, encoding, truncated line …)
    │   ├── ValidationError                parsed, but values break a rule (unknown code, negative value …)
    │   └── UnknownMethodError             a registry has no method of that name (lists the valid ones)
    ├── NotFoundError (LookupError)        a region, industry, dataset or record does not exist
    ├── ConversionError                    data cannot be carried between classification versions
    ├── StoreError                         the store is missing, locked or from an incompatible version
    └── SourceError                        an online source could not be reached or answered badly

    ClusterObsWarning (UserWarning)        something was done by an explicit rule or approximation that
                                           the user should know about (e.g. division-level allocation)
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class ClusterObsError(Exception):
    """Root of every error clusterobs raises on purpose."""

    #: Short machine-readable kind, used as the ``error`` field of the API's error shape.
    kind = "error"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        if self.hint:
            return f"{self.message} — {self.hint}"
        return self.message


class InputError(ClusterObsError, ValueError):
    """The user supplied something we cannot use."""

    kind = "invalid_input"


class FileFormatError(InputError):
    """A file cannot be read as the format it claims to be.

    The location (``path``, ``line``, ``field``) is kept on the exception and put in front of the message,
    so ``str(err)`` reads like a compiler diagnostic: ``data.csv:12: field 'value': …``.
    """

    kind = "file_format"

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.field = field
        where = ""
        if self.path is not None:
            where = self.path + (f":{line}" if line is not None else "") + ": "
        elif line is not None:
            where = f"line {line}: "
        if field is not None:
            where += f"field '{field}': "
        super().__init__(where + message, hint=hint)


class ValidationError(FileFormatError):
    """Parsed values break a rule (unknown code, negative count, duplicate key …)."""

    kind = "validation"


class UnknownMethodError(InputError):
    """A method name is not in its registry."""

    kind = "unknown_method"

    def __init__(self, what: str, name: str, valid: Iterable[str]) -> None:
        names = sorted(valid)
        super().__init__(
            f"unknown {what} '{name}'",
            hint="choose one of: " + ", ".join(names),
        )
        self.name = name
        self.valid = names


class NotFoundError(ClusterObsError, LookupError):
    """Something asked for by code does not exist."""

    kind = "not_found"


class ConversionError(ClusterObsError):
    """Data cannot be carried from one classification version to another without a rule."""

    kind = "conversion"


class StoreError(ClusterObsError):
    """The observatory store cannot be used as asked."""

    kind = "store"


class SourceError(ClusterObsError):
    """An online source failed (network, HTTP status, unexpected payload)."""

    kind = "source"


class ClusterObsWarning(UserWarning):
    """Results were produced, but by an approximation or explicit rule the user should know about."""


__all__ = [
    "ClusterObsError",
    "ClusterObsWarning",
    "ConversionError",
    "FileFormatError",
    "InputError",
    "NotFoundError",
    "SourceError",
    "StoreError",
    "UnknownMethodError",
    "ValidationError",
]
