-- A talk whose follow-up date passed without a recorded follow-up, or whose follow-up came late.
SELECT
    talk_no AS subject_key,
    department_code,
    talk_no,
    kind,
    leader_staff_no,
    held_on,
    follow_up_due,
    followed_up_on
FROM accountability_talks
WHERE follow_up_due IS NOT NULL
    AND coalesce(followed_up_on, CAST(as_of AS DATE)) > follow_up_due
