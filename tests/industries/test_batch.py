"""Writing the taxonomy to a fresh store."""

from __future__ import annotations

from clusterobs.industries import load_taxonomy, taxonomy_batch
from clusterobs.store import Store


def test_taxonomy_batch_fills_industries_and_links(store: Store) -> None:
    tax = load_taxonomy()
    batch = taxonomy_batch(tax)
    assert batch.source == "clusterobs taxonomy 2025.1" and batch.checksum == tax.checksum
    assert store.write(batch) is not None
    counts = store.query("SELECT scheme, level, kind, count(*) AS n FROM industries GROUP BY ALL ORDER BY ALL")
    got = {(r.scheme, int(r.level), r.kind): int(r.n) for r in counts.itertuples()}
    # NACE Rev.2: 21/88/272/615; 51 traded + 17 local categories; 10 emerging industries.
    assert got == {("nace_r2", 1, ""): 21, ("nace_r2", 2, ""): 88, ("nace_r2", 3, ""): 272, ("nace_r2", 4, ""): 615,
                   ("cluster_category", 1, "traded"): 51, ("cluster_category", 1, "local"): 17,
                   ("emerging", 1, ""): 10}
    links = store.query("SELECT scheme, count(*) AS n FROM industry_links GROUP BY scheme ORDER BY scheme")
    assert dict(zip(links["scheme"], links["n"], strict=True)) == {"cluster_category": 615,
                                                                    "emerging": len(tax.emerging)}
    assert store.query("SELECT count(*) AS n FROM industries WHERE scheme='nace_r2' AND parent IS NULL").n[0] == 21
    # the same taxonomy again is a no-op
    assert store.write(taxonomy_batch(tax)) is None
