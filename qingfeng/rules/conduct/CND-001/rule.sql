-- A finding still not rectified after its deadline (or rectified late).
SELECT
    finding_no AS subject_key,
    department_code,
    category,
    found_at,
    rectify_due_at,
    rectified_at
FROM conduct_findings
WHERE coalesce(rectified_at, as_of) > rectify_due_at
