-- A payment on a project's budget line to a payee that holds none of the project's contracts.
WITH holders AS (
    SELECT DISTINCT project_code, contractor FROM project_contracts
)
SELECT
    pay.payment_id AS subject_key,
    pr.department_code,
    pr.project_code,
    pay.payee_name,
    pay.amount,
    pay.paid_at,
    pay.payment_id AS evidence_ids
FROM payments pay
JOIN projects pr ON pr.budget_line = pay.budget_line
LEFT JOIN holders h ON h.project_code = pr.project_code AND h.contractor = pay.payee_name
WHERE h.project_code IS NULL
