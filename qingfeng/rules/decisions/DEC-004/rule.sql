-- A contract at or above its buyer's major-matter amount with no decision linked, or decided after it was signed.
WITH catalogue AS (
    SELECT
        department_code, threshold, effective_from,
        lead(effective_from) OVER (PARTITION BY department_code ORDER BY effective_from) AS effective_to
    FROM decision_catalogue
),
signed AS (
    SELECT c.ocid, c.contract_id, c.amount, c.signed_at, t.department_code, t.title
    FROM contracts AS c
    JOIN tenders AS t
        ON t.ocid = c.ocid
    WHERE c.signed_at IS NOT NULL
        AND c.amount IS NOT NULL
        AND coalesce(c.status, '') <> 'cancelled'
        AND coalesce(c.currency, 'CNY') = 'CNY'
)
SELECT
    s.ocid || '|' || s.contract_id AS subject_key,
    s.department_code,
    CASE WHEN l.reference IS NULL THEN 'no_decision' ELSE 'decided_after_signing' END AS reason,
    s.title,
    s.amount,
    k.threshold,
    s.signed_at,
    l.decision_no,
    d.decided_at
FROM signed AS s
JOIN catalogue AS k
    ON k.department_code = s.department_code
    AND CAST(s.signed_at AS DATE) >= k.effective_from
    AND (k.effective_to IS NULL OR CAST(s.signed_at AS DATE) < k.effective_to)
LEFT JOIN decision_links AS l
    ON l.kind = 'contract' AND (l.reference = s.contract_id OR l.reference = s.ocid || '/' || s.contract_id)
LEFT JOIN decisions AS d
    ON d.decision_no = l.decision_no
WHERE s.amount >= k.threshold
    AND (l.reference IS NULL OR d.decided_at > s.signed_at)
