-- R059: the signed contract is worth more than the award plus the share the law allows for added purchases.
SELECT c.ocid || '|' || c.contract_id AS subject_key, t.department_code, t.title, c.award_id, a.supplier_name,
       a.amount AS award_amount, c.amount AS contract_amount,
       round(CAST(c.amount - a.amount AS DOUBLE) / CAST(a.amount AS DOUBLE), 4) AS growth, c.ocid AS evidence_ids
FROM contracts c
JOIN awards a ON a.ocid = c.ocid AND a.award_id = c.award_id
JOIN tenders t ON t.ocid = c.ocid
WHERE a.status = 'active' AND coalesce(c.status, '') NOT IN ('cancelled')
  AND a.amount > 0 AND c.amount IS NOT NULL
  AND coalesce(a.currency, $currency) = $currency AND coalesce(c.currency, $currency) = $currency
  AND c.amount > a.amount * (1 + CAST($growth_limit AS DECIMAL(9, 4)))
ORDER BY c.ocid, c.contract_id
