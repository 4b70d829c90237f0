-- A payment at or above its department's major-matter amount with no decision linked, or decided after it was paid.
WITH catalogue AS (
    SELECT
        department_code, threshold, effective_from,
        lead(effective_from) OVER (PARTITION BY department_code ORDER BY effective_from) AS effective_to
    FROM decision_catalogue
)
SELECT
    p.payment_id AS subject_key,
    p.payer_department_code AS department_code,
    p.payment_id AS evidence_ids,
    CASE WHEN l.reference IS NULL THEN 'no_decision' ELSE 'decided_after_payment' END AS reason,
    p.payee_name,
    p.amount,
    c.threshold,
    p.paid_at,
    l.decision_no,
    d.decided_at
FROM payments AS p
JOIN catalogue AS c
    ON c.department_code = p.payer_department_code
    AND CAST(p.paid_at AS DATE) >= c.effective_from
    AND (c.effective_to IS NULL OR CAST(p.paid_at AS DATE) < c.effective_to)
LEFT JOIN decision_links AS l
    ON l.kind = 'payment' AND l.reference = p.payment_id
LEFT JOIN decisions AS d
    ON d.decision_no = l.decision_no
WHERE p.amount >= c.threshold
    AND substr(p.economic_class, 1, 3) NOT IN ('301', '303')
    AND (l.reference IS NULL OR d.decided_at > p.paid_at)
