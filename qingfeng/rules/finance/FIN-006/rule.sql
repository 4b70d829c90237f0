-- 月累计提现超限: a department's cash withdrawals in one calendar month add up to more than the monthly limit.
WITH monthly AS (
    SELECT
        payer_department_code AS department_code,
        year(paid_at) AS year,
        month(paid_at) AS month,
        sum(amount) AS total_amount,
        count(*) AS payment_count,
        string_agg(payment_id, ',' ORDER BY paid_at, payment_id) AS evidence_ids
    FROM payments
    WHERE settlement_method = 'cash'
    GROUP BY payer_department_code, year(paid_at), month(paid_at)
)
SELECT
    department_code || '|' || CAST(year AS VARCHAR) || '-' || lpad(CAST(month AS VARCHAR), 2, '0') AS subject_key,
    department_code,
    evidence_ids,
    year,
    month,
    total_amount,
    payment_count
FROM monthly
WHERE total_amount > $cash_monthly_limit
