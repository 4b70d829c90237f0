-- 工单超期未办结: replied after the deadline, or not replied when the snapshot was taken.
SELECT
    ticket_no AS subject_key,
    department_code,
    tier,
    dispatched_at,
    due_at,
    replied_at
FROM tickets
WHERE department_code IS NOT NULL
    AND due_at IS NOT NULL
    AND coalesce(replied_at, as_of) > due_at
