-- Cardinal R035: one tenderer with valid bids wins every active award and the others were disqualified.
WITH excluded AS (
    SELECT ocid FROM tenders WHERE status = 'cancelled'
    UNION
    SELECT ocid FROM awards WHERE status = 'pending'
),
proc AS (SELECT ocid, department_code, title FROM tenders WHERE ocid NOT IN (SELECT ocid FROM excluded)),
with_disqualified AS (
    SELECT DISTINCT ocid FROM bids WHERE status = 'disqualified'
),
per_process AS (
    -- one valid tenderer ⇔ the smallest and largest valid tenderer ids are the same
    SELECT b.ocid,
           min(b.tenderer_id) FILTER (WHERE b.status = 'valid') AS first_valid,
           max(b.tenderer_id) FILTER (WHERE b.status = 'valid') AS valid_tenderer
    FROM bids b JOIN with_disqualified d ON d.ocid = b.ocid JOIN proc p ON p.ocid = b.ocid
    GROUP BY b.ocid
),
winners AS (
    SELECT a.ocid, count(*) AS active_awards,
           CASE WHEN min(a.supplier_id) = max(a.supplier_id) THEN 1 ELSE 2 END AS suppliers, max(a.supplier_id) AS supplier_id
    FROM awards a JOIN per_process x ON x.ocid = a.ocid
    WHERE a.status = 'active'
    GROUP BY a.ocid
),
disqualified AS (
    SELECT b.ocid, count(DISTINCT b.tenderer_id) AS tenderers
    FROM bids b JOIN winners w ON w.ocid = b.ocid
    WHERE b.status = 'disqualified' AND b.tenderer_id <> w.supplier_id
    GROUP BY b.ocid
)
SELECT p.ocid AS subject_key, p.department_code, p.title, w.supplier_id AS winner, d.tenderers AS disqualified_tenderers,
       p.ocid AS evidence_ids
FROM per_process x
JOIN winners w ON w.ocid = x.ocid
JOIN disqualified d ON d.ocid = x.ocid
JOIN proc p ON p.ocid = x.ocid
WHERE x.first_valid = x.valid_tenderer AND w.suppliers = 1 AND w.supplier_id = x.valid_tenderer AND d.tenderers >= $threshold
ORDER BY p.ocid
