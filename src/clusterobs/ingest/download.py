"""Download official files once into a local cache, with a progress callback.

Online sources (GISCO, Eurostat) are large and slow; every loader reads local files, and this module is
the only place that talks to the network. A file already in the cache is reused unless ``refresh``.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import platformdirs

from clusterobs.errors import SourceError

CACHE_ENV = "CLUSTEROBS_CACHE"


def default_cache_dir() -> Path:
    env = os.environ.get(CACHE_ENV)
    return Path(env).expanduser() if env else Path(platformdirs.user_cache_dir("clusterobs"))


def download(
    url: str,
    *,
    cache_dir: Path | None = None,
    filename: str | None = None,
    refresh: bool = False,
    progress: Callable[[int, int], None] | None = None,
    timeout: float = 60.0,
) -> Path:
    """Fetch ``url`` into the cache (atomically: a partial download never looks complete)."""
    folder = cache_dir or default_cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = filename or url.rstrip("/").rsplit("/", 1)[-1].split("?", 1)[0] or "download"
    target = folder / name
    if target.exists() and not refresh:
        return target
    partial = target.with_name(target.name + ".part")
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            total = int(resp.headers.get("Content-Length") or 0)
            done = 0
            with open(partial, "wb") as f:
                while chunk := resp.read(1 << 16):
                    f.write(chunk)
                    done += len(chunk)
                    if progress:
                        progress(done, total)
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise SourceError(
            f"could not download {url}: {exc}",
            hint="check the network, or download the file by hand and pass it with --file",
        ) from exc
    os.replace(partial, target)
    return target
