"""The observatory store (DuckDB): regions, taxonomy, facts and the provenance of every ingest."""

from clusterobs.store.batch import Batch, file_checksum
from clusterobs.store.store import Store, default_store_path

__all__ = ["Batch", "Store", "default_store_path", "file_checksum"]
