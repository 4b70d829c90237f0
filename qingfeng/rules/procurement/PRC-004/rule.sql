-- Cardinal R025: tenderers with many valid bids (≥ the 75th percentile) and a win ratio at or below Q1 − k·IQR.
WITH excluded AS (
    SELECT ocid FROM tenders WHERE status = 'cancelled'
    UNION
    SELECT ocid FROM awards WHERE status = 'pending'
),
proc AS (SELECT ocid, department_code FROM tenders WHERE ocid NOT IN (SELECT ocid FROM excluded)),
valid AS (
    SELECT DISTINCT b.ocid, b.tenderer_id FROM bids b JOIN proc p ON p.ocid = b.ocid WHERE b.status = 'valid'
),
won AS (
    SELECT DISTINCT a.ocid, a.supplier_id AS tenderer_id FROM awards a JOIN proc p ON p.ocid = a.ocid WHERE a.status = 'active'
),
per_tenderer AS (
    SELECT v.tenderer_id, count(*) AS valid_bids, count(w.ocid) AS wins,
           CAST(count(w.ocid) AS DOUBLE) / count(*) AS ratio
    FROM valid v LEFT JOIN won w ON w.ocid = v.ocid AND w.tenderer_id = v.tenderer_id
    GROUP BY v.tenderer_id
),
vals AS (
    SELECT 'bids' AS g, CAST(valid_bids AS DOUBLE) AS x FROM per_tenderer
    UNION ALL
    SELECT 'ratio' AS g, ratio AS x FROM per_tenderer
),
ranked AS (
    SELECT g, x, row_number() OVER (PARTITION BY g ORDER BY x) AS k, count(*) OVER (PARTITION BY g) AS n FROM vals
),
pos AS (
    SELECT g, max(n) AS n, (max(n) + 1.0 / 3) * 0.25 + 1.0 / 3 AS h1,
           (max(n) + 1.0 / 3) * ($percentile / 100.0) + 1.0 / 3 AS hp,
           (max(n) + 1.0 / 3) * 0.75 + 1.0 / 3 AS h3
    FROM ranked GROUP BY g
),
ends AS (
    SELECT p.g, max(p.h1) AS h1, max(p.hp) AS hp, max(p.h3) AS h3,
           max(r.x) FILTER (WHERE r.k = least(greatest(floor(p.h1), 1), p.n)) AS a1,
           max(r.x) FILTER (WHERE r.k = least(greatest(floor(p.h1) + 1, 1), p.n)) AS b1,
           max(r.x) FILTER (WHERE r.k = least(greatest(floor(p.hp), 1), p.n)) AS ap,
           max(r.x) FILTER (WHERE r.k = least(greatest(floor(p.hp) + 1, 1), p.n)) AS bp,
           max(r.x) FILTER (WHERE r.k = least(greatest(floor(p.h3), 1), p.n)) AS a3,
           max(r.x) FILTER (WHERE r.k = least(greatest(floor(p.h3) + 1, 1), p.n)) AS b3
    FROM ranked r JOIN pos p ON p.g = r.g
    GROUP BY p.g
),
quartiles AS (
    SELECT g,
           a1 + (CASE WHEN h1 < 1 THEN 0 ELSE h1 - floor(h1) END) * (b1 - a1) AS q1,
           ap + (CASE WHEN hp < 1 THEN 0 ELSE hp - floor(hp) END) * (bp - ap) AS qp,
           a3 + (CASE WHEN h3 < 1 THEN 0 ELSE h3 - floor(h3) END) * (b3 - a3) AS q3
    FROM ends
),
limits AS (
    SELECT max(qp) FILTER (WHERE g = 'bids') AS many_bids,
           max(q1 - $iqr_multiplier * (q3 - q1)) FILTER (WHERE g = 'ratio' AND NOT (q1 = 0 AND q3 = 0)) AS lower_fence
    FROM quartiles
),
flagged AS (
    SELECT t.tenderer_id, t.valid_bids, t.wins, t.ratio, l.many_bids, l.lower_fence
    FROM per_tenderer t JOIN limits l ON TRUE
    WHERE t.valid_bids >= l.many_bids AND t.ratio <= l.lower_fence
),
home AS (
    SELECT f.tenderer_id, p.department_code
    FROM flagged f JOIN bids b ON b.tenderer_id = f.tenderer_id JOIN proc p ON p.ocid = b.ocid
    GROUP BY f.tenderer_id, p.department_code
    QUALIFY row_number() OVER (PARTITION BY f.tenderer_id ORDER BY count(*) DESC, p.department_code) = 1
)
SELECT f.tenderer_id AS subject_key, h.department_code, f.valid_bids, f.wins, round(f.ratio, 6) AS win_ratio,
       round(f.many_bids, 6) AS bids_percentile, round(f.lower_fence, 6) AS lower_fence
FROM flagged f
JOIN home h ON h.tenderer_id = f.tenderer_id
ORDER BY f.tenderer_id
