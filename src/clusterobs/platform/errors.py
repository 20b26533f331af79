"""Errors of the collaboration platform, grafted onto the project's tree (``clusterobs.errors``).

They live here, not in ``clusterobs/errors.py``, because only the platform raises them; the API maps each
``kind`` to a status code (conflict → 409, forbidden → 403, unauthenticated → 401, rate_limited → 429)::

    ClusterObsError
    ├── ConflictError                  someone else changed the record first (optimistic locking)
    ├── PermissionDeniedError          the actor's roles do not allow the action
    ├── AuthenticationError            wrong e-mail/password, unconfirmed account, expired token or session
    ├── RateLimitedError               too many failed logins in the window; ``retry_after`` seconds
    └── InputError
        └── DuplicateProfileError      a profile with a similar name exists in the same country
"""

from __future__ import annotations

from collections.abc import Sequence

from clusterobs.errors import ClusterObsError, InputError


class ConflictError(ClusterObsError):
    """The record changed since the caller read it: reload, re-apply the edit, save again."""

    kind = "conflict"

    def __init__(self, message: str, *, current_version: int | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.current_version = current_version


class PermissionDeniedError(ClusterObsError):
    """The actor may not perform this action on this resource."""

    kind = "forbidden"


class AuthenticationError(ClusterObsError):
    """Credentials, a token or a session were not accepted."""

    kind = "unauthenticated"


class RateLimitedError(ClusterObsError):
    """Too many attempts; ``retry_after`` says how many seconds to wait."""

    kind = "rate_limited"

    def __init__(self, message: str, *, retry_after: int, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.retry_after = retry_after


class DuplicateProfileError(InputError):
    """Creating the profile would probably duplicate one that exists; ``candidates`` are (id, name, score)."""

    kind = "duplicate"

    def __init__(self, message: str, *, candidates: Sequence[tuple[int, str, float]], hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.candidates = list(candidates)


__all__ = ["AuthenticationError", "ConflictError", "DuplicateProfileError", "PermissionDeniedError",
           "RateLimitedError"]
