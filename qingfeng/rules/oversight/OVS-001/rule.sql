-- 慢: past the due date without sign-off (or signed off late), or signed for after the sign-for deadline.
SELECT
    assignment_key AS subject_key,
    department_code,
    task_no,
    due_at,
    done_at,
    sign_due_at,
    signed_at
FROM oversight_assignments
WHERE status <> 'bounced'
    AND (coalesce(done_at, as_of) > due_at OR coalesce(signed_at, as_of) > sign_due_at)
