-- Cardinal R030: a valid bid dated after the tender period ended, by the supplier of an active award.
WITH excluded AS (
    SELECT ocid FROM tenders WHERE status = 'cancelled'
    UNION
    SELECT ocid FROM awards WHERE status = 'pending'
),
proc AS (
    SELECT ocid, department_code, title, tender_end FROM tenders
    WHERE ocid NOT IN (SELECT ocid FROM excluded) AND tender_end IS NOT NULL
),
late AS (
    SELECT b.ocid, b.tenderer_id, b.submitted_at, p.tender_end
    FROM bids b JOIN proc p ON p.ocid = b.ocid
    WHERE b.status = 'valid' AND b.submitted_at > p.tender_end
      AND EXISTS (SELECT 1 FROM awards a WHERE a.ocid = b.ocid AND a.status = 'active' AND a.supplier_id = b.tenderer_id)
)
SELECT l.ocid AS subject_key, p.department_code, p.title, min(l.tenderer_id) AS tenderer, max(l.submitted_at) AS submitted_at,
       max(l.tender_end) AS tender_end, l.ocid AS evidence_ids
FROM late l JOIN proc p ON p.ocid = l.ocid
GROUP BY l.ocid, p.department_code, p.title
ORDER BY l.ocid
