-- 年底突击花钱: December's share of a department's annual spending on one economic class is above the share.
WITH totals AS (
    SELECT
        payer_department_code AS department_code,
        year(paid_at) AS year,
        economic_class,
        sum(amount) AS annual_total,
        coalesce(sum(CASE WHEN month(paid_at) = 12 THEN amount END), 0) AS december_total,
        count(CASE WHEN month(paid_at) = 12 THEN 1 END) AS december_count
    FROM payments
    GROUP BY payer_department_code, year(paid_at), economic_class
),
surges AS (
    SELECT *
    FROM totals
    WHERE annual_total >= $min_annual_total
        AND december_total > CAST($december_share AS DECIMAL(9, 4)) * annual_total
),
-- Evidence: the 100 largest December payments (a finding keeps 100 rows; december_count says how many in all).
ranked AS (
    SELECT
        s.department_code, s.year, s.economic_class, p.payment_id,
        row_number() OVER (
            PARTITION BY s.department_code, s.year, s.economic_class
            ORDER BY p.amount DESC, p.payment_id
        ) AS k
    FROM surges AS s
    JOIN payments AS p
        ON p.payer_department_code = s.department_code
        AND year(p.paid_at) = s.year
        AND p.economic_class = s.economic_class
    WHERE month(p.paid_at) = 12
),
december AS (
    SELECT department_code, year, economic_class, string_agg(payment_id, ',' ORDER BY k) AS evidence_ids
    FROM ranked
    WHERE k <= 100
    GROUP BY department_code, year, economic_class
)
SELECT
    s.department_code || '|' || CAST(s.year AS VARCHAR) || '|' || s.economic_class AS subject_key,
    s.department_code,
    d.evidence_ids,
    s.year,
    s.economic_class,
    s.december_total,
    s.annual_total,
    round(s.december_total / s.annual_total, 4) AS share,
    s.december_count,
    s.december_count AS evidence_ids_total
FROM surges AS s
JOIN december AS d
    ON d.department_code = s.department_code AND d.year = s.year AND d.economic_class = s.economic_class
