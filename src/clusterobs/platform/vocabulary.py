"""Controlled vocabularies of a profile: types, ecosystems, sectors, emerging industries, technologies, labels.

Sectors and emerging industries are the codes of the observatory's own taxonomy
(:func:`clusterobs.industries.load_taxonomy`), so a profile's sectors join the cluster mapping's numbers
without a crosswalk. Ecosystems and technologies come from ``platform/data/ecosystems.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from clusterobs.errors import FileFormatError
from clusterobs.industries import load_taxonomy

PROFILE_TYPES: dict[str, str] = {
    "cluster_organisation": "Cluster organisation",
    "national_cluster_association": "National cluster association",
    "cluster_related_project": "Cluster-related project",
    "member_organisation": "Member organisation",
}
ESCA_LABELS: dict[str, str] = {"bronze": "ESCA Bronze label", "silver": "ESCA Silver label",
                               "gold": "ESCA Gold label"}
#: Member size bands by total members: (code, label, lowest total, highest total or None).
SIZE_BANDS: tuple[tuple[str, str, int, int | None], ...] = (
    ("lt15", "fewer than 15 members", 0, 14),
    ("15_49", "15–49 members", 15, 49),
    ("50_99", "50–99 members", 50, 99),
    ("100_249", "100–249 members", 100, 249),
    ("250_plus", "250 members or more", 250, None),
)


def size_band(total_members: int) -> str:
    """The size band code of a member count (see :data:`SIZE_BANDS`)."""
    for code, _label, low, high in SIZE_BANDS:
        if total_members >= low and (high is None or total_members <= high):
            return code
    return SIZE_BANDS[0][0]


def normalise_label(text: str) -> str:
    """Lower case, no accents, punctuation and dashes as single spaces: for matching labels and names."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    folded = folded.replace("&", " and ")
    return " ".join(re.findall(r"[a-z0-9]+", folded))


@dataclass(frozen=True)
class Vocabulary:
    """Code → label for every controlled field, with alias lookups for imports."""

    version: str
    ecosystems: dict[str, str]
    technologies: dict[str, str]
    sectors: dict[str, str]
    emerging: dict[str, str]
    aliases: dict[str, dict[str, str]]

    def lookup(self, facet: str, text: str) -> str | None:
        """The code for a code, label or alias of ``facet`` ('ecosystem', 'technology', …), or None."""
        table = self.codes(facet)
        if text in table:
            return text
        return self.aliases.get(facet, {}).get(normalise_label(text))

    def codes(self, facet: str) -> dict[str, str]:
        return {"ecosystem": self.ecosystems, "technology": self.technologies, "sector": self.sectors,
                "emerging": self.emerging, "type": PROFILE_TYPES, "label": ESCA_LABELS}[facet]


def _entries(doc: dict[str, Any], key: str) -> tuple[dict[str, str], dict[str, str]]:
    items = doc.get(key)
    if not isinstance(items, list) or not items:
        raise FileFormatError(f"missing list '{key}'", path="platform/data/ecosystems.yaml")
    labels: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for i, item in enumerate(items):
        if not isinstance(item, dict) or "code" not in item or "label" not in item:
            raise FileFormatError(f"entry {i} needs 'code' and 'label'", path="platform/data/ecosystems.yaml",
                                  field=key)
        code, label = str(item["code"]), str(item["label"])
        labels[code] = label
        for name in [label, code, *item.get("aliases", [])]:
            aliases[normalise_label(str(name))] = code
    return labels, aliases


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """The vocabulary shipped with the package (cached: the files are read once per process)."""
    text = resources.files("clusterobs.platform").joinpath("data/ecosystems.yaml").read_text("utf-8")
    doc = yaml.safe_load(text)
    ecosystems, eco_alias = _entries(doc, "ecosystems")
    technologies, tech_alias = _entries(doc, "technologies")
    tax = load_taxonomy()
    cats = tax.categories
    traded = cats[cats["kind"] == "traded"]
    sectors = dict(zip(traded["code"].astype(str), traded["label"].astype(str), strict=True))
    em = tax.emerging_industries
    emerging = dict(zip(em["code"].astype(str), em["label"].astype(str), strict=True))
    aliases = {
        "ecosystem": eco_alias, "technology": tech_alias,
        "sector": {normalise_label(v): k for k, v in sectors.items()} | {normalise_label(k): k for k in sectors},
        "emerging": {normalise_label(v): k for k, v in emerging.items()} | {normalise_label(k): k for k in emerging},
        "type": {normalise_label(v): k for k, v in PROFILE_TYPES.items()}
        | {normalise_label(k): k for k in PROFILE_TYPES},
        "label": {normalise_label(k): k for k in ESCA_LABELS},
    }
    return Vocabulary(version=f"{doc.get('version', '')}+taxonomy {tax.version}", ecosystems=ecosystems,
                      technologies=technologies, sectors=sectors, emerging=emerging, aliases=aliases)


__all__ = ["ESCA_LABELS", "PROFILE_TYPES", "SIZE_BANDS", "Vocabulary", "load_vocabulary", "normalise_label",
           "size_band"]
