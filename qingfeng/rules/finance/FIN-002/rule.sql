-- 超预算支付: per (department, year, budget line), payments exceed the line's approved + supplementary amount.
-- Payments are summed per day first, so the running total runs over days, not over every payment.
-- Evidence: the payments of the day the running total first passed the budget.
WITH budgeted AS (
    SELECT department_code, year, budget_line, sum(amount + coalesce(supplementary, 0)) AS budget_total
    FROM budgets
    GROUP BY department_code, year, budget_line
),
daily AS (
    SELECT payer_department_code AS department_code, year(paid_at) AS year, budget_line,
           CAST(paid_at AS DATE) AS paid_on, sum(amount) AS day_total, count(*) AS day_count
    FROM payments
    WHERE coalesce(trim(budget_line), '') <> ''
    GROUP BY payer_department_code, year(paid_at), budget_line, CAST(paid_at AS DATE)
),
over_budget AS (
    SELECT d.department_code, d.year, d.budget_line, b.budget_total,
           sum(d.day_total) AS paid_total, sum(d.day_count) AS payment_count
    FROM daily AS d
    JOIN budgeted AS b
        ON b.department_code = d.department_code AND b.year = d.year AND b.budget_line = d.budget_line
    GROUP BY d.department_code, d.year, d.budget_line, b.budget_total
    HAVING sum(d.day_total) > b.budget_total
),
running AS (
    SELECT o.department_code, o.year, o.budget_line, o.budget_total, d.paid_on, d.day_count,
           sum(d.day_total) OVER (
               PARTITION BY o.department_code, o.year, o.budget_line
               ORDER BY d.paid_on
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
           ) AS running_total
    FROM over_budget AS o
    JOIN daily AS d
        ON d.department_code = o.department_code AND d.year = o.year AND d.budget_line = o.budget_line
),
crossing AS (
    SELECT department_code, year, budget_line, min(paid_on) AS exhausted_on, sum(day_count) AS payments_after_exhausted
    FROM running
    WHERE running_total > budget_total
    GROUP BY department_code, year, budget_line
),
crossing_day AS (
    SELECT c.department_code, c.year, c.budget_line,
           string_agg(p.payment_id, ',' ORDER BY p.paid_at, p.payment_id) AS evidence_ids
    FROM crossing AS c
    JOIN payments AS p
        ON p.payer_department_code = c.department_code
        AND p.budget_line = c.budget_line
        AND CAST(p.paid_at AS DATE) = c.exhausted_on
    GROUP BY c.department_code, c.year, c.budget_line
)
SELECT
    o.department_code || '|' || CAST(o.year AS VARCHAR) || '|' || o.budget_line AS subject_key,
    o.department_code,
    e.evidence_ids,
    o.year,
    o.budget_line,
    o.budget_total,
    o.paid_total,
    o.paid_total - o.budget_total AS over_amount,
    o.payment_count,
    c.exhausted_on,
    c.payments_after_exhausted
FROM over_budget AS o
JOIN crossing AS c
    ON c.department_code = o.department_code AND c.year = o.year AND c.budget_line = o.budget_line
JOIN crossing_day AS e
    ON e.department_code = o.department_code AND e.year = o.year AND e.budget_line = o.budget_line
