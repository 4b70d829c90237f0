-- Cardinal R028: different tenderers submitted the same price in one process (predetermined prices excluded).
WITH excluded AS (
    SELECT ocid FROM tenders WHERE status = 'cancelled'
    UNION
    SELECT ocid FROM awards WHERE status = 'pending'
),
proc AS (
    SELECT ocid, department_code, title FROM tenders
    WHERE ocid NOT IN (SELECT ocid FROM excluded)
      AND NOT list_contains($no_price_comparison_method_details, coalesce(procurement_method_details, ''))
),
same AS (
    SELECT b.ocid, b.amount, coalesce(b.currency, '') AS currency, count(DISTINCT b.tenderer_id) AS tenderers,
           string_agg(DISTINCT b.tenderer_id, ',') AS tenderer_ids
    FROM bids b JOIN proc p ON p.ocid = b.ocid
    WHERE b.status IN ('pending', 'valid', 'disqualified') AND b.amount IS NOT NULL
    GROUP BY b.ocid, b.amount, coalesce(b.currency, '')
    HAVING count(DISTINCT b.tenderer_id) >= 2
)
SELECT s.ocid AS subject_key, p.department_code, p.title, min(s.amount) AS identical_amount, max(s.tenderers) AS tenderers,
       string_agg(s.tenderer_ids, ';' ORDER BY s.tenderer_ids) AS tenderer_ids, s.ocid AS evidence_ids
FROM same s JOIN proc p ON p.ocid = s.ocid
GROUP BY s.ocid, p.department_code, p.title
ORDER BY s.ocid
