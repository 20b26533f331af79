"""clusterobs: an open-source cluster observatory and collaboration platform for European regions."""

from clusterobs.errors import ClusterObsError

__version__ = "0.1.0"

__all__ = ["ClusterObsError", "__version__"]
