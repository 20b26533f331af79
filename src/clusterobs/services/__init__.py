"""Services: the queries and actions the API, the web pages and the CLI share (thin delivery layers call these)."""

from clusterobs.services.observatory import Observatory, SuggestingNotFoundError

__all__ = ["Observatory", "SuggestingNotFoundError"]
