"""Methodology documents: the method notes and cited sources of the data files the code itself reads.

The methodology page renders these, so what a user reads is what the code uses: the versions and sources
come from the same YAML manifests the loaders parse. Each methodology (the industry taxonomy today; star
presets and the scoreboard framework when they land) registers a loader with :func:`register_method_doc`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from clusterobs.errors import FileFormatError


@dataclass(frozen=True)
class MethodDoc:
    key: str
    title: str
    version: str
    sources: list[str]
    #: Markdown text of the method note (rendered on the page; raw HTML is not allowed in it).
    markdown: str
    #: Data files the code reads for this methodology, relative to the package.
    files: list[str] = field(default_factory=list)


METHOD_DOCS: dict[str, Callable[[], MethodDoc]] = {}


def register_method_doc(key: str, loader: Callable[[], MethodDoc]) -> None:
    METHOD_DOCS[key] = loader


def _yaml(package: str, rel: str) -> dict[str, Any]:
    text = (resources.files(package) / rel).read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    if not isinstance(doc, dict):
        raise FileFormatError("expected a mapping at the top", path=f"{package}/{rel}")
    return doc


def taxonomy_doc() -> MethodDoc:
    """The industry taxonomy: manifest version and sources, each file's sources, and METHOD.md."""
    pkg = "clusterobs.industries"
    manifest = _yaml(pkg, "data/taxonomy.yaml")
    sources: list[str] = [str(s) for s in manifest.get("sources", [])]
    files = [f"industries/data/{name}" for name in manifest.get("files", {}).values()]
    for name in manifest.get("files", {}).values():
        if str(name).endswith(".yaml"):
            for s in _yaml(pkg, f"data/{name}").get("sources", []):
                if str(s) not in sources:
                    sources.append(str(s))
    markdown = (resources.files(pkg) / "METHOD.md").read_text(encoding="utf-8")
    return MethodDoc(key="taxonomy", title="Industry taxonomy", version=str(manifest.get("version", "")),
                     sources=sources, markdown=markdown,
                     files=["industries/data/taxonomy.yaml", *files, "industries/METHOD.md"])


register_method_doc("taxonomy", taxonomy_doc)


def method_docs() -> list[MethodDoc]:
    return [loader() for _, loader in sorted(METHOD_DOCS.items())]


__all__ = ["METHOD_DOCS", "MethodDoc", "method_docs", "register_method_doc", "taxonomy_doc"]
