-- Cardinal R048: distinct first-level item classifications a supplier wins, among suppliers of ≥ N processes.
WITH excluded AS (
    SELECT ocid FROM tenders WHERE status = 'cancelled'
    UNION
    SELECT ocid FROM awards WHERE status = 'pending'
),
proc AS (SELECT ocid, department_code FROM tenders WHERE ocid NOT IN (SELECT ocid FROM excluded)),
won AS (
    SELECT a.ocid, a.award_id, a.supplier_id, p.department_code
    FROM awards a JOIN proc p ON p.ocid = a.ocid
    WHERE a.status = 'active' AND a.supplier_id IS NOT NULL
),
per_supplier AS (
    SELECT w.supplier_id, count(DISTINCT w.ocid) AS processes,
           count(DISTINCT left(i.classification_id, $digits)) AS x
    FROM won w
    LEFT JOIN award_items i ON i.ocid = w.ocid AND i.award_id = w.award_id AND i.classification_id IS NOT NULL
    GROUP BY w.supplier_id
    HAVING count(DISTINCT w.ocid) >= $minimum_contracting_processes
),
ranked AS (
    SELECT x, row_number() OVER (ORDER BY x) AS k, count(*) OVER () AS n FROM per_supplier
),
pos AS (
    SELECT max(n) AS n, (max(n) + 1.0 / 3) * 0.25 + 1.0 / 3 AS h1, (max(n) + 1.0 / 3) * 0.75 + 1.0 / 3 AS h3 FROM ranked
),
ends AS (
    SELECT max(p.h1) AS h1, max(p.h3) AS h3,
           max(r.x) FILTER (WHERE r.k = least(greatest(floor(p.h1), 1), p.n)) AS a1,
           max(r.x) FILTER (WHERE r.k = least(greatest(floor(p.h1) + 1, 1), p.n)) AS b1,
           max(r.x) FILTER (WHERE r.k = least(greatest(floor(p.h3), 1), p.n)) AS a3,
           max(r.x) FILTER (WHERE r.k = least(greatest(floor(p.h3) + 1, 1), p.n)) AS b3
    FROM ranked r JOIN pos p ON p.n = r.n
),
quartiles AS (
    SELECT a1 + (CASE WHEN h1 < 1 THEN 0 ELSE h1 - floor(h1) END) * (b1 - a1) AS q1,
           a3 + (CASE WHEN h3 < 1 THEN 0 ELSE h3 - floor(h3) END) * (b3 - a3) AS q3
    FROM ends
),
fence AS (
    SELECT q1, q3, q3 + $iqr_multiplier * (q3 - q1) AS upper_fence FROM quartiles WHERE NOT (q1 = 0 AND q3 = 0)
),
flagged AS (
    SELECT s.supplier_id, s.processes, s.x, f.upper_fence FROM per_supplier s JOIN fence f ON TRUE WHERE s.x >= f.upper_fence
),
home AS (
    SELECT w.supplier_id, w.department_code FROM won w JOIN flagged f ON f.supplier_id = w.supplier_id
    GROUP BY w.supplier_id, w.department_code
    QUALIFY row_number() OVER (PARTITION BY w.supplier_id ORDER BY count(*) DESC, w.department_code) = 1
)
SELECT f.supplier_id AS subject_key, h.department_code, f.processes, f.x AS classification_variety,
       round(f.upper_fence, 6) AS upper_fence
FROM flagged f
JOIN home h ON h.supplier_id = f.supplier_id
ORDER BY f.supplier_id
