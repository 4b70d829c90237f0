-- R040 and HHI: how much of one buyer's awarded value in a year goes to one supplier, and how concentrated it is.
WITH won AS (
    SELECT t.department_code, year(a.award_date) AS award_year, coalesce(a.supplier_id, a.supplier_name) AS supplier,
           a.amount
    FROM awards a JOIN tenders t ON t.ocid = a.ocid
    WHERE a.status = 'active' AND a.amount IS NOT NULL AND a.amount > 0 AND a.award_date IS NOT NULL
      AND coalesce(a.currency, $currency) = $currency AND coalesce(t.status, '') <> 'cancelled'
      AND coalesce(a.supplier_id, a.supplier_name) IS NOT NULL
),
per_supplier AS (
    SELECT department_code, award_year, supplier, count(*) AS awards, sum(amount) AS amount
    FROM won GROUP BY department_code, award_year, supplier
),
shares AS (
    SELECT department_code, award_year, supplier, awards, amount,
           CAST(amount AS DOUBLE) / sum(CAST(amount AS DOUBLE)) OVER (PARTITION BY department_code, award_year) AS share
    FROM per_supplier
),
per_buyer AS (
    SELECT department_code, award_year, sum(awards) AS awards, count(*) AS suppliers, sum(amount) AS total,
           max(share) AS top_share, round(sum(share * share) * 10000, 0) AS hhi
    FROM shares GROUP BY department_code, award_year
),
top AS (
    SELECT department_code, award_year, supplier AS top_supplier
    FROM shares
    QUALIFY row_number() OVER (PARTITION BY department_code, award_year ORDER BY share DESC, supplier) = 1
)
SELECT b.department_code || '|' || CAST(b.award_year AS VARCHAR) AS subject_key, b.department_code, b.award_year,
       b.awards, b.suppliers, b.total, t.top_supplier, round(b.top_share, 4) AS top_share, b.hhi
FROM per_buyer b JOIN top t ON t.department_code = b.department_code AND t.award_year = b.award_year
WHERE b.awards >= $minimum_awards
  AND (b.top_share >= CAST($top_share AS DOUBLE) OR b.hhi >= $hhi_threshold)
ORDER BY b.department_code, b.award_year
