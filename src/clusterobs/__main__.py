"""``python -m clusterobs`` runs the command line."""

from clusterobs.cli import main

main()
