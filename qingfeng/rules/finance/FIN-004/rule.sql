-- 向个人账户大额转款: a transfer to a personal account at or above the threshold, outside payroll classes.
SELECT
    payment_id AS subject_key,
    payer_department_code AS department_code,
    payment_id AS evidence_ids,
    payee_account,
    amount,
    paid_at,
    economic_class
FROM payments
WHERE payee_type = 'personal'
    AND settlement_method = 'transfer'
    AND amount >= $personal_transfer_threshold
    AND NOT list_contains($payroll_class_prefixes, substr(coalesce(economic_class, ''), 1, 3))
