"""The REST API and the app that serves it with the web pages (see :func:`create_app`)."""

from clusterobs.api.app import API_PREFIX, create_app

__all__ = ["API_PREFIX", "create_app"]
