-- 单笔提现超限: one cash withdrawal above the single limit.
SELECT
    payment_id AS subject_key,
    payer_department_code AS department_code,
    payment_id AS evidence_ids,
    amount,
    paid_at
FROM payments
WHERE settlement_method = 'cash'
    AND amount > $cash_single_limit
