"""``clusterobs ingest …`` (local files) and ``clusterobs fetch …`` (official download addresses)."""

from __future__ import annotations

import typer

from clusterobs.cli.ingest_data import fetch_eurostat, ingest_csv, ingest_eurostat, ingest_firms
from clusterobs.cli.ingest_nuts import fetch_nuts, ingest_nuts
from clusterobs.cli.ingest_survey import ingest_survey

ingest_app = typer.Typer(help="Load local files (NUTS, GISCO, Eurostat, CSV, firm tables) into the store.",
                         no_args_is_help=True)
fetch_app = typer.Typer(help="Download official files (GISCO, Eurostat) into the cache and load them.",
                        no_args_is_help=True)

ingest_app.command("nuts")(ingest_nuts)
fetch_app.command("nuts")(fetch_nuts)
ingest_app.command("eurostat")(ingest_eurostat)
ingest_app.command("csv")(ingest_csv)
ingest_app.command("firms")(ingest_firms)
ingest_app.command("survey")(ingest_survey)
fetch_app.command("eurostat")(fetch_eurostat)
