"""The ``clusterobs`` command line: a thin Typer group, one module per command group.

Errors raised on purpose (:class:`~clusterobs.errors.ClusterObsError`) print as one line and exit 1;
``--debug`` shows the traceback instead.
"""

from __future__ import annotations

import sys
import warnings
from typing import Annotated

import typer

from clusterobs.cli import build as build_cmd
from clusterobs.cli import demo as demo_cmd
from clusterobs.cli import info as info_cmd
from clusterobs.cli import serve as serve_cmd
from clusterobs.cli.clusters import app as clusters_app
from clusterobs.cli.index import app as index_app
from clusterobs.cli.ingest import fetch_app, ingest_app
from clusterobs.cli.platform import admin_app, db_app
from clusterobs.cli.scoreboard import app as scoreboard_app
from clusterobs.errors import ClusterObsError

app = typer.Typer(
    name="clusterobs",
    help="Cluster observatory for European regions: cluster mapping, ecosystem scoreboard, collaboration.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

_state = {"debug": False}


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks on errors.")] = False,
) -> None:
    _state["debug"] = debug


# Modules are imported under their own names so that ``clusterobs.cli.serve`` etc. stay modules.
app.command("info")(info_cmd.info)
app.command("demo")(demo_cmd.demo)
app.command("build")(build_cmd.build)
app.command("serve")(serve_cmd.serve)
app.add_typer(ingest_app, name="ingest")
app.add_typer(fetch_app, name="fetch")
app.add_typer(clusters_app, name="clusters")
app.add_typer(index_app, name="index")
app.add_typer(scoreboard_app, name="scoreboard")
app.add_typer(db_app, name="db")
app.add_typer(admin_app, name="admin")


def _show_warning(message: Warning | str, category: type[Warning], *_: object, **__: object) -> None:
    typer.secho(f"warning: {message}", err=True, fg=typer.colors.YELLOW)


def main() -> None:
    """Entry point: run the app, turning our errors into one clear line."""
    warnings.showwarning = _show_warning
    try:
        app(standalone_mode=False)
    except ClusterObsError as exc:
        if _state["debug"]:
            raise
        typer.secho(f"error: {exc}", err=True, fg=typer.colors.RED)
        sys.exit(1)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(1)
    except (typer.Exit, SystemExit) as exc:
        code = exc.exit_code if isinstance(exc, typer.Exit) else exc.code
        sys.exit(code if isinstance(code, int) else 0)
    except Exception as exc:  # click usage errors and the like
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if _state["debug"]:
            raise
        typer.secho(f"error: unexpected {type(exc).__name__}: {exc} (run with --debug for details, and "
                    "please report it)", err=True, fg=typer.colors.RED)
        sys.exit(2)


__all__ = ["app", "main"]
