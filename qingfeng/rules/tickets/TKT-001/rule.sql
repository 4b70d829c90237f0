-- 工单超时签收: signed after the sign-for deadline, or still unsigned when the snapshot was taken.
SELECT
    ticket_no AS subject_key,
    department_code,
    dispatched_at,
    sign_due_at,
    signed_at
FROM tickets
WHERE department_code IS NOT NULL
    AND sign_due_at IS NOT NULL
    AND coalesce(signed_at, as_of) > sign_due_at
