"""A tiny named-method registry: one per operation (imputation, treatment, normalisation, aggregation)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

from clusterobs.errors import UnknownMethodError

F = TypeVar("F")


class Registry(Generic[F]):
    """``name → function``; an unknown name raises :class:`UnknownMethodError` listing the valid ones."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._methods: dict[str, F] = {}

    def register(self, name: str) -> Callable[[F], F]:
        def deco(fn: F) -> F:
            self._methods[name] = fn
            return fn

        return deco

    def add(self, name: str, fn: F) -> None:
        self._methods[name] = fn

    def get(self, name: str) -> F:
        try:
            return self._methods[name]
        except KeyError:
            raise UnknownMethodError(self.what, name, self._methods) from None

    def check(self, name: str) -> str:
        self.get(name)
        return name

    def names(self) -> list[str]:
        return sorted(self._methods)

    def __contains__(self, name: object) -> bool:
        return name in self._methods

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())


__all__ = ["Registry"]
