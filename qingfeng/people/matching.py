"""The matcher: which role holders of the business registry are our officials or their declared relatives.

Exact first. Two records carrying the same validated ID-card number (compared as keyed hashes) are the
same person, whatever their names say; two records with different numbers are never the same person. A
company is found by its validated credit code.

Then, for records without a number on one side, a scored fallback in the Fellegi–Sunter manner: a
candidate pair shares the normalised name or its pinyin (``names.py``; blocking keeps the pairs few), and
its weight adds log2 Bayes factors for the name (identical / pinyin only, less log2 of how many targets
share it), the birth date, the household-registration region and the last four characters of a masked
ID number. The probability 2^w / (1 + 2^w) decides: at or above the auto threshold the link is made; in
the band down to the review threshold it waits for a person (``PersonLink`` pending); below it nothing.
A source with two targets above the auto threshold is ambiguous and goes to review. Reviewers' decisions
(``MatchDecision``) are keyed by ``fingerprint`` and the target, so a later run remembers them.

The work is columnar: keys are computed once per distinct name, and the blocking join and the scoring
run in an in-memory DuckDB, so a million role holders link against fifty thousand officials and relatives
in seconds (``qingfeng bench matching``).
"""

import hashlib
import math
from dataclasses import dataclass, field

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .names import name_key, pinyin_alt_key, pinyin_key

SOURCE_COLUMNS = ("source_key", "name", "id_hash", "id_tail", "birth_date", "region", "fingerprint")
TARGET_COLUMNS = ("target_key", "name", "id_hash", "id_tail", "birth_date", "region")
_EMPTY = {"source_key": pa.string(), "name": pa.string(), "id_hash": pa.string(), "id_tail": pa.string(),
          "birth_date": pa.date32(), "region": pa.string(), "fingerprint": pa.string(), "target_key": pa.string()}


@dataclass(frozen=True)
class MatchSettings:
    auto_threshold: float
    review_threshold: float
    weights: dict = field(default_factory=dict)

    @classmethod
    def current(cls) -> "MatchSettings":
        from .parameters import MATCH_AUTO_THRESHOLD, MATCH_REVIEW_THRESHOLD, MATCH_WEIGHTS

        return cls(float(MATCH_AUTO_THRESHOLD.value()), float(MATCH_REVIEW_THRESHOLD.value()), dict(MATCH_WEIGHTS.value()))

    def weight_for(self, probability: float) -> float:
        return math.log2(probability / (1 - probability))


def fingerprint(*parts) -> str:
    """What a reviewer looked at, as one hash: the same facts give the same fingerprint in a later run."""
    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(text.encode()).hexdigest()


def id_tail(masked: str | None) -> str | None:
    """The last four characters of a masked ID number ("5301**********123X" → "123X")."""
    if not masked or len(masked) < 4 or "*" in masked[-4:]:
        return None
    return masked[-4:].upper()


def _table(rows_or_table, columns: tuple[str, ...]) -> pa.Table:
    if isinstance(rows_or_table, pa.Table):
        table = rows_or_table
    else:
        rows = list(rows_or_table)
        table = pa.table({c: pa.array([r.get(c) for r in rows], _EMPTY[c]) for c in columns})
    for c in columns:
        if c not in table.column_names:
            table = table.append_column(c, pa.nulls(table.num_rows, _EMPTY[c]))
    return table.select(list(columns)).cast(pa.schema([(c, _EMPTY[c]) for c in columns]))


def with_keys(table: pa.Table) -> pa.Table:
    """Add name_key, pinyin_key and pinyin_alt, computed once per distinct name."""
    names = table.column("name")
    distinct = pc.unique(names)
    values = distinct.to_pylist()
    index = pc.index_in(names, value_set=distinct)
    out = table
    for column, fn in (("name_key", name_key), ("pinyin_key", pinyin_key), ("pinyin_alt", pinyin_alt_key)):
        keys = pa.array([fn(v) if v else None for v in values], pa.string())
        out = out.append_column(column, pc.take(keys, index))
    return out


