"""The downloader against a real HTTP server on loopback (no network)."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from clusterobs.errors import SourceError
from clusterobs.ingest.download import download


@pytest.fixture
def server(tmp_path: Path):  # type: ignore[no-untyped-def]
    root = tmp_path / "www"
    root.mkdir()
    (root / "a.txt").write_bytes(b"x" * 200_000)
    handler = partial(SimpleHTTPRequestHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()


def test_download_caches_and_reports_progress(server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base, root = server
    seen: list[tuple[int, int]] = []
    p = download(f"{base}/a.txt", cache_dir=tmp_path / "cache", progress=lambda d, t: seen.append((d, t)))
    assert p.read_bytes() == b"x" * 200_000
    assert seen[-1] == (200_000, 200_000)
    (root / "a.txt").write_bytes(b"changed")
    assert download(f"{base}/a.txt", cache_dir=tmp_path / "cache").read_bytes() == b"x" * 200_000
    assert download(f"{base}/a.txt", cache_dir=tmp_path / "cache", refresh=True).read_bytes() == b"changed"


def test_missing_file_is_a_source_error_and_leaves_no_partial(server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    base, _ = server
    with pytest.raises(SourceError, match="--file"):
        download(f"{base}/nope.txt", cache_dir=tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir()) == []
