-- 拆分支付规避采购: payments to one payee account, each just under the procurement threshold, close together.
-- Only near-threshold payments enter the window, so the sort is over a small set.
WITH near AS (
    SELECT
        payment_id, payer_department_code, payee_account, amount, paid_at,
        year(paid_at) AS year,
        CAST(paid_at AS DATE) AS paid_on
    FROM payments
    WHERE amount >= CAST($near_ratio AS DECIMAL(9, 4)) * $procurement_threshold
        AND amount < $procurement_threshold
),
neighbours AS (
    SELECT
        *,
        lag(paid_on) OVER (PARTITION BY payer_department_code, payee_account, year ORDER BY paid_at, payment_id) AS prev_on,
        lead(paid_on) OVER (PARTITION BY payer_department_code, payee_account, year ORDER BY paid_at, payment_id) AS next_on
    FROM near
),
clustered AS (
    SELECT *
    FROM neighbours
    WHERE date_diff('day', prev_on, paid_on) <= $window_days
        OR date_diff('day', paid_on, next_on) <= $window_days
)
SELECT
    payer_department_code || '|' || payee_account || '|' || CAST(year AS VARCHAR) AS subject_key,
    payer_department_code AS department_code,
    string_agg(payment_id, ',' ORDER BY paid_at, payment_id) AS evidence_ids,
    payee_account,
    year,
    count(*) AS payment_count,
    sum(amount) AS total_amount,
    min(paid_on) AS first_paid_on,
    max(paid_on) AS last_paid_on
FROM clustered
GROUP BY payer_department_code, payee_account, year
