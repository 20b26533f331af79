"""The pure core imports no storage, web or CLI machinery (conventions C2): only ``io.py`` edge modules may."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "clusterobs"
CORE = ("mapping", "composite", "scoreboard", "regions", "industries")
FORBIDDEN = ("duckdb", "sqlalchemy", "fastapi", "starlette", "typer", "click", "jinja2", "httpx", "urllib.request",
             "clusterobs.store", "clusterobs.cli", "clusterobs.web", "clusterobs.ingest")
EDGE_MODULES = {"io.py", "batch.py"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_packages_import_no_io_machinery() -> None:
    offenders = {}
    for pkg in CORE:
        for path in (SRC / pkg).rglob("*.py"):
            if path.name in EDGE_MODULES:
                continue
            bad = sorted(n for n in _imports(path) if any(n == f or n.startswith(f + ".") for f in FORBIDDEN))
            if bad:
                offenders[str(path.relative_to(SRC))] = bad
    assert offenders == {}
