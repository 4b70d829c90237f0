-- 本单位账户间划转: the payee account is another account of the paying department itself.
SELECT
    p.payment_id AS subject_key,
    p.payer_department_code AS department_code,
    p.payment_id AS evidence_ids,
    p.payer_account,
    p.payee_account,
    a.kind AS payee_account_kind,
    a.account_name AS payee_account_name,
    p.amount,
    p.paid_at
FROM payments AS p
JOIN accounts AS a
    ON a.account_no = p.payee_account
    AND a.department_code = p.payer_department_code
WHERE coalesce(p.payer_account, '') <> p.payee_account
