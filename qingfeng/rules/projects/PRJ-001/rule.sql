-- Investment beyond estimate × (1 + reapproval_share), not covered by a re-approved estimate.
SELECT
    project_code AS subject_key,
    department_code,
    name,
    estimate,
    adjusted_estimate,
    investment,
    round(estimate * (1 + CAST($reapproval_share AS DECIMAL(9, 4))), 2) AS reapproval_line
FROM projects
WHERE estimate IS NOT NULL
    AND investment > round(estimate * (1 + CAST($reapproval_share AS DECIMAL(9, 4))), 2)
    AND (adjusted_estimate IS NULL OR investment > adjusted_estimate)
