-- Cardinal R038: share of submitted bids disqualified, per buyer, procuring entity and tenderer, at or above Q3 + k·IQR.
WITH excluded AS (
    SELECT ocid FROM tenders WHERE status = 'cancelled'
    UNION
    SELECT ocid FROM awards WHERE status = 'pending'
),
proc AS (
    SELECT ocid, department_code, coalesce(buyer_id, department_code) AS buyer_id, procuring_entity_id
    FROM tenders WHERE ocid NOT IN (SELECT ocid FROM excluded)
),
submitted AS (
    SELECT b.ocid, b.tenderer_id, b.status, p.department_code, p.buyer_id, p.procuring_entity_id
    FROM bids b JOIN proc p ON p.ocid = b.ocid
    WHERE b.status IN ('pending', 'valid', 'disqualified')
),
ratios AS (
    SELECT 'buyer' AS g, buyer_id AS unit_id, count(*) AS submitted_bids,
           count(*) FILTER (WHERE status = 'disqualified') AS disqualified_bids,
           CAST(count(*) FILTER (WHERE status = 'disqualified') AS DOUBLE) / count(*) AS x
    FROM submitted GROUP BY buyer_id
    HAVING count(DISTINCT ocid) >= $minimum_contracting_processes
    UNION ALL
    SELECT 'procuring_entity' AS g, procuring_entity_id AS unit_id, count(*) AS submitted_bids,
           count(*) FILTER (WHERE status = 'disqualified') AS disqualified_bids,
           CAST(count(*) FILTER (WHERE status = 'disqualified') AS DOUBLE) / count(*) AS x
    FROM submitted WHERE procuring_entity_id IS NOT NULL GROUP BY procuring_entity_id
    HAVING count(DISTINCT ocid) >= $minimum_contracting_processes
    UNION ALL
    SELECT 'tenderer' AS g, tenderer_id AS unit_id, count(*) AS submitted_bids,
           count(*) FILTER (WHERE status = 'disqualified') AS disqualified_bids,
           CAST(count(*) FILTER (WHERE status = 'disqualified') AS DOUBLE) / count(*) AS x
    FROM submitted GROUP BY tenderer_id
    HAVING count(*) >= $minimum_submitted_bids
),
ranked AS (
    SELECT g, x, row_number() OVER (PARTITION BY g ORDER BY x) AS k, count(*) OVER (PARTITION BY g) AS n FROM ratios
),
pos AS (
    SELECT g, max(n) AS n, (max(n) + 1.0 / 3) * 0.25 + 1.0 / 3 AS h1, (max(n) + 1.0 / 3) * 0.75 + 1.0 / 3 AS h3
    FROM ranked GROUP BY g
),
ends AS (
    SELECT p.g, max(p.h1) AS h1, max(p.h3) AS h3,
           max(r.x) FILTER (WHERE r.k = least(greatest(floor(p.h1), 1), p.n)) AS a1,
           max(r.x) FILTER (WHERE r.k = least(greatest(floor(p.h1) + 1, 1), p.n)) AS b1,
           max(r.x) FILTER (WHERE r.k = least(greatest(floor(p.h3), 1), p.n)) AS a3,
           max(r.x) FILTER (WHERE r.k = least(greatest(floor(p.h3) + 1, 1), p.n)) AS b3
    FROM ranked r JOIN pos p ON p.g = r.g
    GROUP BY p.g
),
quartiles AS (
    SELECT g, a1 + (CASE WHEN h1 < 1 THEN 0 ELSE h1 - floor(h1) END) * (b1 - a1) AS q1,
           a3 + (CASE WHEN h3 < 1 THEN 0 ELSE h3 - floor(h3) END) * (b3 - a3) AS q3
    FROM ends
),
fence AS (
    SELECT g, q1, q3, q3 + $iqr_multiplier * (q3 - q1) AS upper_fence FROM quartiles WHERE NOT (q1 = 0 AND q3 = 0)
),
flagged AS (
    SELECT r.g, r.unit_id, r.submitted_bids, r.disqualified_bids, r.x, f.upper_fence
    FROM ratios r JOIN fence f ON f.g = r.g
    WHERE r.x >= f.upper_fence
),
home AS (
    SELECT f.g, f.unit_id, s.department_code
    FROM flagged f
    JOIN submitted s ON (f.g = 'buyer' AND s.buyer_id = f.unit_id)
        OR (f.g = 'procuring_entity' AND s.procuring_entity_id = f.unit_id)
        OR (f.g = 'tenderer' AND s.tenderer_id = f.unit_id)
    GROUP BY f.g, f.unit_id, s.department_code
    QUALIFY row_number() OVER (PARTITION BY f.g, f.unit_id ORDER BY count(*) DESC, s.department_code) = 1
)
SELECT r.g || '|' || r.unit_id AS subject_key, h.department_code, r.g AS unit_kind, r.unit_id, r.submitted_bids,
       r.disqualified_bids, round(r.x, 6) AS disqualified_share, round(r.upper_fence, 6) AS upper_fence
FROM flagged r
JOIN home h ON h.g = r.g AND h.unit_id = r.unit_id
ORDER BY r.g, r.unit_id
