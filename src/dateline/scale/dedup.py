"""Near-duplicate articles (wire copies, re-publications) found with MinHash-LSH and clustered.

Each article gets a MinHash signature of its word shingles (stored once, so a re-run signs only
new articles). LSH bands of the signature are stored as ``(band, key)`` rows, candidate pairs are
articles sharing a bucket (a DuckDB self-join, so it scales past memory), candidates are verified
on their estimated Jaccard similarity, and verified pairs are joined into clusters
(union-find). ``article_clusters`` maps every article to its cluster, named after its earliest
article (the original report).
"""

from __future__ import annotations

import re
import zlib
from typing import TYPE_CHECKING, Any

import numpy as np

from ..store.ledger import cursor_on

if TYPE_CHECKING:
    import duckdb

SHINGLE_WORDS = 5
"""Words per shingle: 5-word shingles barely match between independent stories on one topic
(shared phrases are short), while a re-published wire copy keeps nearly all of them."""

NUM_PERM = 128
"""Hash functions per signature: the Jaccard estimate's standard error is ~0.045 at J = 0.5,
and a signature is 512 bytes (0.5 GB for a million articles)."""

BANDS, ROWS = 32, 4
"""LSH bands x rows (= NUM_PERM): a pair becomes a candidate with probability 1-(1-J^4)^32,
0.87 at J = 0.5, 0.99 at J = 0.6, 0.23 at J = 0.3 (false candidates are removed by the
verification below): recall first, since verification is cheap."""

MIN_JACCARD = 0.5
"""Estimated Jaccard at which two articles are copies: a wire story re-published with a new lead
or a trimmed tail stays above ~0.6; two reports of one event written independently stay below ~0.2."""

MAX_BUCKET = 50
"""Buckets with more articles than this (boilerplate, or a story copied hundreds of times) link
each member to the bucket's first article only, so candidate pairs grow linearly, not quadratically."""

SIGN_BATCH = 2_000
"""Articles signed and written per batch: flat memory (~1 MB of signatures) and few commits."""

_PRIME = np.uint64((1 << 61) - 1)
_MAX_HASH = np.uint64((1 << 32) - 1)
_rng = np.random.default_rng(20210301)  # fixed: signatures must be comparable across runs and machines
_A = _rng.integers(1, 1 << 32, NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 1 << 32, NUM_PERM, dtype=np.uint64)
_BAND_MULT = _rng.integers(1, 1 << 63, ROWS, dtype=np.uint64) | np.uint64(1)
_WORD = re.compile(r"\w+")


