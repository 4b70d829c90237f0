-- 重复支付: same department, payee account and amount as an earlier payment, within window_days after it.
-- Keys that occur once are dropped by a hash aggregate first, so the window sorts only candidates.
WITH repeated_keys AS (
    SELECT payer_department_code, payee_account, amount
    FROM payments
    GROUP BY payer_department_code, payee_account, amount
    HAVING count(*) > 1
),
candidates AS (
    SELECT p.payment_id, p.payer_department_code, p.payee_account, p.amount, p.paid_at
    FROM payments AS p
    JOIN repeated_keys AS k
        ON k.payer_department_code = p.payer_department_code
        AND k.payee_account = p.payee_account
        AND k.amount = p.amount
),
ordered AS (
    SELECT
        *,
        lag(payment_id) OVER (PARTITION BY payer_department_code, payee_account, amount ORDER BY paid_at, payment_id) AS earlier_payment_id,
        lag(paid_at) OVER (PARTITION BY payer_department_code, payee_account, amount ORDER BY paid_at, payment_id) AS earlier_paid_at
    FROM candidates
)
SELECT
    payment_id AS subject_key,
    payer_department_code AS department_code,
    earlier_payment_id || ',' || payment_id AS evidence_ids,
    earlier_payment_id,
    date_diff('day', CAST(earlier_paid_at AS DATE), CAST(paid_at AS DATE)) AS days_apart,
    payee_account,
    amount,
    paid_at
FROM ordered
WHERE earlier_payment_id IS NOT NULL
    AND date_diff('day', CAST(earlier_paid_at AS DATE), CAST(paid_at AS DATE)) <= $window_days
