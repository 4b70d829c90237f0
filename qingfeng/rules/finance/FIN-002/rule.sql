-- 超预算支付: per (department, year, budget line), payments exceed the line's approved + supplementary amount.
-- Evidence: the payments paid after the running total passed the budget, in payment order.
WITH budgeted AS (
    SELECT department_code, year, budget_line, sum(amount + coalesce(supplementary, 0)) AS budget_total
    FROM budgets
    GROUP BY department_code, year, budget_line
),
spent AS (
    SELECT payer_department_code AS department_code, year(paid_at) AS year, budget_line,
           sum(amount) AS paid_total, count(*) AS payment_count
    FROM payments
    WHERE coalesce(trim(budget_line), '') <> ''
    GROUP BY payer_department_code, year(paid_at), budget_line
),
over_budget AS (
    SELECT s.department_code, s.year, s.budget_line, s.paid_total, s.payment_count, b.budget_total
    FROM spent AS s
    JOIN budgeted AS b
        ON b.department_code = s.department_code AND b.year = s.year AND b.budget_line = s.budget_line
    WHERE s.paid_total > b.budget_total
),
running AS (
    SELECT o.department_code, o.year, o.budget_line, o.budget_total, p.payment_id, p.paid_at,
           sum(p.amount) OVER (
               PARTITION BY o.department_code, o.year, o.budget_line
               ORDER BY p.paid_at, p.payment_id
               ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
           ) AS running_total
    FROM over_budget AS o
    JOIN payments AS p
        ON p.payer_department_code = o.department_code AND year(p.paid_at) = o.year AND p.budget_line = o.budget_line
),
overflow AS (
    SELECT department_code, year, budget_line,
           string_agg(payment_id, ',' ORDER BY paid_at, payment_id) AS evidence_ids
    FROM running
    WHERE running_total > budget_total
    GROUP BY department_code, year, budget_line
)
SELECT
    o.department_code || '|' || CAST(o.year AS VARCHAR) || '|' || o.budget_line AS subject_key,
    o.department_code,
    f.evidence_ids,
    o.year,
    o.budget_line,
    o.budget_total,
    o.paid_total,
    o.paid_total - o.budget_total AS over_amount,
    o.payment_count
FROM over_budget AS o
JOIN overflow AS f
    ON f.department_code = o.department_code AND f.year = o.year AND f.budget_line = o.budget_line
