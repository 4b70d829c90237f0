-- 年度提现超限: a department's cash withdrawals in one year add up to more than the annual limit.
WITH yearly AS (
    SELECT
        payer_department_code AS department_code,
        year(paid_at) AS year,
        sum(amount) AS total_amount,
        count(*) AS payment_count,
        string_agg(payment_id, ',' ORDER BY amount DESC, payment_id) AS evidence_ids
    FROM payments
    WHERE settlement_method = 'cash'
    GROUP BY payer_department_code, year(paid_at)
)
SELECT
    department_code || '|' || CAST(year AS VARCHAR) AS subject_key,
    department_code,
    evidence_ids,
    year,
    total_amount,
    payment_count
FROM yearly
WHERE total_amount > $cash_annual_limit
