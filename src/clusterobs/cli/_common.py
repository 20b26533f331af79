"""Pieces every CLI command shares: the store option, opening the store, progress bars, output."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from clusterobs.store import Store, default_store_path

console = Console(stderr=True)
out = Console()

StoreOption = Annotated[
    Path | None,
    typer.Option(
        "--store",
        help="Observatory store file (DuckDB). Default: $CLUSTEROBS_STORE or the user data directory.",
        show_default=False,
    ),
]

#: A progress callback: ``report(done, total)``; the core calls it, the CLI draws it.
ProgressFn = Callable[[int, int], None]


def store_path(store: Path | None) -> Path:
    return store if store is not None else default_store_path()


def open_store(store: Path | None, *, read_only: bool = False) -> Store:
    return Store(store_path(store), read_only=read_only)


@contextmanager
def progress_bar(description: str) -> Iterator[ProgressFn]:
    """Yield a ``report(done, total)`` callback drawing a rich progress bar on stderr."""
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=console, transient=False,
    ) as bar:
        task = bar.add_task(description, total=None)

        def report(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield report
