"""The malformed corpus: each file gives one clear error with its name and line; the store stays unchanged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from clusterobs.cli.ingest_data import ingest_csv, ingest_eurostat, ingest_firms
from clusterobs.errors import FileFormatError

BAD = Path(__file__).resolve().parents[1] / "data" / "bad_input"

#: file → (command and options, expected line, words the message must contain)
CASES: dict[str, tuple[list[str], int, str]] = {
    "wrong_delimiter.tsv": (["eurostat", "--dataset", "sbs_r_nuts06_r2"], 1, "semicolon"),
    "truncated_line.tsv": (["eurostat", "--dataset", "sbs_r_nuts06_r2"], 3, "truncated"),
    "truncated_line.csv": (["csv", "--dataset", "t"], 3, "truncated"),
    "unknown_region.csv": (["csv", "--dataset", "t"], 3, "unknown region code 'AT99'"),
    "unknown_nace.csv": (["csv", "--dataset", "t"], 4, "unknown NACE code 'C99'"),
    "negative_value.csv": (["csv", "--dataset", "t"], 3, "negative value -5"),
    "non_numeric_value.csv": (["csv", "--dataset", "t"], 3, "'n/a' is not a number"),
    "duplicate_key.csv": (["csv", "--dataset", "t"], 4, "first seen on line 2"),
    "wrong_encoding.csv": (["csv", "--dataset", "t"], 3, "not valid UTF-8"),
    "empty.csv": (["csv", "--dataset", "t"], 1, "empty"),
    "firms_unknown_nace.csv": (["firms", "--year", "2015"], 4, "unknown NACE code 'C9999'"),
    "firms_bad_postcode.csv": (["firms", "--year", "2015"], 4, "postcode '99999'"),
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def app() -> typer.Typer:
    root = typer.Typer()
    root.command("eurostat")(ingest_eurostat)
    root.command("csv")(ingest_csv)
    root.command("firms")(ingest_firms)
    return root


def test_corpus_is_listed_in_readme() -> None:
    readme = (BAD / "README.md").read_text()
    files = sorted(p.name for p in BAD.iterdir() if p.name != "README.md")
    assert files == sorted(CASES)
    assert all(f"`{name}`" in readme for name in files)


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_gives_one_clear_error_and_leaves_store_unchanged(name: str, seeded_store: Path) -> None:
    args, line, words = CASES[name]
    before = digest(seeded_store)
    result = CliRunner().invoke(app(), [args[0], str(BAD / name), *args[1:], "--store", str(seeded_store)])
    assert result.exit_code != 0
    err = result.exception
    assert isinstance(err, FileFormatError), repr(err)
    message = str(err)
    assert f"{name}:{line}: " in message, message
    assert err.line == line
    assert words in message, message
    assert "—" in message  # every error carries a hint on how to fix it
    assert digest(seeded_store) == before
