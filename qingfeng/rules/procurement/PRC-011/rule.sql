-- Cardinal R058: the same d as R024, flagged at or above Q3 + k·IQR.
WITH excluded AS (
    SELECT ocid FROM tenders WHERE status = 'cancelled'
    UNION
    SELECT ocid FROM awards WHERE status = 'pending'
    UNION
    SELECT ocid FROM bids WHERE tenderer_count > 1
),
proc AS (
    SELECT ocid, department_code, title FROM tenders WHERE ocid NOT IN (SELECT ocid FROM excluded)
),
winner AS (
    SELECT a.ocid, max(a.supplier_id) AS supplier_id
    FROM awards a JOIN proc p ON p.ocid = a.ocid
    WHERE a.status = 'active'
    GROUP BY a.ocid
    HAVING count(*) = 1 AND max(coalesce(a.supplier_count, 1)) = 1
),
valid AS (
    SELECT b.ocid, b.tenderer_id, CAST(b.amount AS DOUBLE) AS amount
    FROM bids b JOIN winner w ON w.ocid = b.ocid
    WHERE b.status = 'valid' AND b.amount IS NOT NULL AND coalesce(b.currency, $currency) = $currency
),
spread AS (
    SELECT v.ocid, w.supplier_id,
           min(v.amount) AS lowest,
           min(v.amount) FILTER (WHERE v.tenderer_id = w.supplier_id) AS winning,
           min(v.amount) FILTER (WHERE v.tenderer_id <> w.supplier_id) AS second
    FROM valid v JOIN winner w ON w.ocid = v.ocid
    GROUP BY v.ocid, w.supplier_id
),
d AS (
    SELECT ocid, supplier_id, winning, second, (second - winning) / winning AS d
    FROM spread
    WHERE winning = lowest AND second IS NOT NULL AND winning > 0
),
ranked AS (
    SELECT d, row_number() OVER (ORDER BY d) AS k, count(*) OVER () AS n FROM d
),
pos AS (
    SELECT max(n) AS n, (max(n) + 1.0 / 3) * 0.25 + 1.0 / 3 AS h1, (max(n) + 1.0 / 3) * 0.75 + 1.0 / 3 AS h3 FROM ranked
),
ends AS (
    SELECT max(p.h1) AS h1, max(p.h3) AS h3,
           max(r.d) FILTER (WHERE r.k = least(greatest(floor(p.h1), 1), p.n)) AS a1,
           max(r.d) FILTER (WHERE r.k = least(greatest(floor(p.h1) + 1, 1), p.n)) AS b1,
           max(r.d) FILTER (WHERE r.k = least(greatest(floor(p.h3), 1), p.n)) AS a3,
           max(r.d) FILTER (WHERE r.k = least(greatest(floor(p.h3) + 1, 1), p.n)) AS b3
    FROM ranked r JOIN pos p ON p.n = r.n
),
quartiles AS (
    SELECT a1 + (CASE WHEN h1 < 1 THEN 0 ELSE h1 - floor(h1) END) * (b1 - a1) AS q1,
           a3 + (CASE WHEN h3 < 1 THEN 0 ELSE h3 - floor(h3) END) * (b3 - a3) AS q3
    FROM ends
),
fence AS (
    SELECT q1, q3, q3 + $iqr_multiplier * (q3 - q1) AS upper_fence FROM quartiles
    WHERE NOT (q1 = 0 AND q3 = 0)
)
SELECT d.ocid AS subject_key, p.department_code, p.title, d.supplier_id AS winner, d.winning AS winning_bid,
       d.second AS second_lowest_bid, round(d.d, 6) AS difference_ratio, round(f.q1, 6) AS q1, round(f.q3, 6) AS q3,
       round(f.upper_fence, 6) AS upper_fence, d.ocid AS evidence_ids
FROM d
JOIN proc p ON p.ocid = d.ocid
JOIN fence f ON TRUE
WHERE d.d >= f.upper_fence
ORDER BY d.ocid
