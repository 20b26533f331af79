"""The command line as a user meets it: help with examples, one-line errors, --debug, info --json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd

from clusterobs.store import Batch, Store


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "clusterobs", *args], capture_output=True, text=True)


def test_error_is_one_line_with_a_fix_and_nonzero_exit(tmp_path: Path) -> None:
    res = run("info", "--store", str(tmp_path / "missing.duckdb"))
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "missing.duckdb" in lines[0] and "clusterobs demo" in lines[0]
    assert "Traceback" not in res.stderr


def test_debug_shows_traceback(tmp_path: Path) -> None:
    res = run("--debug", "info", "--store", str(tmp_path / "missing.duckdb"))
    assert res.returncode != 0
    assert "Traceback" in res.stderr and "StoreError" in res.stderr


def test_every_command_help_has_an_example() -> None:
    from typer.main import get_command

    from clusterobs.cli import app

    root = get_command(app)
    missing = []

    def walk(cmd, path):  # type: ignore[no-untyped-def]
        sub = getattr(cmd, "commands", None)
        if sub:
            for name, c in sub.items():
                walk(c, [*path, name])
        elif "Example:" not in (cmd.help or ""):
            missing.append(" ".join(path))

    walk(root, [])
    assert missing == []


def test_info_json_lists_datasets_with_counts_and_provenance(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    facts = pd.DataFrame({"dataset": ["d", "d"], "region": ["AT13", "AT12"], "industry": ["", ""],
                          "indicator": ["pop", "pop"], "year": [2020, 2021], "value": [1.9e6, None],
                          "unit": ["NR", "NR"], "flag": ["", ":"]})
    with Store(path) as st:
        st.write(Batch("d", "csv", "my.csv", "sha256:abc", {"facts": facts}))
    res = run("info", "--store", str(path), "--json")
    assert res.returncode == 0, res.stderr
    body = json.loads(res.stdout)
    assert body["datasets"] == [{"dataset": "d", "facts": 2, "missing": 1, "years": "2020–2021",
                                 "sources": ["my.csv"], "synthetic": False}]
    assert body["ingests"][0]["checksum"] == "sha256:abc"
