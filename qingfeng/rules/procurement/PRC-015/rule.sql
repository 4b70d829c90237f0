-- R013: the share of a buyer's awarded value in a year that went through non-competitive methods.
WITH won AS (
    SELECT t.department_code, year(a.award_date) AS award_year, a.amount,
           list_contains($non_competitive_methods, coalesce(t.procurement_method, ''))
               OR list_contains($non_competitive_method_details, coalesce(t.procurement_method_details, '')) AS non_competitive
    FROM awards a JOIN tenders t ON t.ocid = a.ocid
    WHERE a.status = 'active' AND a.amount IS NOT NULL AND a.award_date IS NOT NULL
      AND coalesce(a.currency, $currency) = $currency AND coalesce(t.status, '') <> 'cancelled'
      AND (t.procurement_method IS NOT NULL OR t.procurement_method_details IS NOT NULL)
),
per_buyer AS (
    SELECT department_code, award_year, count(*) AS awards, sum(amount) AS total,
           coalesce(sum(amount) FILTER (WHERE non_competitive), 0) AS non_competitive_total
    FROM won GROUP BY department_code, award_year
)
SELECT department_code || '|' || CAST(award_year AS VARCHAR) AS subject_key, department_code, award_year, awards, total,
       non_competitive_total, round(CAST(non_competitive_total AS DOUBLE) / CAST(total AS DOUBLE), 4) AS share
FROM per_buyer
WHERE total >= $minimum_total AND total > 0
  AND non_competitive_total >= total * CAST($maximum_share AS DECIMAL(9, 4))
ORDER BY department_code, award_year
