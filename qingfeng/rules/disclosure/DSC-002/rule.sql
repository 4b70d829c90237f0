-- A correction asked for after the seven-working-day notice period.
SELECT
    request_no AS subject_key,
    department_code,
    received_at,
    correction_due_at,
    correction_asked_at
FROM disclosure_requests
WHERE correction_asked_at IS NOT NULL
    AND correction_asked_at > correction_due_at
