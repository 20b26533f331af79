"""Duplicate detection when a profile is created: a similar name (or the same acronym) in the same country.

Pure: candidates come in as (id, name, acronym) rows of one country. Names are compared after folding case,
accents and punctuation and dropping generic words ('cluster', 'association', …), with difflib's
Ratcliff/Obershelp similarity ratio on the words in order and on the words sorted, so "Cluster Mechatronik
Austria" and "Austrian Mechatronics Cluster" come out close.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher

from clusterobs.platform.vocabulary import normalise_label

#: Words that say what kind of body it is rather than which one; they would make every name look alike.
GENERIC_WORDS = frozenset({"cluster", "clusters", "association", "network", "the", "of", "and", "for", "e", "v",
                           "ev", "asbl", "vzw", "gmbh", "srl", "sl", "ry", "oy", "ab", "as", "aisbl", "platform"})
DEFAULT_THRESHOLD = 0.85


def name_key(name: str) -> str:
    words = [w for w in normalise_label(name).split() if w not in GENERIC_WORDS]
    return " ".join(words) if words else normalise_label(name)


def name_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two organisation names (1 for the same name after folding)."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return 0.0
    in_order = SequenceMatcher(None, ka, kb).ratio()
    sorted_words = SequenceMatcher(None, " ".join(sorted(ka.split())), " ".join(sorted(kb.split()))).ratio()
    return max(in_order, sorted_words)


def find_similar(name: str, acronym: str, candidates: Iterable[tuple[int, str, str]], *,
                 threshold: float = DEFAULT_THRESHOLD) -> list[tuple[int, str, float]]:
    """Candidates (id, name, score) whose name scores at least ``threshold`` or whose acronym is the same
    (three letters or more), best first."""
    acr = normalise_label(acronym).replace(" ", "")
    found: list[tuple[int, str, float]] = []
    for cid, cname, cacr in candidates:
        score = name_similarity(name, cname)
        same_acronym = len(acr) >= 3 and acr == normalise_label(cacr).replace(" ", "")
        if score >= threshold or same_acronym:
            found.append((cid, cname, round(max(score, 1.0 if same_acronym else 0.0), 3)))
    return sorted(found, key=lambda t: (-t[2], t[0]))


__all__ = ["DEFAULT_THRESHOLD", "GENERIC_WORDS", "find_similar", "name_key", "name_similarity"]
