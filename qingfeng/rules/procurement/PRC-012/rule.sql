-- 化整为零: one buyer, one fiscal year, one category, several non-open awards each under the open-tender
-- threshold that together reach it.
WITH excluded AS (
    SELECT ocid FROM tenders WHERE status = 'cancelled'
),
non_open AS (
    SELECT a.ocid, a.award_id, t.department_code, year(a.award_date) AS fiscal_year,
           coalesce(t.main_category, 'unknown') AS category, a.amount,
           CASE WHEN t.main_category = 'works' THEN $works_threshold ELSE $goods_services_threshold END AS threshold
    FROM awards a JOIN tenders t ON t.ocid = a.ocid
    WHERE a.status = 'active' AND a.amount IS NOT NULL AND a.award_date IS NOT NULL
      AND coalesce(a.currency, $currency) = $currency
      AND t.ocid NOT IN (SELECT ocid FROM excluded)
      AND NOT list_contains($open_methods, coalesce(t.procurement_method, ''))
      AND NOT list_contains($open_method_details, coalesce(t.procurement_method_details, ''))
),
small AS (
    SELECT * FROM non_open WHERE amount < threshold
)
SELECT department_code || '|' || CAST(fiscal_year AS VARCHAR) || '|' || category AS subject_key,
       department_code, fiscal_year, category, count(*) AS awards, sum(amount) AS total, max(threshold) AS threshold,
       string_agg(ocid, ',' ORDER BY ocid, award_id) AS evidence_ids
FROM small
GROUP BY department_code, fiscal_year, category
HAVING count(*) >= 2 AND sum(amount) >= max(threshold)
ORDER BY department_code, fiscal_year, category
