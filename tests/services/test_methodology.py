"""Method documents come from the very files the taxonomy loader reads."""

from __future__ import annotations

from importlib import resources

import yaml

from clusterobs.industries import load_taxonomy
from clusterobs.services.methodology import METHOD_DOCS, method_docs, taxonomy_doc


def test_taxonomy_doc_matches_its_files() -> None:
    doc = taxonomy_doc()
    manifest = yaml.safe_load((resources.files("clusterobs.industries") / "data" / "taxonomy.yaml").read_text())
    assert doc.version == manifest["version"] == load_taxonomy().version
    assert doc.sources[: len(manifest["sources"])] == manifest["sources"]
    cats = yaml.safe_load((resources.files("clusterobs.industries") / "data" / "cluster_categories.yaml").read_text())
    assert set(cats["sources"]) <= set(doc.sources)
    assert doc.markdown.startswith("# Industry taxonomy")
    assert "industries/data/nace_to_category.csv" in doc.files


def test_registry_lists_every_doc() -> None:
    assert [d.key for d in method_docs()] == sorted(METHOD_DOCS)
