"""Golden files for key pages, normalised: a change in what a page shows is a reviewed snapshot change.

Normalisation removes what legitimately varies between runs (CSRF tokens, session-bound values, temporary
paths) and collapses whitespace, so the snapshot holds the page's content and structure only. Snapshots are
rewritten only with CLUSTEROBS_UPDATE_SNAPSHOTS=1.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from snapshots import assert_snapshot

SNAPSHOTS = Path(__file__).parent / "snapshots" / "test_page_snapshots"
PAGES = {
    "region": "/regions/AT13",
    "sector": "/sectors/cluster_category/automotive",
    "methodology": "/methodology",
    "regions": "/regions",
}
_VOLATILE = [
    (re.compile(r'(name="csrf_token"\s+value=")[^"]*(")'), r"\1CSRF\2"),
    (re.compile(r'(<meta name="csrf-token" content=")[^"]*(")'), r"\1CSRF\2"),
    (re.compile(r"/tmp/[^\s\"'<]*"), "TMP"),
    (re.compile(r">\s+<"), ">\n<"),
    (re.compile(r"[ \t]+"), " "),
    (re.compile(r"\n\s*\n+"), "\n"),
]


def normalise(html: str) -> str:
    for pattern, repl in _VOLATILE:
        html = pattern.sub(repl, html)
    return html.strip() + "\n"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_matches_snapshot(client, name: str) -> None:  # type: ignore[no-untyped-def]
    res = client.get(PAGES[name])
    assert res.status_code == 200, res.text[:500]
    assert_snapshot(normalise(res.text), SNAPSHOTS / name / "out.html")


@pytest.fixture(scope="module")
def demo_web(demo_store):  # type: ignore[no-untyped-def]
    """The app on the session's demo store (read-only), for pages whose analytics sections need real data."""
    import warnings

    from clusterobs.api import create_app
    from clusterobs.config import Settings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    with TestClient(create_app(Settings(store=demo_store.path)),
                    raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("name,url", [("demo-region", "/regions/XA11"),
                                      ("demo-sector", "/sectors/cluster_category/automotive")])
def test_demo_page_matches_snapshot(demo_web, name: str, url: str) -> None:  # type: ignore[no-untyped-def]
    res = demo_web.get(url)
    assert res.status_code == 200, res.text[:500]
    assert_snapshot(normalise(res.text), SNAPSHOTS / name / "out.html")
