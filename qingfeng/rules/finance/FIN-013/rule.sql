-- 三公经费超预算: per (department, year, category), payments on the category's economic classes exceed
-- the budget on those classes (no budget at all counts as zero).
WITH categories AS (
    SELECT 'abroad' AS category, '30212' AS economic_class
    UNION ALL SELECT 'reception', '30217'
    UNION ALL SELECT 'vehicle', '30231'
    UNION ALL SELECT 'vehicle', '31013'
),
classed AS (
    SELECT
        p.payer_department_code AS department_code,
        year(p.paid_at) AS year,
        c.category,
        p.payment_id,
        p.amount,
        row_number() OVER (
            PARTITION BY p.payer_department_code, year(p.paid_at), c.category
            ORDER BY p.amount DESC, p.payment_id
        ) AS k
    FROM payments AS p
    JOIN categories AS c
        ON c.economic_class = p.economic_class
),
spent AS (
    SELECT department_code, year, category, sum(amount) AS paid_total, count(*) AS payment_count
    FROM classed
    GROUP BY department_code, year, category
),
-- Evidence: the 100 largest payments (a finding keeps 100 rows; payment_count says how many in all).
largest AS (
    SELECT department_code, year, category, string_agg(payment_id, ',' ORDER BY k) AS evidence_ids
    FROM classed
    WHERE k <= 100
    GROUP BY department_code, year, category
),
budgeted AS (
    SELECT b.department_code, b.year, c.category, sum(b.amount + coalesce(b.supplementary, 0)) AS budget_total
    FROM budgets AS b
    JOIN categories AS c
        ON c.economic_class = b.economic_class
    GROUP BY b.department_code, b.year, c.category
)
SELECT
    s.department_code || '|' || CAST(s.year AS VARCHAR) || '|' || s.category AS subject_key,
    s.department_code,
    e.evidence_ids,
    s.year,
    s.category,
    coalesce(b.budget_total, 0) AS budget_total,
    s.paid_total,
    s.paid_total - coalesce(b.budget_total, 0) AS over_amount,
    s.payment_count,
    s.payment_count AS evidence_ids_total
FROM spent AS s
JOIN largest AS e
    ON e.department_code = s.department_code AND e.year = s.year AND e.category = s.category
LEFT JOIN budgeted AS b
    ON b.department_code = s.department_code AND b.year = s.year AND b.category = s.category
WHERE s.paid_total > coalesce(b.budget_total, 0)
