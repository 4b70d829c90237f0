-- A request past its answer deadline without an answer, or answered after it (the clock already excludes
-- the correction wait and the third-party period and includes a timely extension).
SELECT
    request_no AS subject_key,
    department_code,
    received_at,
    due_at,
    answered_at,
    status
FROM disclosure_requests
WHERE due_at IS NOT NULL
    AND coalesce(answered_at, as_of) > due_at