def shingles(text: str) -> np.ndarray:
    """The distinct 32-bit hashes of the article's lower-cased word ``SHINGLE_WORDS``-grams."""
    words = _WORD.findall(text.lower())
    if len(words) <= SHINGLE_WORDS:
        grams = [" ".join(words)]
    else:
        grams = [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]
    # crc32, not hash(): Python's string hash is salted per process.
    return np.unique(np.fromiter((zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint64, count=len(grams)))


def signature(text: str) -> np.ndarray:
    """The ``NUM_PERM`` MinHash values (uint32) of an article's shingles."""
    values = shingles(text)
    # (a*x + b) mod p with x < 2^32, a < 2^32: the product fits in 64 bits.
    hashed = ((_A[:, None] * values[None, :] + _B[:, None]) % _PRIME) & _MAX_HASH
    return hashed.min(axis=1).astype(np.uint32)


def band_keys(sig: np.ndarray) -> np.ndarray:
    """One 64-bit key per band: equal bands give equal keys."""
    with np.errstate(over="ignore"):  # wrap-around multiplication is the hash
        return (sig.reshape(BANDS, ROWS).astype(np.uint64) * _BAND_MULT[None, :]).sum(axis=1, dtype=np.uint64)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / NUM_PERM


def sign_new(con: duckdb.DuckDBPyConnection) -> int:
    """Sign the articles that have no signature yet; returns how many were signed."""
    import pyarrow as pa

    reader = cursor_on(con)
    reader.execute("SELECT id, text FROM articles WHERE id NOT IN (SELECT article_id FROM article_minhash) ORDER BY id")
    signed = 0
    while rows := reader.fetchmany(SIGN_BATCH):
        ids: list[str] = []
        blobs: list[bytes] = []
        bands: list[int] = []
        keys: list[np.ndarray] = []
        owners: list[str] = []
        for article_id, text in rows:
            sig = signature(text or "")
            ids.append(article_id)
            blobs.append(sig.tobytes())
            bands.extend(range(BANDS))
            keys.append(band_keys(sig))
            owners.extend([article_id] * BANDS)
        con.execute("BEGIN TRANSACTION")
        con.register("incoming_sig", pa.table({"article_id": ids, "signature": pa.array(blobs, pa.binary())}))
        con.execute("INSERT INTO article_minhash SELECT article_id, signature FROM incoming_sig")
        con.register("incoming_band", pa.table({
            "band": pa.array(bands, pa.int16()), "key": pa.array(np.concatenate(keys), pa.uint64()), "article_id": owners,
        }))  # fmt: skip
        con.execute("INSERT INTO article_bands SELECT band, key, article_id FROM incoming_band")
        con.execute("COMMIT")
        con.unregister("incoming_sig")
        con.unregister("incoming_band")
        signed += len(ids)
    reader.close()
    return signed


_CANDIDATES = f"""
WITH b AS (
    SELECT band, key, article_id, count(*) OVER w AS n, min(article_id) OVER w AS first
    FROM article_bands WINDOW w AS (PARTITION BY band, key)
)
SELECT x.article_id, y.article_id FROM b x JOIN b y
    ON x.band = y.band AND x.key = y.key AND x.article_id < y.article_id
    WHERE x.n > 1 AND x.n <= {MAX_BUCKET}
UNION
SELECT first, article_id FROM b WHERE n > {MAX_BUCKET} AND article_id <> first
"""


def _find(parent: dict[str, str], x: str) -> str:
    root = x
    while parent.get(root, root) != root:
        root = parent[root]
    while parent.get(x, x) != root:  # path compression keeps later finds O(1)
        parent[x], x = root, parent[x]
    return root


def cluster_articles(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Sign new articles, then rebuild ``article_clusters``; returns counts of what was found."""
    import pyarrow as pa

    signed = sign_new(con)
    pairs = con.execute(_CANDIDATES).fetchall()
    involved = sorted({a for pair in pairs for a in pair})
    sigs: dict[str, np.ndarray] = {}
    if involved:
        for article_id, blob in con.execute(
            "SELECT article_id, signature FROM article_minhash WHERE article_id IN (SELECT unnest(?))", [involved]
        ).fetchall():
            sigs[article_id] = np.frombuffer(blob, dtype=np.uint32)
    parent: dict[str, str] = {}
    best: dict[str, float] = {}
    verified = 0
    for a, b in pairs:
        sim = jaccard(sigs[a], sigs[b])
        if sim < MIN_JACCARD:
            continue
        verified += 1
        best[a], best[b] = max(best.get(a, 0.0), sim), max(best.get(b, 0.0), sim)
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = {}
    for article_id in best:
        members.setdefault(_find(parent, article_id), []).append(article_id)
    dates = dict(con.execute("SELECT id, date FROM articles WHERE id IN (SELECT unnest(?))", [sorted(best)]).fetchall()) if best else {}
    cluster_of: dict[str, str] = {}
    for group in members.values():
        # The earliest article names the cluster: it is the original that others copied.
        first = min(group, key=lambda i: (dates.get(i) is None, dates.get(i) or 0, i))
        cluster_of.update(dict.fromkeys(group, first))
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM article_clusters")
    con.register("incoming_clusters", pa.table({
        "article_id": list(cluster_of), "cluster_id": list(cluster_of.values()),
        "similarity": pa.array([best[i] for i in cluster_of], pa.float64()),
    }))  # fmt: skip
    # Every article gets a row (singletons name their own cluster), so joins need no COALESCE.
    con.execute(
        "INSERT INTO article_clusters SELECT a.id, coalesce(c.cluster_id, a.id), c.similarity "
        "FROM articles a LEFT JOIN incoming_clusters c ON c.article_id = a.id"
    )
    con.execute("COMMIT")
    con.unregister("incoming_clusters")
    return {"signed": signed, "candidates": len(pairs), "linked_pairs": verified, "clusters": len(members), "clustered_articles": len(cluster_of)}
