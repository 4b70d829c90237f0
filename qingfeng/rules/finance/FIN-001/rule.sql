-- 无预算支付: a payment with no budget line, or whose line has no budget row for its department and year.
WITH budget_lines AS (
    SELECT DISTINCT department_code, year, budget_line
    FROM budgets
)
SELECT
    p.payment_id AS subject_key,
    p.payer_department_code AS department_code,
    p.payment_id AS evidence_ids,
    CASE WHEN coalesce(trim(p.budget_line), '') = '' THEN 'no_budget_line' ELSE 'line_not_in_budget' END AS reason,
    p.budget_line,
    year(p.paid_at) AS year,
    p.economic_class,
    p.amount,
    p.paid_at
FROM payments AS p
LEFT JOIN budget_lines AS b
    ON b.department_code = p.payer_department_code
    AND b.year = year(p.paid_at)
    AND b.budget_line = p.budget_line
WHERE coalesce(trim(p.budget_line), '') = '' OR b.budget_line IS NULL
