-- A contract that has the contractor advance funds, or construction begun before the funds were secured.
WITH advanced AS (
    SELECT project_code, string_agg(contract_code, ',' ORDER BY contract_code) AS contracts
    FROM project_contracts
    WHERE advance_funding = 1
    GROUP BY project_code
)
SELECT
    p.project_code AS subject_key,
    p.department_code,
    p.name,
    p.started_on,
    p.funds_on,
    a.contracts AS advance_funding_contracts
FROM projects p
LEFT JOIN advanced a ON a.project_code = p.project_code
WHERE a.contracts IS NOT NULL
    OR (p.started_on IS NOT NULL AND (p.funds_on IS NULL OR p.funds_on > p.started_on))
