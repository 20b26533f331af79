"""Invented place and organisation names for Demoland, built from syllables so that none is a real place.

Names are drawn from the caller's random generator only, so the same seed always names the same map.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

_ONSETS = ("b", "br", "d", "dr", "f", "g", "gr", "h", "k", "kr", "l", "m", "n", "p", "r", "s", "st", "t", "tr",
           "v", "w", "z", "ch", "sk", "th")
_VOWELS = ("a", "e", "i", "o", "u", "au", "ei", "ia", "oa")
_CODAS = ("", "", "", "n", "r", "l", "s", "m", "nd", "rk", "st", "th")
_COUNTRY_SUFFIXES = ("ia", "land", "mark", "ora", "avia", "eth", "stan", "aria")
_REGION_PATTERNS = ("{n}", "{n}", "{n}", "{n}", "North {n}", "South {n}", "Upper {n}", "Lower {n}", "{n} Valley",
                    "{n} Coast", "{n} Highlands", "{n}shire", "{n}berg", "{n}dal", "{n} Plains")


def _stem(rng: np.random.Generator, syllables: int) -> str:
    parts = []
    for _ in range(syllables):
        parts.append(str(rng.choice(_ONSETS)) + str(rng.choice(_VOWELS)) + str(rng.choice(_CODAS)))
    return "".join(parts).capitalize()


class NameMaker:
    """Hands out unique invented names; uniqueness is global so no two regions share a name."""

    def __init__(self, rng: np.random.Generator) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def _unique(self, make: Callable[[], str]) -> str:
        for _ in range(1000):
            name = make()
            if name not in self._used:
                self._used.add(name)
                return name
        # the name space is never exhausted at the sizes we build; a numbered name keeps uniqueness anyway
        name = f"{make()} {len(self._used)}"
        self._used.add(name)
        return name

    def country(self) -> str:
        def make() -> str:
            stem = _stem(self._rng, int(self._rng.integers(1, 3)))
            return stem.rstrip("aeiou") + str(self._rng.choice(_COUNTRY_SUFFIXES))

        return self._unique(make)

    def region(self) -> str:
        def make() -> str:
            stem = _stem(self._rng, int(self._rng.integers(1, 4)))
            return str(self._rng.choice(_REGION_PATTERNS)).format(n=stem)

        return self._unique(make)

    def word(self) -> str:
        """A free invented word (for towns, organisation names) that may repeat elsewhere."""
        return _stem(self._rng, int(self._rng.integers(1, 3)))