LINK_SQL = """
WITH tf_name AS (SELECT name_key, count(*) AS n FROM t WHERE name_key <> '' GROUP BY name_key),
tf_pinyin AS (SELECT pinyin_key, count(*) AS n FROM t WHERE pinyin_key <> '' GROUP BY pinyin_key),
exact AS (
    SELECT s.source_key, t.target_key FROM s JOIN t ON s.id_hash = t.id_hash
),
blocked AS (
    SELECT s.source_key, t.target_key FROM s JOIN t ON s.name_key = t.name_key
    WHERE s.name_key <> '' AND (s.id_hash IS NULL OR t.id_hash IS NULL)
    UNION
    SELECT s.source_key, t.target_key FROM s JOIN t ON s.pinyin_key = t.pinyin_key
    WHERE s.pinyin_key <> '' AND (s.id_hash IS NULL OR t.id_hash IS NULL)
    UNION
    SELECT s.source_key, t.target_key FROM s JOIN t ON s.pinyin_alt = t.pinyin_key
    WHERE s.pinyin_alt <> s.pinyin_key AND (s.id_hash IS NULL OR t.id_hash IS NULL)
),
candidates AS (
    SELECT b.source_key, b.target_key FROM blocked b
    WHERE b.source_key NOT IN (SELECT source_key FROM exact)
),
features AS (
    SELECT c.source_key, c.target_key,
        CASE WHEN s.name_key = t.name_key THEN 'exact' ELSE 'pinyin' END AS name_level,
        CASE WHEN s.name_key = t.name_key THEN tn.n ELSE coalesce(tp.n, 1) END AS tf,
        CASE WHEN s.birth_date IS NULL OR t.birth_date IS NULL THEN 'unknown'
             WHEN s.birth_date = t.birth_date THEN 'match' ELSE 'differ' END AS birth,
        CASE WHEN s.region IS NULL OR t.region IS NULL OR s.region = '' OR t.region = '' THEN 'unknown'
             WHEN s.region = t.region THEN 'match'
             WHEN left(s.region, 4) = left(t.region, 4) THEN 'city' ELSE 'differ' END AS region,
        CASE WHEN s.id_tail IS NULL OR t.id_tail IS NULL THEN 'unknown'
             WHEN s.id_tail = t.id_tail THEN 'match' ELSE 'differ' END AS tail
    FROM candidates c
    JOIN s ON s.source_key = c.source_key
    JOIN t ON t.target_key = c.target_key
    LEFT JOIN tf_name tn ON tn.name_key = t.name_key
    LEFT JOIN tf_pinyin tp ON tp.pinyin_key = t.pinyin_key
),
weighted AS (
    SELECT *, $prior
        + CASE name_level WHEN 'exact' THEN $name_exact ELSE $name_pinyin END - log2(greatest(tf, 1))
        + CASE birth WHEN 'match' THEN $birth_match WHEN 'differ' THEN $birth_differ ELSE 0 END
        + CASE region WHEN 'match' THEN $region_match WHEN 'city' THEN $region_city WHEN 'differ' THEN $region_differ ELSE 0 END
        + CASE tail WHEN 'match' THEN $tail_match WHEN 'differ' THEN $tail_differ ELSE 0 END AS weight
    FROM features
)
SELECT source_key, target_key, 1.0 AS probability, 'id' AS method, 'id' AS name_level, 1 AS tf,
       'id' AS birth, 'id' AS region, 'id' AS tail, 99.0 AS weight
FROM exact
UNION ALL
SELECT source_key, target_key, pow(2, weight) / (1 + pow(2, weight)) AS probability, 'score' AS method,
       name_level, tf, birth, region, tail, weight
FROM weighted
WHERE weight >= $review_weight
"""


def link(sources, targets, settings: MatchSettings | None = None, *, threads: int | None = None) -> pa.Table:
    """Candidate links of ``sources`` to ``targets`` (Arrow tables or lists of dicts with SOURCE_COLUMNS /
    TARGET_COLUMNS) at or above the review threshold, each with its probability, method, features and
    ``status``: auto (exact ID, or probability ≥ auto threshold and no rival above it) or pending."""
    settings = settings or MatchSettings.current()
    s = with_keys(_table(sources, SOURCE_COLUMNS))
    t = with_keys(_table(targets, TARGET_COLUMNS))
    con = duckdb.connect(":memory:", config={"enable_external_access": False, "autoinstall_known_extensions": False,
                                             "autoload_known_extensions": False, **({"threads": threads} if threads else {})})
    try:
        con.register("s", s)
        con.register("t", t)
        weights = {k: float(v) for k, v in settings.weights.items()}
        params = {**weights, "review_weight": settings.weight_for(settings.review_threshold)}
        result = con.sql(LINK_SQL, params=params).to_arrow_table()
    finally:
        con.close()
    return _with_status(result, settings)


def _with_status(result: pa.Table, settings: MatchSettings) -> pa.Table:
    probability = result.column("probability").to_numpy(zero_copy_only=False).astype(float)
    exact = pc.equal(result.column("method"), "id").to_numpy(zero_copy_only=False)
    above = (probability >= settings.auto_threshold) & ~exact
    # A source with two or more targets above the threshold is ambiguous: a person decides.
    sources = result.column("source_key").to_numpy(zero_copy_only=False)
    if above.any():
        keys, counts = np.unique(sources[above], return_counts=True)
        rivals = set(keys[counts > 1].tolist())
        ambiguous = np.array([s in rivals for s in sources]) & above
    else:
        ambiguous = np.zeros(len(sources), dtype=bool)
    status = np.where(exact | (above & ~ambiguous), "auto", "pending")
    return result.append_column("status", pa.array(status, pa.string()))
