"""Reading the taxonomy files shipped in ``clusterobs/industries/data`` (or a copy of that folder).

The edge of the industries package: it reads bytes, parses CSV/YAML with line numbers, and hands tables to
the pure :func:`clusterobs.industries.taxonomy.build_taxonomy`.
"""

from __future__ import annotations

import csv
import hashlib
import io
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from clusterobs.errors import FileFormatError, NotFoundError, ValidationError
from clusterobs.industries.taxonomy import Taxonomy, build_taxonomy

MANIFEST = "taxonomy.yaml"
LATEST = "latest"


def _read_text(folder: Traversable | Path, name: str) -> tuple[bytes, str]:
    entry = folder / name
    try:
        data = entry.read_bytes()
    except FileNotFoundError:
        raise FileFormatError("file not found", path=name, hint="the taxonomy folder must hold every file "
                              "named in taxonomy.yaml") from None
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FileFormatError(f"not UTF-8 ({exc.reason})", path=name, hint="save the file as UTF-8") from None


def _csv(text: str, name: str) -> pd.DataFrame:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise FileFormatError("empty file", path=name)
    header, body = rows[0], rows[1:]
    records: list[dict[str, Any]] = []
    for i, r in enumerate(body, start=2):
        if not r:
            continue
        if len(r) != len(header):
            raise FileFormatError(f"{len(r)} fields, expected {len(header)}", path=name, line=i,
                                  hint="quote fields that contain commas")
        rec: dict[str, Any] = dict(zip(header, r, strict=True))
        rec["_line"] = i
        records.append(rec)
    return pd.DataFrame(records, columns=[*header, "_line"])


def _yaml(text: str, name: str) -> dict[str, Any]:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        raise FileFormatError(f"invalid YAML: {exc}", path=name, line=None if line is None else line + 1) from None
    if not isinstance(doc, dict):
        raise FileFormatError("expected a mapping at the top level", path=name)
    return doc


def _yaml_lines(text: str, key: str) -> dict[str, int]:
    """Line of each ``code: X`` entry, so errors in YAML lists can point at a line."""
    out: dict[str, int] = {}
    for i, line in enumerate(text.splitlines(), start=1):
        s = line.strip().lstrip("-").strip().lstrip("{")
        if s.startswith(f"{key}:"):
            out.setdefault(s.split(":", 1)[1].split(",")[0].strip().strip("'\""), i)
    return out


def _check_version(doc: dict[str, Any], expected: str, name: str) -> None:
    if str(doc.get("version")) != expected:
        raise ValidationError(f"version {doc.get('version')!r} differs from the manifest's {expected!r}",
                              path=name, field="version", hint="keep every taxonomy file at one version")


def load_taxonomy_from(folder: Traversable | Path, version: str = LATEST) -> Taxonomy:
    """Load and validate the taxonomy in ``folder`` (a copy of the package data folder)."""
    raw, text = _read_text(folder, MANIFEST)
    manifest = _yaml(text, MANIFEST)
    have = str(manifest.get("version", ""))
    if version not in (LATEST, have):
        raise NotFoundError(f"taxonomy version '{version}' is not available",
                            hint=f"available: {have} (or '{LATEST}')")
    files: dict[str, str] = {k: str(v) for k, v in dict(manifest.get("files", {})).items()}
    for key in ("nace", "categories", "mapping", "emerging"):
        if key not in files:
            raise ValidationError(f"manifest names no '{key}' file", path=MANIFEST, field="files")
    digest = hashlib.sha256()
    texts: dict[str, str] = {}
    for key in sorted(files):
        data, texts[key] = _read_text(folder, files[key])
        digest.update(files[key].encode() + b"\0" + data + b"\0")

    nace = _csv(texts["nace"], files["nace"])
    if "level" in nace.columns:
        lv = pd.to_numeric(nace["level"], errors="coerce")
        bad = nace[lv.isna()]
        if len(bad):
            raise ValidationError(f"level {bad.iloc[0]['level']!r} is not a number", path=files["nace"],
                                  line=int(bad.iloc[0]["_line"]), field="level")
        nace["level"] = lv.astype(int)
    mapping = _csv(texts["mapping"], files["mapping"])

    cat_doc = _yaml(texts["categories"], files["categories"])
    _check_version(cat_doc, have, files["categories"])
    cat_lines = _yaml_lines(texts["categories"], "code")
    categories = pd.DataFrame(
        [{"code": str(c.get("code", "")), "label": str(c.get("label", "")), "kind": str(c.get("kind", "")),
          "note": str(c.get("note", "")), "_line": cat_lines.get(str(c.get("code")), 0)}
         for c in cat_doc.get("categories", [])],
        columns=["code", "label", "kind", "note", "_line"],
    )

    em_doc = _yaml(texts["emerging"], files["emerging"])
    _check_version(em_doc, have, files["emerging"])
    em_lines = _yaml_lines(texts["emerging"], "code")
    industries = pd.DataFrame(
        [{"code": str(e.get("code", "")), "label": str(e.get("label", "")), "note": str(e.get("note", ""))}
         for e in em_doc.get("industries", [])],
        columns=["code", "label", "note"],
    )
    emerging = pd.DataFrame(
        [{"industry": str(e.get("code", "")), "nace": str(c), "_line": em_lines.get(str(e.get("code")), 0)}
         for e in em_doc.get("industries", []) for c in e.get("classes", [])],
        columns=["industry", "nace", "_line"],
    )
    return build_taxonomy(
        version=have,
        checksum="sha256:" + digest.hexdigest(),
        nace=nace,
        categories=categories,
        mapping=mapping,
        emerging=emerging,
        emerging_industries=industries,
        files=files,
        sources=tuple(str(s) for s in manifest.get("sources", [])),
    )


@lru_cache(maxsize=1)
def _shipped() -> Taxonomy:
    return load_taxonomy_from(resources.files("clusterobs.industries") / "data")


def load_taxonomy(version: str = LATEST) -> Taxonomy:
    """The taxonomy shipped with clusterobs, loaded and validated once per process.

    ``version`` is ``'latest'`` or the exact version string of ``data/taxonomy.yaml``; the package ships one
    version, and asking for another raises :class:`NotFoundError` naming the available one.
    """
    tax = _shipped()
    if version not in (LATEST, tax.version):
        raise NotFoundError(f"taxonomy version '{version}' is not available",
                            hint=f"available: {tax.version} (or '{LATEST}')")
    return tax
