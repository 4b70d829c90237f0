-- 差评未按时回访或整改: a bad rating's follow-up or rectification is late, or missing past its deadline.
SELECT
    ticket_no AS subject_key,
    department_code,
    satisfaction,
    bad_follow_up_due_at,
    bad_followed_up_at,
    bad_rectify_due_at,
    bad_rectified_at
FROM tickets
WHERE department_code IS NOT NULL
    AND bad_follow_up_due_at IS NOT NULL
    AND (coalesce(bad_followed_up_at, as_of) > bad_follow_up_due_at
         OR coalesce(bad_rectified_at, as_of) > bad_rectify_due_at)
